"""A lead's quarterly update sheet: every action they lead, one row each, one submit, all or nothing."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property

from boards.access import leads_now
from plans.models import running_on

from .forms import QuarterlyUpdateForm, record_submitted, signed_off_quarters
from .models import Action
from .progress import latest_updates


def actions_led_by(user, today):
    """Every action the user leads, on the boards where their role leads actions now, of plans in force (the plan's
    period covers `today`: a plan that ended years ago owes no update), by board and plan, in document order."""
    return (
        Action.objects.filter(leads_now(), running_on(today, "objective__plan__"), lead_user=user)
        .select_related("objective__plan__board")
        .order_by("objective__plan__board__name", "objective__plan", "objective__order", "order", "id")
    )


class BaseQuarterlyFormSet(forms.BaseFormSet):
    def __init__(self, *args, actions, **kwargs):
        self.actions = list(actions)
        self.signed_off = None
        super().__init__(*args, **kwargs)

    def total_form_count(self):
        return len(self.actions)  # one row per action led, whatever the browser claims

    @cached_property
    def forms(self):
        # the quarters signed off on these actions' plans, read once for every row to check (a row dated in one is
        # refused); a sheet only shown checks nothing
        if self.is_bound:
            self.signed_off = signed_off_quarters(self.actions) if self.actions else set()
        return super().forms

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "action": self.actions[index], "signed_off": self.signed_off}

    @property
    def rows(self):
        return list(zip(self.actions, self.forms, strict=True))

    @property
    def by_plan(self):
        """[(plan, [(action, form), ...]), ...]: the rows under their plan, for a lead who leads in several."""
        groups = {}
        for action, form in self.rows:
            groups.setdefault(action.objective.plan_id, (action.objective.plan, []))[1].append((action, form))
        return list(groups.values())


QuarterlyFormSet = forms.formset_factory(QuarterlyUpdateForm, formset=BaseQuarterlyFormSet, extra=0)


def quarterly_formset(user, data=None, today=None):
    actions = list(actions_led_by(user, today or timezone.localdate()))
    formset = QuarterlyFormSet(data, actions=actions, prefix="row")
    if today is not None:
        latest = latest_updates(Action.objects.filter(pk__in=[a.pk for a in actions]), today)
        for action in actions:
            action.latest_update = latest.get(action.pk)
    return formset


@transaction.atomic
def save_quarterly(formset, author):
    """Record every filled row at once, all or nothing: the formset is only saved when every row is valid."""
    return record_submitted([form for form in formset.forms if not form.is_skipped], author)
