"""Word copies of the printed reports, downloaded next to their PDFs: the same access (another board's plan is a
404, the print permission a 403), the same date or quarter, the same filename with .docx. `reporting.word`
builds the documents from the reports' own data."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from . import word
from .report_views import _filename, _plan_and_date, _plan_and_quarter


def _docx_response(content, filename):
    """A download a business manager opens in Word to add the board's cover report."""
    response = HttpResponse(content, content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-cache"
    return response


def plan_print_docx(request, pk):
    """The plan in its board's layout as at `?as_at=` (default: the plan page's), as a Word document. A date
    that cannot be read is a 400 naming what is wrong, as for the PDF."""
    plan, as_at, refused = _plan_and_date(request, pk)
    if refused:
        return refused
    return _docx_response(word.plan_docx(plan, as_at), _filename(plan, f"{as_at:%Y-%m-%d}", ext="docx"))


def quarterly_docx(request, pk):
    """The chair's quarterly report for `?quarter=2010-Q2` (default: the last complete quarter) as a Word
    document. A quarter outside the plan's period, or not a quarter, is a 400."""
    plan, quarter, refused = _plan_and_quarter(request, pk)
    if refused:
        return refused
    filename = _filename(plan, "quarterly-report", quarter.code, ext="docx")
    return _docx_response(word.quarterly_docx(plan, quarter), filename)
