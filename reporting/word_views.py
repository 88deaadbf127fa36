"""Word copies of the printed reports, downloaded next to their PDFs: the same access (another board's plan is a
404, the print permission a 403), the same date or quarter, the same filename with .docx. `reporting.word`
builds the documents from the reports' own data."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from actions.as_at import as_at_from_request

from . import word
from .report_views import _bad_request, _filename, _readable_plan
from .reports import quarter_from_query


def _docx_response(content, filename):
    """A download a business manager opens in Word to add the board's cover report."""
    response = HttpResponse(content, content_type=word.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-cache"
    return response


def plan_print_docx(request, pk):
    """The plan in its board's layout as at `?as_at=` (default: the plan page's), as a Word document. A date
    that cannot be read is a 400 naming what is wrong, as for the PDF."""
    plan, refused = _readable_plan(request, pk)
    if refused:
        return refused
    as_at, as_at_form = as_at_from_request(request, plan)
    if as_at_form.is_bound and as_at_form.errors:
        return _bad_request(as_at_form.errors)
    return _docx_response(word.plan_docx(plan, as_at), _filename(plan, f"{as_at:%Y-%m-%d}", ext="docx"))


def quarterly_docx(request, pk):
    """The chair's quarterly report for `?quarter=2010-Q2` (default: the last complete quarter) as a Word
    document. A quarter outside the plan's period, or not a quarter, is a 400."""
    plan, refused = _readable_plan(request, pk)
    if refused:
        return refused
    quarter, quarter_form = quarter_from_query(request.GET, plan)
    if quarter_form.is_bound and quarter_form.errors:
        return _bad_request(quarter_form.errors)
    filename = _filename(plan, "quarterly-report", quarter.code, ext="docx")
    return _docx_response(word.quarterly_docx(plan, quarter), filename)
