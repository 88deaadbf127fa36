"""A plan's quarter: the manager submits it, the chair signs it off (`reporting.signoff`). Each is a form page
reached from the quarterly report's page, which shows the quarter's state and the button the viewer's role may
use. Another board's plan is a 404, a role that may not take the step a 403, before anything else."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from boards.access import Permissions
from lscb.forms import render_form_page
from lscb.security import audit
from plans.access import get_plan_for_user

from . import signoff as signing
from .report_views import _signoff_of
from .reports import quarter_from_query


def _report_url(plan, quarter):
    return reverse("reporting:quarterly", args=[plan.pk]) + f"?quarter={quarter.code}"


def _plan_quarter(request, pk, step):
    """(plan, quarter, refusal): 404, then 403 for a role that may not take `step`; then the quarter of
    `?quarter=` (a bad one is refused with its message, back on the report page)."""
    plan = get_plan_for_user(request.user, pk)
    Permissions.of(plan.role).require(step)
    quarter, form = quarter_from_query(request.GET, plan)
    if form.is_bound and form.errors:
        messages.error(request, " ".join(form.errors["quarter"]))
        return plan, quarter, redirect(_report_url(plan, quarter))
    return plan, quarter, None


def quarter_submit(request, pk):
    """The manager submits an ended quarter for the chair's sign-off, with an optional commentary."""
    plan, quarter, refused = _plan_quarter(request, pk, "submit_quarter")
    if refused:
        return refused
    if reason := signing.refusal_to_submit(plan, quarter):
        messages.error(request, reason)
        return redirect(_report_url(plan, quarter))
    form = signing.SubmitQuarterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        signing.submit(plan, quarter, request.user, form.cleaned_data["commentary"])
        audit(request, "quarter submitted", board=plan.board.slug, plan=plan.pk, quarter=quarter.code)
        messages.success(request, f"Submitted {quarter.label} for the chair's sign-off.")
        return redirect(_report_url(plan, quarter))
    return render_form_page(
        request,
        form,
        title=f"Submit {quarter.label} for sign-off",
        cancel_url=_report_url(plan, quarter),
        intro=f"The chair will sign off the quarterly report of {quarter.label} for {plan.title}; once signed off "
        "it is frozen as the board saw it.",
        submit_label=f"Submit {quarter.label}",
        board=plan.board,
        plan=plan,
    )


def quarter_sign_off(request, pk):
    """The chair signs off a submitted quarter, agreed at a board meeting: the report is frozen from then on."""
    plan, quarter, refused = _plan_quarter(request, pk, "sign_off")
    if refused:
        return refused
    signoff = _signoff_of(plan, quarter)
    if reason := signing.refusal_to_sign_off(signoff, quarter):
        messages.error(request, reason)
        return redirect(_report_url(plan, quarter))
    form = signing.SignOffForm(request.POST if request.method == "POST" else None, quarter=quarter)
    if request.method == "POST" and form.is_valid():
        signoff = signing.sign_off(
            signoff, request.user, form.cleaned_data["meeting_date"], form.cleaned_data["commentary"]
        )
        audit(request, "quarter signed off", board=plan.board.slug, plan=plan.pk, quarter=quarter.code)
        messages.success(request, f"{quarter.label} {signoff.signed_off_label}: its report is now frozen.")
        return redirect(_report_url(plan, quarter))
    return render_form_page(
        request,
        form,
        title=f"Sign off {quarter.label}",
        cancel_url=_report_url(plan, quarter),
        intro=f"{signoff.submitted_label.capitalize()}."
        + (f" The manager's commentary: {signoff.submit_commentary}" if signoff.submit_commentary else "")
        + " Once signed off, the report is frozen as the board saw it.",
        submit_label=f"Sign off {quarter.label}",
        board=plan.board,
        plan=plan,
    )
