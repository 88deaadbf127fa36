"""Which date a plan page shows.

A plan still running shows itself as at today. A plan whose period has ended shows itself as at its last progress
date (or its end, if it has none), so that opening Kingston's 2009-2010 plan years later does not paint every action
as overdue. The user may always pick another date with `?as_at=YYYY-MM-DD`.
"""

from django import forms
from django.utils import timezone

from .models import Action
from .progress import last_progress_date


class AsAtForm(forms.Form):
    as_at = forms.DateField(
        label="Show the plan as at",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Enter the as-at date as a date, for example 2010-09-30 or 30/09/2010."},
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def default_as_at(plan, today=None):
    today = today or timezone.localdate()
    if today <= plan.period_end:
        return today
    last_progress = last_progress_date(Action.objects.filter(objective__plan=plan))
    return default_for(plan.period_end, last_progress, today)


def default_for(period_end, last_progress, today):
    """The rule of `default_as_at`, for a plan whose last progress date is already known (the dashboards
    read it for all of a board's plans in one query): today while the period runs, else the last progress
    date, else the period's end."""
    if today <= period_end:
        return today
    return last_progress or period_end


def as_at_from_request(request, plan):
    """(as-at date, bound form). A bad date is reported on the form and the default is used."""
    form = AsAtForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["as_at"]:
        return form.cleaned_data["as_at"], form
    as_at = default_as_at(plan)
    if not form.is_bound:
        form = AsAtForm(initial={"as_at": as_at})
    return as_at, form
