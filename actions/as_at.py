"""Which date a plan is shown as at (its page, the dashboards, the printed reports, the auditors' filter).

A plan still running shows itself as at today. A plan whose period has ended shows itself as at its last progress
date (or its end, if it has none), so that opening Kingston's 2009-2010 plan years later does not paint every action
as overdue. The user may always pick another date with `?as_at=YYYY-MM-DD`.
"""

from django import forms
from django.db.models import Max
from django.utils import dateformat, timezone

from lscb.dates import validate_in_range

from .models import Action
from .progress import last_progress_date


class AsAtForm(forms.Form):
    as_at = forms.DateField(
        label="Show the plan as at",
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Enter the as-at date as a date, for example 2010-09-30 or 30/09/2010."},
        validators=[validate_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def with_last_progress(plans):
    """The plans (a queryset), each with `last_progress`: the as-at date of its newest update, or None. Read from
    its actions' current states (one row an action, not every update), for many plans at once. Kept in the order
    asked for, or the model's: Django drops Meta.ordering from a GROUP BY, and PostgreSQL then hands the groups back
    in whatever order its hash aggregate leaves them."""
    ordering = plans.query.order_by or plans.model._meta.ordering
    return plans.annotate(last_progress=Max("objectives__actions__state__as_at")).order_by(*ordering)


def default_as_at(plan, today=None):
    """The date the plan is shown as at when the user picks none (the rule above)."""
    return default_as_at_and_why(plan, today)[0]


def default_as_at_and_why(plan, today=None):
    """(the plan's default date, why it is that date in words). Reads `plan.last_progress` when the plan came
    through `with_last_progress`; otherwise it reads it, and only once its period has ended."""
    today = today or timezone.localdate()
    if today <= plan.period_end:
        return today, "today: the plan is still running"
    if hasattr(plan, "last_progress"):
        last_progress = plan.last_progress
    else:
        last_progress = last_progress_date(Action.objects.filter(objective__plan=plan))
    if last_progress:
        ended = dateformat.format(plan.period_end, "j F Y")
        return last_progress, f"its last progress date: the plan's period ended on {ended}"
    return plan.period_end, "the end of its period: it ended with no progress recorded"


def as_at_from_request(request, plan):
    """(as-at date, bound form). A bad date is reported on the form and the default is used."""
    form = AsAtForm(request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["as_at"]:
        return form.cleaned_data["as_at"], form
    as_at = default_as_at(plan)
    if not form.is_bound:
        form = AsAtForm(initial={"as_at": as_at})
    return as_at, form
