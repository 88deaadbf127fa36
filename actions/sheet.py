"""The manager's update sheet: every outcome of a plan in force this quarter on one page, one submit, all or nothing.

A business manager transcribes about fifty updates each quarter, often from leads' emails: one page in the plan's
order, last quarter's update beside this quarter's fields. It is the lead's sheet ("My actions", actions.quarterly)
with other rows: the same form, formset and all-or-nothing save.

A plan has a hundred outcomes or more, and a form a row costs more than the rest of the page: the page shows
`SheetRow`s, what each row's fields hold (this quarter's update, or what was sent) and their errors, and builds the
forms only to check what was sent. The rows are drawn by Jinja2 (templates/jinja2/actions/update_sheet_rows.html,
`render_rows`): in Django's engine, a hundred rows' lookups were most of the page's time (lscb/jinja.py)."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.db.models import OuterRef, Subquery
from django.utils.functional import cached_property

from lscb.jinja import Stencil, render
from plans.models import Objective, Plan

from .forms import CORRECTION_INITIAL, DATE_REASON_LABEL, QuarterlyUpdateForm
from .models import LATEST_FIRST, Action, ProgressUpdate
from .quarterly import BaseQuarterlyFormSet
from .quarters import quarter_of
from .rag import CLOSED, RowLayout, named_user, user_names, with_authors

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


@dataclass(slots=True)
class ShownField:
    """One field of a row as the page shows it: its name, label and value (None: empty), and its errors; a select
    also names its options (`select`, one of SELECTS) and the one of them selected (`chosen`: a choice's value, or
    None where the value is none of them). A select's options are drawn once per page (render_rows), not per row."""

    name: str
    label: str
    value: object
    errors: list
    select: str | None = None
    chosen: str | None = None

    @property
    def id(self):
        return f"id_{self.name}"


@dataclass(slots=True)
class SheetRow:
    """One outcome's row: the action, its fields' prefix, its hidden one-time token, its fields in the form's order
    (None for a new row with every field empty: the page draws those once, `BLANK`, and fills in each row's prefix),
    and its own errors (`errors`) and every error of it in order (`messages`, for the summary above the sheet)."""

    action: object
    prefix: str
    submission: ShownField
    fields: list | None
    errors: list
    messages: list


# what a row shows, in its form's order (SheetRowForm: its own fields, then the declared ones), and the labels
SHOWN = ("status", "rag", "narrative", "corrective_action", "evidence_url")
SELECTS = ("status", "rag")


class BaseSheetFormSet(BaseQuarterlyFormSet):
    """Rows named by their action (row-<action id>), not their place: an outcome added meanwhile shifts no row.

    `sheet_rows` is what the page shows; the forms (`forms`, built when first asked for) check what was sent."""

    def __init__(self, *args, as_at, this_quarter, **kwargs):
        self.as_at, self.this_quarter = as_at, this_quarter
        super().__init__(*args, **kwargs)

    @cached_property
    def tokens(self):
        """Each row's one-time token, as rendered: {action id: uuid}."""
        return {action.pk: uuid.uuid4() for action in self.actions}

    def get_form_kwargs(self, index):
        action = self.actions[index]
        return {
            "action": action,
            "as_at": self.as_at,
            "this_quarter": self.this_quarter.get(action.pk),
            "prefix": self.add_prefix(action.pk),
            "initial": {"submission": self.tokens[action.pk]},
            "signed_off": self.signed_off,
        }

    @cached_property
    def sheet_rows(self):
        """A SheetRow per outcome: from what was sent and the forms' errors once sent, else without any form, from
        this quarter's update (a row already updated this quarter comes filled with it) and a new token."""
        if self.is_bound:
            return [self._sent_row(action, form) for action, form in zip(self.actions, self.forms, strict=True)]
        return [self._new_row(action) for action in self.actions]

    def _new_row(self, action):
        prefix, corrects = self.add_prefix(action.pk), self.this_quarter.get(action.pk)
        if corrects is None:  # every field empty: the same as in every new row (BLANK) but for its prefix
            fields = None
        else:  # the form of a correction: filled with the update it corrects, and asking why dated otherwise
            fields = [
                _shown(prefix, name, getattr(corrects, name) if name in CORRECTION_INITIAL else None, ())
                for name in (*SHOWN, "date_reason")
            ]
        token = ShownField(f"{prefix}-submission", "", str(self.tokens[action.pk]), [])
        return SheetRow(action, prefix, token, fields, [], [])

    @staticmethod
    def _sent_row(action, form):
        errors = form.errors
        fields = {
            name: _shown(form.prefix, name, form[name].value(), errors.get(name, []))
            for name in form.fields
            if name != "submission"
        }
        token = ShownField(f"{form.prefix}-submission", "", form["submission"].value(), errors.get("submission", []))
        messages = [error for name in form.fields for error in errors.get(name, [])]
        non_field = list(form.non_field_errors())
        return SheetRow(action, form.prefix, token, list(fields.values()), non_field, messages + non_field)


LABELS = {name: SheetRowForm.base_fields[name].label for name in SHOWN} | {"date_reason": DATE_REASON_LABEL}
# each select's options: (value, label), the value as the page writes it
CHOICES = {name: [(str(value), label) for value, label in SheetRowForm.base_fields[name].choices] for name in SELECTS}
# and their labels by value, for last quarter's update each row shows: its get_status_display() and get_rag_display()
# (the form's choices are its model fields'), looked up in a dict, not through the model's choices, row by row
CHOICE_LABELS = {name: dict(choices) for name, choices in CHOICES.items()}


def _shown(prefix, name, value, errors):
    if name not in CHOICES:
        return ShownField(f"{prefix}-{name}", LABELS[name], value, list(errors))
    chosen = None if value is None else str(value)
    if all(chosen != choice for choice, _ in CHOICES[name]):
        chosen = None  # none of the options is selected
    return ShownField(f"{prefix}-{name}", LABELS[name], value, list(errors), name, chosen)


# a new row's fields, all empty, their prefix a mark: drawn once a page, each new row's prefix filled in where the
# mark is (render_rows, lscb.jinja.Stencil)
BLANK = [_shown(Stencil.MARK, name, None, ()) for name in SHOWN]


SheetFormSet = forms.formset_factory(SheetRowForm, formset=BaseSheetFormSet, extra=0)


# a row of the sheet: the outcome and its objective, every field of each, made as the database's rows are
# (`actions.rag.loaded`), not by the models' constructors (for a hundred outcomes, 4.7 ms -> 4.5 ms of the sheet's
# 11); and the names the row shows of its lead user (a nullable join)
SHEET_ROW = RowLayout(
    ("", Action, [f.name for f in Action._meta.concrete_fields]),
    ("objective", Objective, [f.name for f in Objective._meta.concrete_fields]),
)
LEAD = Action._meta.get_field("lead_user").related_model


def outcomes_in_force(plan, today, subgroup=None):
    """The plan's outcomes (one subgroup's, if given) in its order, each with `last_quarter` (its latest update as at
    the end of last quarter) and `this_quarter` (its latest update dated this quarter), both None without one; an
    outcome achieved or superseded before this quarter is not in force. Each outcome's two updates are found by the
    database (one index probe each), so the page reads two updates an outcome however many were recorded."""
    quarter = quarter_of(today)
    actions = Action.objects.filter(objective__plan=plan)
    if subgroup is not None:
        actions = actions.filter(subgroup=subgroup)
    this_quarter = ProgressUpdate.objects.filter(
        action=OuterRef("pk"), as_at__gte=quarter.start, as_at__lte=today
    ).order_by(*LATEST_FIRST)
    read = (
        actions.annotate(
            last_id=ProgressUpdate.objects.latest_on_or_before(quarter.start - timedelta(days=1)),
            this_id=Subquery(this_quarter.values("pk")[:1]),
        )
        .order_by("objective__order", "objective_id", "order", "id")
        .values_list(*SHEET_ROW.columns, *(f"lead_user__{name}" for name in user_names(LEAD)), "last_id", "this_id")
    )
    actions = []
    for row in read:
        action, rest = SHEET_ROW.made(row, read.db)
        *names, action.last_id, action.this_id = rest
        action._state.fields_cache["lead_user"] = named_user(LEAD, read.db, action.lead_user_id, names)
        actions.append(action)
    updates = {
        update.pk: update
        for update in with_authors(
            ProgressUpdate.objects.filter(
                pk__in_ids=[pk for action in actions for pk in (action.last_id, action.this_id) if pk is not None]
            ).order_by()
        )
    }
    rows = []
    for action in actions:
        action.last_quarter, action.this_quarter = updates.get(action.last_id), updates.get(action.this_id)
        if action.last_quarter is None or action.last_quarter.status not in CLOSED:
            rows.append(action)
    return rows


def sheet_formset(plan, today, data=None, subgroup=None):
    actions = outcomes_in_force(plan, today, subgroup) if in_force(plan, today) else []
    for action in actions:
        action.objective.plan = plan  # each row checks the plan's period end: the plan at hand, not a query a row
    this_quarter = {a.pk: a.this_quarter for a in actions if a.this_quarter is not None}
    return SheetFormSet(data, actions=actions, as_at=today, this_quarter=this_quarter, prefix="row")


def render_rows(request, rows):
    """The sheet's rows (`SheetRow`s) as HTML, for the sheet's form (Jinja2, autoescaped); each select's options
    drawn once, for each way they can be selected, not once a row (`selects`: CHOICES), and a new row's empty fields
    once (`blank`: BLANK), each new row's prefix filled in."""
    context = {"rows": rows, "selects": CHOICES, "labels": CHOICE_LABELS, "blank": BLANK}
    return render(request, "actions/update_sheet_rows.html", context)
