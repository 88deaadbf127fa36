"""Withdrawing an objective or outcome from a plan instead of deleting it (a manager, with a reason).

A withdrawn item stays in the plan, its history and every report as at a date before the withdrawal, as it was
then (actions.structure). From the day it is withdrawn each of its outcomes carries a Superseded update giving the
reason, so reports as at later dates show it as withdrawn (closed, not rated: rule 2 of actions.rag), as the
documents show a superseded outcome, rather than leave it out. The edit is on the item's history (who, when, the
reason): the action's timeline and the plan's audit trail.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import dateformat, timezone

from lscb.forms import render_form_page
from plans.access import get_objective_for_user

from .access import get_action_for_user
from .models import ProgressUpdate, Status


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is it withdrawn?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Printed in the reports from today, e.g. 'superseded by objective 14 after the Ofsted inspection'.",
        error_messages={"required": "Give the reason it is withdrawn: the reports print it."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason it is withdrawn: the reports print it.")
        return reason


def _withdraw_action(action, reason, user, today):
    """Mark the action withdrawn (on its history, by `user`) and record its Superseded update dated today."""
    action.withdrawn_on, action.withdrawn_reason = today, reason
    action.version += 1
    action._history_user = user
    action.save()
    ProgressUpdate.objects.create(
        action=action,
        as_at=today,
        status=Status.SUPERSEDED,
        narrative=f"Withdrawn from the plan: {reason}",
        author=user,
    )


def _day(d):
    return dateformat.format(d, "j F Y")


def action_withdraw(request, pk):
    """A manager withdraws an outcome, giving the reason (403 for read-only roles, 404 for other boards)."""
    action = get_action_for_user(request.user, pk, write=True)
    if action.withdrawn_on:
        messages.info(request, f"Outcome {action.number} was withdrawn on {_day(action.withdrawn_on)}.")
        return redirect("actions:detail", action.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        with transaction.atomic():
            _withdraw_action(action, form.cleaned_data["reason"], request.user, today)
        messages.success(
            request,
            f"Withdrew outcome {action.number} from the plan on {_day(today)}. Reports as at earlier dates show it "
            "as it was.",
        )
        return redirect("actions:detail", action.pk)
    return render_form_page(
        request,
        form,
        title=f"Withdraw outcome {action.number}",
        cancel_url=reverse("actions:detail", args=[action.pk]),
        intro=f"“{action.text}” stays in the plan's history and in reports as at dates before today; from today "
        "it shows as withdrawn, with your reason.",
        submit_label="Withdraw outcome",
        board=action.objective.plan.board,
        plan=action.objective.plan,
        action=action,
    )


def objective_withdraw(request, pk):
    """A manager withdraws an objective and, with it, its outcomes not yet withdrawn, giving the reason."""
    objective = get_objective_for_user(request.user, pk, write=True)
    plan = objective.plan
    today = timezone.localdate()
    # an ended plan shows itself as at its last progress date by default: as at today, where the withdrawal shows
    query = f"?as_at={today.isoformat()}" if today > plan.period_end else ""
    plan_url = reverse("reporting:plan", args=[plan.pk]) + query + f"#objective-{objective.pk}"
    if objective.withdrawn_on:
        messages.info(request, f"Objective {objective.number} was withdrawn on {_day(objective.withdrawn_on)}.")
        return redirect(plan_url)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        with transaction.atomic():
            objective.withdrawn_on, objective.withdrawn_reason = today, reason
            objective.version += 1
            objective._history_user = request.user
            objective.save()
            for action in objective.actions.filter(withdrawn_on__isnull=True).order_by("order", "id"):
                _withdraw_action(action, reason, request.user, today)
        messages.success(
            request,
            f"Withdrew objective {objective.number} and its outcomes from the plan on {_day(today)}. Reports as at "
            "earlier dates show them as they were.",
        )
        return redirect(plan_url)
    return render_form_page(
        request,
        form,
        title=f"Withdraw objective {objective.number}",
        cancel_url=plan_url,
        intro="The objective and its outcomes stay in the plan's history and in reports as at dates before today; "
        "from today they show as withdrawn, with your reason.",
        submit_label="Withdraw objective",
        board=plan.board,
        plan=plan,
    )
