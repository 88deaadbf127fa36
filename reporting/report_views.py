"""The printed reports of a plan: the plan as at a date and the chair's quarterly report, each as a
print-friendly page and as a PDF made from the same HTML. Every role on the board may print (`Permissions.print`);
another board's plan is a 404 (`get_plan_for_user` first, in every view). Thin: access, the date or quarter asked
for, then `reporting.reports` builds the HTML and `reporting.pdf` renders it."""

from types import SimpleNamespace

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from actions.as_at import as_at_from_request
from actions.signoff import QuarterSignoff, quarter_has_ended
from boards.access import Permissions
from lscb.security import audit
from plans.access import get_plan_for_user
from reporting import pdf

from .reports import plan_html, quarter_from_query, quarterly_html
from .signoff import page_content


def _pdf_response(content, filename):
    """A download: chairs file the report with their board papers (the print page is the in-browser view)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-cache"
    return response


def _html_response(html):
    response = HttpResponse(html)
    response["Cache-Control"] = "private, no-cache"
    return response


def _filename(plan, *parts, ext="pdf"):
    """'kingston-lscb-improvement-plan-2009-2010-2010-09-30.pdf' (or .docx, the Word copy): the plan's title,
    led by the board's slug."""
    title = slugify(plan.title)
    if not title.startswith(plan.board.slug):
        title = f"{plan.board.slug}-{title}"
    return "-".join([title, *parts]) + f".{ext}"


def _readable_plan(request, pk):
    """(plan, None), or (plan, 405) for anything but GET and HEAD: access is decided first (another board's
    plan is a 404 whatever the method, a role that may not print a 403), then the method."""
    plan = get_plan_for_user(request.user, pk)
    Permissions.of(plan.role).require("print")
    if request.method not in ("GET", "HEAD"):
        return plan, HttpResponseNotAllowed(["GET", "HEAD"])
    return plan, None


def _plan_and_date(request, pk):
    """(plan, as_at, None) for a download of the plan, or (plan, None, the response refusing it): access first
    (404, 403), then the method (405), then the date (a 400 naming what is wrong: a file has no place to say so)."""
    plan, refused = _readable_plan(request, pk)
    if refused:
        return plan, None, refused
    as_at, form = as_at_from_request(request, plan)
    if form.is_bound and form.errors:
        return plan, None, _bad_request(form.errors)
    return plan, as_at, None


def _plan_and_quarter(request, pk):
    """(plan, quarter, None) for a download of a quarterly report, or (plan, None, the response refusing it), as
    `_plan_and_date` decides; a quarter outside the plan's period, or not a quarter, is a 400."""
    plan, refused = _readable_plan(request, pk)
    if refused:
        return plan, None, refused
    quarter, form = quarter_from_query(request.GET, plan)
    if form.is_bound and form.errors:
        return plan, None, _bad_request(form.errors)
    return plan, quarter, None


def _bad_request(errors):
    message = " ".join(str(error) for field_errors in errors.values() for error in field_errors)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def plan_print(request, pk):
    """The plan in its board's layout, progress as at `?as_at=` (default: the plan page's default date)."""
    plan, refused = _readable_plan(request, pk)
    if refused:
        return refused
    as_at, as_at_form = as_at_from_request(request, plan)
    return _html_response(plan_html(plan, as_at, request=request, screen={"as_at_form": as_at_form}))


def plan_print_pdf(request, pk):
    """The same as a PDF. A date that cannot be read is a 400: the PDF has no place to say so."""
    plan, as_at, refused = _plan_and_date(request, pk)
    if refused:
        return refused
    content = pdf.render_plan_pdf(plan, as_at)
    audit(request, "download", what="plan PDF", board=plan.board.slug, plan=plan.pk, as_at=as_at, bytes=len(content))
    return _pdf_response(content, _filename(plan, f"{as_at:%Y-%m-%d}"))


def _signoff_of(plan, quarter):
    return (
        QuarterSignoff.objects.filter(plan=plan, quarter_end=quarter.end)
        .select_related("submitted_by", "signed_off_by")
        .first()
    )


def signoff_state(plan, quarter, signoff):
    """What the report page says of the quarter's sign-off, and the button the viewer's role may use."""
    can = Permissions.of(plan.role)
    ended = quarter_has_ended(quarter)
    return {
        "plan_pk": plan.pk,
        "quarter": quarter,
        "signoff": signoff,
        "provisional": not ended,
        "can_submit": can.submit_quarter and ended and signoff is None,
        "can_sign_off": can.sign_off and signoff is not None and not signoff.is_signed_off,
    }


def quarterly(request, pk):
    """The chair's quarterly report for `?quarter=2010-Q2` (default: the last complete quarter). A signed-off
    quarter shows the page as it was frozen at sign-off, never rebuilt from today's data."""
    plan, refused = _readable_plan(request, pk)
    if refused:
        return refused
    quarter, quarter_form = quarter_from_query(request.GET, plan)
    signoff = _signoff_of(plan, quarter)
    screen = {"quarter_form": quarter_form, "signoff_state": signoff_state(plan, quarter, signoff)}
    if signoff is not None and signoff.is_signed_off:
        context = {
            "plan": plan,
            "board": plan.board,
            "signoff": signoff,
            "report": SimpleNamespace(quarter=quarter),
            "screen": screen,
            # our own rendering, frozen at sign-off (reporting.signoff): its user text was escaped when it was made
            "frozen": mark_safe(page_content(signoff.html)),  # noqa: S308
        }
        return _html_response(render_to_string("reporting/report/quarterly_signed_off.html", context, request=request))
    html = quarterly_html(plan, quarter, request=request, screen=screen)
    return _html_response(html)


def quarterly_pdf(request, pk):
    """The same as a PDF. A quarter outside the plan's period, or not a quarter, is a 400."""
    plan, quarter, refused = _plan_and_quarter(request, pk)
    if refused:
        return refused
    filename = _filename(plan, "quarterly-report", quarter.code)
    signoff = QuarterSignoff.objects.signed_off().filter(plan=plan, quarter_end=quarter.end).only("pdf").first()
    # a signed-off quarter: the bytes stored at sign-off, the same from every worker, whatever changed since
    content = bytes(signoff.pdf) if signoff else pdf.render_quarterly_pdf(plan, quarter)
    audit(
        request,
        "download",
        what="quarterly PDF",
        board=plan.board.slug,
        plan=plan.pk,
        quarter=quarter.code,
        signed_off=bool(signoff),
        bytes=len(content),
    )
    return _pdf_response(content, filename)
