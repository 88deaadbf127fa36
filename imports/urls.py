"""A plan brought in from XLSX, CSV or DOCX: upload, progress, preview, confirm."""

from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("boards/<slug:slug>/import/", views.import_start, name="start"),
    path("boards/<slug:slug>/import/<int:pk>/", views.import_detail, name="detail"),
    path("boards/<slug:slug>/import/<int:pk>/progress/", views.import_progress, name="progress"),
    path("boards/<slug:slug>/import/<int:pk>/confirm/", views.import_confirm, name="confirm"),
    path("import/template.xlsx", views.import_template, name="template"),
]
