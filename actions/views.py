"""An action's page, its editing, and recording progress on it."""

import posixpath

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from boards.access import Permissions
from lscb.concurrency import save_or_report_conflict
from lscb.forms import render_form_page
from lscb.http import post_only
from lscb.security import audit
from plans.access import get_objective_for_user, get_plan_for_user
from plans.numbering import move, next_number, next_order

from .access import get_action_for_recording, get_action_for_user, get_update_for_correcting
from .as_at import default_as_at
from .forms import ActionForm, AlreadySubmitted, ImpactForm, ProgressUpdateForm, RolloverForm
from .models import LATEST_FIRST, Action, EvidenceFile, ProgressUpdate, Status
from .numbering import renumber_plan, renumbering
from .quarters import quarter_of
from .rag import rate
from .rollover import next_period, open_actions, roll_over
from .timeline import timeline_for

SENT_TWICE = "This form was sent twice: its progress is recorded once."


def _form_page(request, form, *, title, action=None, objective=None, intro="", submit_label="Save", draft=None):
    """`draft`: the form's name in the key of the draft the browser keeps of it (static/js/drafts.js)."""
    objective = objective or action.objective
    cancel_url = (
        reverse("actions:detail", args=[action.pk])
        if action and action.pk
        else reverse("reporting:plan", args=[objective.plan_id])
    )
    return render_form_page(
        request,
        form,
        title=title,
        cancel_url=cancel_url,
        intro=intro,
        submit_label=submit_label,
        draft_key=f"{request.user.pk}:{draft}:{action.pk}" if draft and action else "",
        board=objective.plan.board,
        plan=objective.plan,
        action=action,
    )


def action_detail(request, pk):
    """An action: what it is, who leads it, and one timeline of its progress updates and edits."""
    action = get_action_for_user(request.user, pk)
    board = action.objective.plan.board
    can = Permissions.of(action.role).on(action, request.user)
    updates = list(action.updates.select_related("author", "corrects").order_by(*LATEST_FIRST))
    corrected = {u.corrects_id for u in updates if u.corrects_id and not u.in_error}
    in_error = {u.corrects_id for u in updates if u.in_error}
    for u in updates:  # what the timeline says of each: corrected later, recorded in error
        u.was_corrected, u.was_in_error = u.pk in corrected, u.pk in in_error
    latest = next((u for u in updates if not u.in_error and u.pk not in in_error), None)
    as_at = default_as_at(action.objective.plan)
    context = {
        "as_at": as_at,
        "rating": rate(action, updates, as_at),
        "action": action,
        "objective": action.objective,
        "plan": action.objective.plan,
        "board": board,
        "sources": action.objective.sources.all(),
        "funding": action.funding.all(),
        "updates": updates,
        "timeline": timeline_for(action, updates),
        "can": can,
        "is_achieved": latest is not None and latest.status == Status.ACHIEVED,
    }
    return render(request, "actions/action_detail.html", context)


def action_create(request, pk):
    """A new outcome under an objective, numbered after its siblings in the plan's style (9.1, 9.2, 9.2, 9.3 -> 9.4)."""
    objective = get_objective_for_user(request.user, pk, write=True)
    siblings = Action.objects.filter(objective=objective)
    action = Action(
        objective=objective,
        order=next_order(siblings.values_list("order", flat=True)),
        joined_on=timezone.localdate(),  # part of the plan from today: reports as at earlier dates leave it out
    )
    initial = {"number": next_number(objective.number, siblings.values_list("number", flat=True))}
    form = ActionForm(request.POST or None, instance=action, board=objective.plan.board, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = form.save_versioned(request.user)
        messages.success(request, f"Added outcome {action.number}.")
        return redirect("actions:detail", action.pk)
    return _form_page(request, form, title=f"New outcome under objective {objective.number}", objective=objective)


def action_edit(request, pk):
    action = get_action_for_user(request.user, pk, write=True)
    form = ActionForm(request.POST or None, instance=action, board=action.objective.plan.board)
    if request.method == "POST" and form.is_valid() and save_or_report_conflict(form, request.user):
        messages.success(request, f"Saved outcome {action.number}.")
        return redirect("actions:detail", action.pk)
    return _form_page(request, form, title=f"Edit outcome {action.number}", action=action)


def action_move(request, pk, direction):
    action = get_action_for_user(request.user, pk, write=True)
    if refused := post_only(request):
        return refused
    if move(action, Action.objects.filter(objective=action.objective_id), -1 if direction == "up" else 1, request.user):
        messages.success(
            request,
            f"Moved outcome {action.number} {direction}. Its number is unchanged; "
            "renumber the plan when the order is right.",
        )
    return redirect(reverse("reporting:plan", args=[action.objective.plan_id]) + f"#objective-{action.objective_id}")


def next_outcome_to_update(action, user, today):
    """The next outcome after `action` in its plan's order with no update dated this quarter, among those the user
    may record on (a lead: the ones they lead), or None. One query."""
    quarter = quarter_of(today)
    candidates = Action.objects.filter(objective__plan=action.objective.plan_id)
    if not Permissions.of(action.role).record_any:
        candidates = candidates.filter(Q(pk=action.pk) | Q(lead_user=user))
    this_quarter = ProgressUpdate.objects.filter(
        action=OuterRef("pk"), as_at__gte=quarter.start, as_at__lte=quarter.end
    )
    order = list(candidates.in_document_order().annotate(updated=Exists(this_quarter)).values_list("pk", "updated"))
    after = [pk for pk, updated in order[[pk for pk, _ in order].index(action.pk) + 1 :] if not updated]
    return after[0] if after else None


def progress_create(request, pk):
    """Record a progress update: the board's manager or the action's lead user. The form shows the outcome and its
    last update; "Save and next outcome" goes on to the next outcome in the plan's order still owing this quarter's
    update (a quarter's run without going back to the plan page each time)."""
    action = get_action_for_recording(request.user, pk)
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            update = form.save(author=request.user)
        except AlreadySubmitted:
            messages.info(request, SENT_TWICE)
            return redirect("actions:detail", action.pk)
        late = " It is shown as recorded late: its quarter had ended." if update.recorded_late else ""
        if update.amended_after_signoff:
            quarter = quarter_of(update.as_at)
            late = (
                f" {quarter.label} was signed off, so it is recorded as a late amendment: the signed-off report "
                f"is unchanged and {quarter.next().label}'s report lists it as amended after sign-off."
            )
        messages.success(request, f"Recorded progress on {action.number} as at {update.as_at:%d %B %Y}.{late}")
        if request.POST.get("then") == "next":
            following = next_outcome_to_update(action, request.user, timezone.localdate())
            if following is not None:
                return redirect("actions:progress", following)
            messages.info(request, f"Every outcome after {action.number} has an update this quarter.")
            return redirect("reporting:plan", action.objective.plan_id)
        return redirect("actions:detail", action.pk)
    return render(
        request,
        "actions/progress_form.html",
        {
            "form": form,
            "title": f"Record progress on {action.number}",
            "cancel_url": reverse("actions:detail", args=[action.pk]),
            "submit_label": "Record progress",
            "board": action.objective.plan.board,
            "plan": action.objective.plan,
            "action": action,
            "last_update": action.updates.select_related("author").order_by(*LATEST_FIRST).first(),
            "offer_next": True,
            "draft_key": f"{request.user.pk}:progress:{action.pk}",
        },
    )


def progress_correct(request, pk, update_pk):
    """A correction is a new update that names the one it corrects; both stay visible."""
    action = get_action_for_recording(request.user, pk)
    original = get_update_for_correcting(action, update_pk)
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, action=action, corrects=original)
    if request.method == "POST" and form.is_valid():
        try:
            form.save(author=request.user)
        except AlreadySubmitted:
            messages.info(request, SENT_TWICE)
            return redirect("actions:detail", action.pk)
        messages.success(
            request,
            f"Recorded a correction to the update as at {original.as_at:%d %B %Y}. Both stay on the timeline.",
        )
        return redirect("actions:detail", action.pk)
    return _form_page(
        request,
        form,
        title=f"Correct the update of {original.as_at:%d %B %Y} on {action.number}",
        action=action,
        intro="Updates are never changed. Your correction is recorded as a new update naming this one.",
        submit_label="Record correction",
        draft=f"correct-{original.pk}",
    )


def impact_edit(request, pk):
    """After an action is achieved, its manager records that its impact was evidenced, and when to review it."""
    action = get_action_for_user(request.user, pk, write=True)
    latest = action.updates.order_by(*LATEST_FIRST).first()
    if latest is None or latest.status != Status.ACHIEVED:
        messages.error(request, f"Outcome {action.number} is not achieved yet: record its impact once it is.")
        return redirect("actions:detail", action.pk)
    form = ImpactForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid() and save_or_report_conflict(form, request.user):
        messages.success(
            request,
            f"Recorded the impact of {action.number}; it will be chased for review after "
            f"{action.follow_up_review_on:%d %B %Y}.",
        )
        return redirect("actions:detail", action.pk)
    return _form_page(request, form, title=f"Impact evidenced: {action.number}", action=action)


def plan_renumber(request, pk):
    """The plan numbered in its order (1, 1.1, 1.2 ...): first what would change, old and new side by side, then,
    once confirmed, the change."""
    plan = get_plan_for_user(request.user, pk, write=True)
    if request.method != "POST":
        changes = renumbering(plan)
        return render(request, "actions/renumber.html", {"plan": plan, "board": plan.board, "changes": changes})
    objectives, actions = renumber_plan(plan, request.user)
    messages.success(
        request,
        f"Renumbered {objectives} objective{'s' if objectives != 1 else ''} and "
        f"{actions} outcome{'s' if actions != 1 else ''} in the plan's order (1, 1.1, 1.2 ...).",
    )
    return redirect("reporting:plan", plan.pk)


def evidence_file(request, pk, update_pk):
    """An update's evidence file, for whoever may read the action (another board's: 404), as a download the
    browser does not sniff or render in the page's origin; never from a public media URL."""
    action = get_action_for_user(request.user, pk)
    update = get_object_or_404(action.updates.exclude(evidence_file=""), pk=update_pk)
    stored = get_object_or_404(EvidenceFile, name=update.evidence_file.name)
    response = HttpResponse(bytes(stored.content), content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition_header(True, posixpath.basename(stored.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    audit(request, "download", what="evidence file", action=action.number, file=stored.name, bytes=stored.size)
    return response


def action_delete(request, pk):
    """A wrongly created outcome goes when it has no progress; one with progress is withdrawn instead, so that
    past reports keep it. The deletion is on the plan's history."""
    action = get_action_for_user(request.user, pk, write=True)
    plan = action.objective.plan
    refusal = ""
    if action.updates.exists():
        refusal = (
            f"Outcome {action.number} cannot be deleted: progress is recorded on it. Withdraw it instead, so that "
            "its history and past reports keep it."
        )
    if request.method == "POST" and not refusal:
        action.delete()
        messages.success(request, f"Deleted outcome {action.number}. The deletion is on the plan's history.")
        return redirect(reverse("reporting:plan", args=[plan.pk]) + f"#objective-{action.objective_id}")
    context = {
        "title": f"Delete outcome {action.number}",
        "what": f"Delete outcome {action.number} ({action.text[:120]}) from objective {action.objective.number}?",
        "goes_with": [f"£{f.amount:,.0f} from {f.funder}" for f in action.funding.all()],
        "refusal": refusal,
        "submit_label": f"Delete outcome {action.number}",
        "cancel_url": reverse("actions:detail", args=[action.pk]),
        "board": plan.board,
        "plan": plan,
    }
    return render(request, "confirm_delete.html", context, status=409 if refusal and request.method == "POST" else 200)


def plan_rollover(request, pk):
    """Next year's plan from this one (managers: access first, 404 another board's, 403 a read-only role): the
    objectives and open outcomes to carry, then the new plan, created in one go (actions.rollover)."""
    plan = get_plan_for_user(request.user, pk, write=True)
    objectives = plan.objectives.order_by("order", "id")
    start, end = next_period(plan)
    form = RolloverForm(
        request.POST or None,
        plan=plan,
        objectives=objectives,
        open_actions=open_actions(plan),
        initial={
            "title": f"{plan.get_kind_display()} {start.year}-{end.year}",
            "period_start": start,
            "period_end": end,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = roll_over(
                plan,
                user=request.user,
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                objectives=form.chosen_objectives(),
                actions=form.chosen_actions(),
                renumber=data["numbering"] == "renumber",
                leads=data["leads"],
                sources=data["sources"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            carried = Action.objects.filter(objective__plan=new).count()
            messages.success(
                request,
                f"Started {new.title} from {plan.title}: {len(form.chosen_objectives())} objectives and {carried} "
                "open outcomes carried forward. It is a draft until you approve it.",
            )
            return redirect("reporting:plan", new.pk)
    status = 400 if request.method == "POST" else 200
    context = {"plan": plan, "board": plan.board, "form": form, "groups": form.groups()}
    return render(request, "actions/rollover.html", context, status=status)


class InErrorForm(forms.Form):
    reason = forms.CharField(
        label="What was wrong with it?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="e.g. 'recorded on 12.3 instead of 12.4'. Kept on the timeline with the update.",
        error_messages={"required": "Say what was wrong with the update: the timeline keeps your reason."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say what was wrong with the update: the timeline keeps your reason.")
        return reason


def progress_in_error(request, pk, update_pk):
    """A manager retires an update recorded in error: a retraction naming it, kept on the timeline with it;
    neither is rated again (actions.rag rule 1), in any report, past or present."""
    action = get_action_for_user(request.user, pk, write=True)
    original = get_update_for_correcting(action, update_pk)
    if original.in_error or original.corrections.filter(in_error=True).exists():
        messages.info(request, f"The update as at {original.as_at:%d %B %Y} is already marked recorded in error.")
        return redirect("actions:detail", action.pk)
    form = InErrorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ProgressUpdate.objects.create(
            action=action,
            as_at=original.as_at,
            status=original.status,
            narrative=f"Recorded in error: {form.cleaned_data['reason']}",
            author=request.user,
            corrects=original,
            in_error=True,
        )
        messages.success(
            request,
            f"Marked the update as at {original.as_at:%d %B %Y} recorded in error. It stays on the timeline and no "
            "longer counts in any rating.",
        )
        return redirect("actions:detail", action.pk)
    return _form_page(
        request,
        form,
        title=f"Mark the update of {original.as_at:%d %B %Y} on {action.number} recorded in error",
        action=action,
        intro="The update stays on the timeline, marked recorded in error, with your reason; no rating counts it, "
        "in today's reports or past ones.",
        submit_label="Mark recorded in error",
    )
