"""The pages that read the whole stack to show it: board and plan pages, dashboards, printed reports, the review
trace and the auditors' filter with its exports."""

from django.urls import path

from . import (
    audit_views,
    dashboard_views,
    report_views,
    review_views,
    signoff_views,
    views,
    word_views,
    year_views,
)

app_name = "reporting"
urlpatterns = [
    path("boards/<slug:slug>/", views.board_detail, name="board"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/history/", views.plan_history, name="plan_history"),
    path("boards/<slug:slug>/dashboard/", dashboard_views.board_dashboard_view, name="board_dashboard"),
    path("dashboard/", dashboard_views.dashboard_view, name="dashboard"),
    # the printed reports: a print-friendly page and a PDF from the same HTML (reports.py, pdf.py)
    path("plans/<int:pk>/print/", report_views.plan_print, name="print"),
    path("plans/<int:pk>/print.pdf", report_views.plan_print_pdf, name="print_pdf"),
    path("plans/<int:pk>/quarterly/", report_views.quarterly, name="quarterly"),
    path("plans/<int:pk>/quarterly.pdf", report_views.quarterly_pdf, name="quarterly_pdf"),
    # the quarter's sign-off: the manager submits ?quarter=, the chair signs it off (signoff.py freezes it)
    path("plans/<int:pk>/quarterly/submit/", signoff_views.quarter_submit, name="quarter_submit"),
    path("plans/<int:pk>/quarterly/sign-off/", signoff_views.quarter_sign_off, name="quarter_sign_off"),
    # and their Word copies, for the cover report a board's template needs (word.py, from the same data)
    path("plans/<int:pk>/print.docx", word_views.plan_print_docx, name="print_docx"),
    path("plans/<int:pk>/quarterly.docx", word_views.quarterly_docx, name="quarterly_docx"),
    # the year's story for the annual report: page, PDF and Word copy from the same read model (year.py)
    path("plans/<int:pk>/year/", year_views.year, name="year"),
    path("plans/<int:pk>/year.pdf", year_views.year_pdf, name="year_pdf"),
    path("plans/<int:pk>/year.docx", year_views.year_docx, name="year_docx"),
    path("reviews/", review_views.review_list, name="reviews"),
    path("reviews/<int:pk>/", review_views.review_detail, name="review"),
    # the review page's trace for an inspector's evidence file (review_exports.py), with the page's ?as_at=
    path("reviews/<int:pk>/trace.pdf", review_views.review_pdf, name="review_pdf"),
    path("reviews/<int:pk>/trace.csv", review_views.review_csv, name="review_csv"),
    path("actions/find/", audit_views.find, name="find"),
    path("actions/find/export.csv", audit_views.export_csv, name="find_export_csv"),
    path("actions/find/export.xlsx", audit_views.export_xlsx, name="find_export_xlsx"),
]
