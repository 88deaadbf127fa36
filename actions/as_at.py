"""Which date a plan is shown as at (its page, the dashboards, the printed reports, the auditors' filter).

A plan still running shows itself as at today. A plan whose period has ended shows itself as at its last progress
date (or its end, if it has none), so that opening Kingston's 2009-2010 plan years later does not paint every action
as overdue. The user may always pick another date with `?as_at=YYYY-MM-DD`.
"""

from django import forms
from django.db.models import Max, OuterRef, Subquery
from django.utils import dateformat, timezone

from lscb.dates import validate_in_range

from .models import ActionState
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
    its actions' current states (one row an action, not every update: each is its action's latest update by as-at
    date) by their objective and date alone (an index of ActionState), for many plans at once: for the 29 plans of
    three boards, 0.5 ms where the join through every action and its state took 2.4."""
    newest = (
        ActionState.objects.filter(objective__plan=OuterRef("pk"))
        .order_by()
        .values("objective__plan")
        .annotate(last=Max("as_at"))
        .values("last")
    )
    return plans.annotate(last_progress=Subquery(newest))


def default_as_at(plan, today=None):
    """The date the plan is shown as at when the user picks none (the rule above)."""
    return default_as_at_and_why(plan, today)[0]


def default_as_at_and_why(plan, today=None):
    """(the plan's default date, why it is that date in words). Reads `plan.last_progress` when the plan came
    through `with_last_progress`; otherwise it reads it (and sets it), and only once its period has ended."""
    today = today or timezone.localdate()
    if today <= plan.period_end:
        return today, "today: the plan is still running"
    if not hasattr(plan, "last_progress"):  # kept on the plan, as `with_last_progress` gives it (reporting.tables)
        plan.last_progress = last_progress_date(plan)
    last_progress = plan.last_progress
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
