"""The manager's update sheet: every outcome of a plan in force this quarter on one page, one submit, all or nothing.

A business manager transcribes about fifty updates each quarter, often from leads' emails: one page in the plan's
order, last quarter's update beside this quarter's fields. It is the lead's sheet ("My actions", actions.quarterly)
with other rows: the same form, formset and all-or-nothing save."""

from datetime import timedelta

from django import forms
from django.db.models import Q

from plans.models import Plan

from .forms import QuarterlyUpdateForm
from .models import LATEST_FIRST, Action, ProgressUpdate
from .progress import latest_updates
from .quarterly import BaseQuarterlyFormSet
from .quarters import quarter_of
from .rag import CLOSED

COMPARED = ("status", "rag", "narrative", "corrective_action")


def in_force(plan, today):
    """Approved and running in the quarter of `today` (the chase list's rule, actions.chasing)."""
    return (
        plan.status == Plan.Status.APPROVED
        and plan.period_start <= today
        and plan.period_end >= quarter_of(today).start
    )


class SubgroupForm(forms.Form):
    """`?subgroup=`: one subgroup's outcomes, for its chair's meeting."""

    subgroup = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Outcomes reporting to",
        empty_label="Every subgroup",
        error_messages={"invalid_choice": "That is not one of this board's subgroups: every outcome is shown."},
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subgroup"].queryset = board.subgroups.order_by("name")


class SheetRowForm(QuarterlyUpdateForm):
    """One outcome's row: this quarter's status, rating, narrative and corrective action, as at the sheet's date.
    A row already updated this quarter comes filled with that update; sent unchanged, it records nothing, and
    changed, it records a correction naming it."""

    class Meta(QuarterlyUpdateForm.Meta):
        fields = list(COMPARED)

    def __init__(self, *args, action, as_at, this_quarter=None, **kwargs):
        super().__init__(*args, action=action, corrects=this_quarter, **kwargs)
        self.instance.as_at = as_at

    @property
    def is_skipped(self):
        if super().is_skipped:
            return True
        data = self.cleaned_data
        return self.corrects is not None and all(
            (data.get(name) or "") == (getattr(self.corrects, name) or "") for name in COMPARED
        )


class BaseSheetFormSet(BaseQuarterlyFormSet):
    """Rows named by their action (row-<action id>), not their place: an outcome added meanwhile shifts no row."""

    def __init__(self, *args, as_at, this_quarter, **kwargs):
        self.as_at, self.this_quarter = as_at, this_quarter
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        action = self.actions[index]
        return {
            "action": action,
            "as_at": self.as_at,
            "this_quarter": self.this_quarter.get(action.pk),
            "prefix": self.add_prefix(action.pk),
        }


SheetFormSet = forms.formset_factory(SheetRowForm, formset=BaseSheetFormSet, extra=0)


def outcomes_in_force(plan, today, subgroup=None):
    """The plan's outcomes (one subgroup's, if given) in its order, each with `last_quarter` (its latest update as at
    the end of last quarter) and `this_quarter` (its latest update dated this quarter), both None without one; an
    outcome achieved or superseded before this quarter is not in force. Four queries, however many outcomes."""
    quarter = quarter_of(today)
    actions = Action.objects.filter(objective__plan=plan)
    if subgroup is not None:
        actions = actions.filter(subgroup=subgroup)
    last = latest_updates(actions, quarter.start - timedelta(days=1))
    this = {}
    for update in (
        ProgressUpdate.objects.filter(Q(action__in=actions), as_at__gte=quarter.start, as_at__lte=today)
        .select_related("author")
        .order_by(*LATEST_FIRST)
    ):
        this.setdefault(update.action_id, update)
    rows = []
    for action in actions.select_related("objective", "lead_user").order_by(
        "objective__order", "objective_id", "order", "id"
    ):
        action.last_quarter, action.this_quarter = last.get(action.pk), this.get(action.pk)
        if action.last_quarter is None or action.last_quarter.status not in CLOSED:
            rows.append(action)
    return rows


def sheet_formset(plan, today, data=None, subgroup=None):
    actions = outcomes_in_force(plan, today, subgroup) if in_force(plan, today) else []
    for action in actions:
        action.objective.plan = plan  # each row checks the plan's period end: the plan at hand, not a query a row
    this_quarter = {a.pk: a.this_quarter for a in actions if a.this_quarter is not None}
    return SheetFormSet(data, actions=actions, as_at=today, this_quarter=this_quarter, prefix="row")
