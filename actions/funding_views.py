"""A board manager keeps an outcome's funding lines (who pays, how much), from the outcome's page. Access first:
another board's outcome is a 404, a read-only role a 403; simple-history records who changed what."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from boards.access import get_to_edit
from lscb.forms import render_form_page
from lscb.http import post_only

from .access import get_action_for_user
from .forms import FundingForm
from .models import Funding


def _back(action):
    return reverse("actions:detail", args=[action.pk]) + "#funding"


def _page(request, form, action, title):
    plan = action.objective.plan
    return render_form_page(
        request, form, title=title, cancel_url=_back(action), board=plan.board, plan=plan, action=action
    )


def funding_create(request, pk):
    action = get_action_for_user(request.user, pk, write=True)
    form = FundingForm(request.POST or None, instance=Funding(action=action))
    if request.method == "POST" and form.is_valid():
        funding = form.save()
        messages.success(request, f"Added £{funding.amount:,.2f} from {funding.funder}.")
        return redirect(_back(action))
    return _page(request, form, action, f"New funding line of {action.number}")


def _funding(request, pk):
    return get_to_edit(
        Funding.objects.select_related("action__objective__plan__board"),
        request.user,
        pk,
        board="action__objective__plan__board",
    )


def funding_edit(request, pk):
    funding = _funding(request, pk)
    action = funding.action
    form = FundingForm(request.POST or None, instance=funding)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the funding line from {funding.funder}.")
        return redirect(_back(action))
    return _page(request, form, action, f"Edit funding line of {action.number}")


def funding_remove(request, pk):
    """A funding line entered by mistake goes; its removal stays in history."""
    funding = _funding(request, pk)
    if refused := post_only(request):
        return refused
    funding.delete()
    messages.success(request, f"Removed the funding line from {funding.funder}.")
    return redirect(_back(funding.action))
