from django.urls import path, re_path

from . import editing_views, import_views, report_views, views
from .dashboard_views import board_dashboard_view, dashboard_view

app_name = "plans"
urlpatterns = [
    path("boards/<slug:slug>/", views.board_detail, name="board"),
    path("plans/<int:pk>/", views.plan_detail, name="detail"),
    path("boards/<slug:slug>/plans/new/", editing_views.plan_create, name="create"),
    path("plans/<int:pk>/edit/", editing_views.plan_edit, name="edit"),
    path("plans/<int:pk>/renumber/", editing_views.plan_renumber, name="renumber"),
    path("plans/<int:pk>/sections/new/", editing_views.section_create, name="section_create"),
    path("plans/<int:pk>/objectives/new/", editing_views.objective_create, name="objective_create"),
    path("objectives/<int:pk>/edit/", editing_views.objective_edit, name="objective_edit"),
    re_path(
        r"^objectives/(?P<pk>\d+)/move/(?P<direction>up|down)/$",
        editing_views.objective_move,
        name="objective_move",
    ),
    path("boards/<slug:slug>/dashboard/", board_dashboard_view, name="board_dashboard"),
    path("dashboard/", dashboard_view, name="dashboard"),
    # the printed reports: a print-friendly page and a PDF from the same HTML (plans/reports.py, plans/pdf.py)
    path("plans/<int:pk>/print/", report_views.plan_print, name="print"),
    path("plans/<int:pk>/print.pdf", report_views.plan_print_pdf, name="print_pdf"),
    path("plans/<int:pk>/quarterly/", report_views.quarterly, name="quarterly"),
    path("plans/<int:pk>/quarterly.pdf", report_views.quarterly_pdf, name="quarterly_pdf"),
    # a plan brought in from XLSX, CSV or DOCX: upload, progress, preview, confirm (plans/importing/)
    path("boards/<slug:slug>/import/", import_views.import_start, name="import"),
    path("boards/<slug:slug>/import/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("boards/<slug:slug>/import/<int:pk>/progress/", import_views.import_progress,
         name="import_progress"),
    path("boards/<slug:slug>/import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/template.xlsx", import_views.import_template, name="import_template"),
]
