"""Word copies of the printed reports, downloaded next to their PDFs: the same access (another board's plan is a
404, the print permission a 403), the same date or quarter, the same filename with .docx. `reporting.word`
builds the documents from the reports' own data; a signed-off quarter's is the copy stored at sign-off."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from actions.signoff import QuarterSignoff
from lscb.security import audit

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
    document. A quarter outside the plan's period, or not a quarter, is a 400. A signed-off quarter is the copy
    stored at sign-off, byte for byte; one signed off before copies were stored is built, labelled as signed off."""
    plan, quarter, refused = _plan_and_quarter(request, pk)
    if refused:
        return refused
    filename = _filename(plan, "quarterly-report", quarter.code, ext="docx")
    signoff = (
        QuarterSignoff.objects.signed_off()
        .filter(plan=plan, quarter_end=quarter.end)
        .select_related("signed_off_by", "submitted_by")
        .defer("pdf", "html")
        .first()
    )
    if signoff is not None and signoff.docx is not None:
        content = bytes(signoff.docx)
    else:
        content = word.quarterly_docx(plan, quarter, signoff=signoff)
    audit(
        request,
        "download",
        what="quarterly Word copy",
        board=plan.board.slug,
        plan=plan.pk,
        quarter=quarter.code,
        signed_off=bool(signoff),
        bytes=len(content),
    )
    return _docx_response(content, filename)
