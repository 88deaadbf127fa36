"""The quarterly sheets (the lead's "My actions", the manager's update sheet of a plan) and the chase list."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from boards.access import get_board_for_user
from lscb.http import post_only
from plans.access import get_plan_for_user

from .chasing import group_by_lead, impact_reviews_due, missing_updates, send_reminders
from .forms import AlreadySubmitted
from .quarterly import quarterly_formset, save_quarterly
from .quarters import quarter_of
from .sheet import SubgroupForm, in_force, render_rows, sheet_formset


def my_actions(request):
    """Every action the user leads, with a row each to record this quarter's update; one submit saves all."""
    today = timezone.localdate()
    formset = quarterly_formset(request.user, request.POST or None, today=today)
    if request.method == "POST" and formset.is_valid():
        try:
            saved = save_quarterly(formset, request.user)
        except AlreadySubmitted:
            messages.info(request, "This sheet was sent more than once: its updates are recorded once.")
            return redirect("actions:my_actions")
        if saved:
            messages.success(request, f"Recorded {len(saved)} progress update{'s' if len(saved) != 1 else ''}.")
        else:
            messages.info(request, "Nothing to record: every row was left empty.")
        return redirect("actions:my_actions")
    invalid_rows = sum(1 for form in formset.forms if form.errors) if formset.is_bound else 0
    return render(
        request,
        "actions/my_actions.html",
        {"formset": formset, "today": today, "invalid_rows": invalid_rows},
    )


def update_sheet(request, pk):
    """A plan's update sheet (managers): every outcome in force this quarter, one submit, all or nothing, as at
    today. `?subgroup=` narrows it to one subgroup's outcomes."""
    plan = get_plan_for_user(request.user, pk, write=True)
    today = timezone.localdate()
    subgroups = list(plan.board.subgroups.order_by("name"))
    chooser = SubgroupForm(request.GET or None, board=plan.board)
    subgroup = chooser.cleaned_data["subgroup"] if chooser.is_bound and chooser.is_valid() else None
    formset = sheet_formset(plan, today, request.POST or None, subgroup)
    if request.method == "POST" and formset.is_valid():
        try:
            saved = save_quarterly(formset, request.user)
        except AlreadySubmitted:
            messages.info(request, "This sheet was sent more than once: its updates are recorded once.")
            return redirect(request.get_full_path())
        if saved:
            messages.success(
                request,
                f"Recorded {len(saved)} progress update{'s' if len(saved) != 1 else ''} as at {today:%d %B %Y}.",
            )
        else:
            messages.info(request, "Nothing to record: no row was filled in or changed.")
        return redirect(request.get_full_path())
    rows = formset.sheet_rows
    invalid = [row for row in rows if row.messages] if formset.is_bound else []
    context = {
        "plan": plan,
        "board": plan.board,
        "today": today,
        "quarter": quarter_of(today),
        "in_force": in_force(plan, today),
        "chooser": chooser,
        "subgroups": subgroups,
        "subgroup": subgroup,
        "formset": formset,
        # what the page shows of the formset, named here: a template's `formset.x` is looked up as formset["x"]
        # first, which builds every row's form
        "rows": rows,
        "rows_html": render_rows(request, rows),
        "management_form": formset.management_form,
        "non_form_errors": formset.non_form_errors() if formset.is_bound else [],
        "invalid": invalid,
    }
    return render(request, "actions/update_sheet.html", context)


def chase_list(request, slug):
    """Actions with no update this quarter, grouped by lead, and achieved work due an impact review."""
    board = get_board_for_user(request.user, slug, write=True)
    today = timezone.localdate()
    missing = missing_updates([board], today)
    context = {
        "board": board,
        "today": today,
        "quarter_start": quarter_of(today).start,
        "groups": group_by_lead(missing),
        # the plans owing updates, for their update sheets (the plans came with the actions: no query)
        "sheets": list({action.objective.plan_id: action.objective.plan for action in missing}.values()),
        "impact_due": impact_reviews_due([board], today),
    }
    return render(request, "actions/chase_list.html", context)


def chase_send(request, slug):
    board = get_board_for_user(request.user, slug, write=True)
    if refused := post_only(request):
        return refused
    sent, unreachable = send_reminders([board], timezone.localdate(), base_url=request.build_absolute_uri("/")[:-1])
    messages.success(request, f"Sent {sent} reminder{'s' if sent != 1 else ''}.")
    for group in unreachable:
        messages.warning(request, f"{group.lead} has no account with an email address: remind them another way.")
    return redirect("actions:chase_list", board.slug)
