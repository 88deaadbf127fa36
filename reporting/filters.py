"""The auditors' filter (django-filter): actions across every board the user may read.

The queryset is always `Action.objects.for_boards(board_ids_readable_by(user))` (the user's boards), and every
choice list (boards, plans, sections, objectives, reviews and their codes, findings, lead users, subgroups) is cut to
the user's boards and the national reviews they may see: another board's id or code is "not one of the choices", so it
filters nothing and names nothing.

Two kinds of filter:
- *where, why, who, when, what*: board, plan, section, objective, source review (by id, by code, by kind),
  finding, lead (text), lead user, subgroup, due date range, free text. Plain SQL, applied by `qs`.
- *how it stands as at a date*: latest status, RAG, overdue, no update this quarter. These are the RAG rules
  (`actions.rag`), never re-implemented: `qs` leaves them alone (`_as_at_dependent`) and `reporting.audit`
  rates the candidates in a constant number of queries and keeps those that match.
"""

import copy
import functools

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.utils.text import Truncator

from actions import rag
from actions.models import RAG, Action, ProgressUpdate, Status
from actions.quarters import Quarter, quarter_choices
from boards.access import board_ids_readable_by, boards_readable_by
from boards.models import Board, Subgroup
from lscb.dates import validate_in_range
from plans.models import Objective, Plan, Section
from reviews.access import reviews_visible_to
from reviews.models import Finding, Review

from .filter_lists import LIST_AT_MOST, CappedLists, CappedModelChoiceField

NONE = "none"  # "no update" (status) and "not rated" (RAG) in the URL
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERROR = "Enter a date, for example 2010-09-30 or 30/09/2010."

STATUS_CHOICES = [*Status.choices, (NONE, rag.NO_UPDATE_LABEL)]
RAG_CHOICES = [
    *((c.value, f"{rag.LABELS[c]} ({rag.LETTERS[c]})") for c in RAG),
    (NONE, f"{rag.LABELS[None]} ({rag.LETTERS[None]})"),
]

# ?sort=: the column, "-" for the other way round. RAG is decided in Python (actions.rag), the rest in SQL.
SORT_CHOICES = [
    ("board", "Board, then plan order"),
    ("-board", "Board (Z to A)"),
    ("number", "Number"),
    ("-number", "Number (last first)"),
    ("due", "Due date (soonest first)"),
    ("-due", "Due date (latest first)"),
    ("rag", "RAG (Red first)"),
    ("-rag", "RAG (Blue first)"),
]
DEFAULT_SORT = "board"

# the filters that depend on the as-at date: decided by actions.rag, in reporting.audit
AS_AT_DEPENDENT = ("status", "rag", "overdue", "no_update")
# the filters on where, why, who, when and what (plain SQL, applied by `qs`), the board aside
WHERE_FILTERS = (
    "plan", "section", "objective", "source", "review", "review_kind", "finding",
    "lead", "lead_user", "subgroup", "due_from", "due_to", "q",
)  # fmt: skip


def _select(**attrs):
    return forms.Select(attrs={"class": "form-select", **attrs})


def _text(**attrs):
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def _date():
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})


class AnyYesNo(forms.NullBooleanSelect):
    """Any / Yes / No, sent as '', 'true', 'false' (also read: 1/0, yes/no, on/off); anything else is Any."""

    READ = {"true": True, "1": True, "yes": True, "on": True, "false": False, "0": False, "no": False, "off": False}

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-select", **(attrs or {})})
        self.choices = [("", "Any"), ("true", "Yes"), ("false", "No")]

    def format_value(self, value):
        # a list, as ChoiceWidget expects (a plain string would "select" the empty option by substring)
        return [{True: "true", False: "false"}[value]] if isinstance(value, bool) else []

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, bool):
            return value
        return self.READ.get(str(value or "").strip().lower())


def _short(text, chars=70):
    text = " ".join((text or "").split())
    if len(text) <= chars and text.isascii():
        return text  # what Truncator gives it back as (nothing to cut, its NFC form itself), without its work
    return Truncator(text).chars(chars)


# the capped lists whose lengths each board's kept numbers give (actions.BoardContents), by the number's name
KEPT_NUMBER_OF = {
    "plan": "plans",
    "section": "sections",
    "objective": "objectives",
    "review": "reviews",
    "finding": "findings",
    "subgroup": "subgroups",
}
NATIONAL_TOO = ("review", "finding")  # lists of a board's own and the national ones: its kept number is the least


def _choose(what):
    return {"invalid_choice": f"Choose {what} from the list."}


class ScopedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter whose options are labelled by a function (the queryset is set per user) of the columns
    `label_reads` names, listing at most `list_at_most` of them (None: all) unless narrowed (reporting.filter_lists;
    each capped list's queryset ordered by columns, not by a relation's own ordering)."""

    field_class = CappedModelChoiceField

    def __init__(
        self,
        *args,
        label_from=str,
        label_reads=(),
        list_at_most=LIST_AT_MOST,
        narrow_hint="choose a board first",
        **kwargs,
    ):
        self.label_from = label_from
        self.label_reads = label_reads
        self.list_at_most = list_at_most
        self.narrow_hint = narrow_hint
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        field.label_from_instance = self.label_from
        field.label_reads = self.label_reads
        field.list_at_most = self.list_at_most
        field.narrow_hint = self.narrow_hint
        return field


def _user_label(user):
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def _board_of(review):
    return "" if review.board_id is None else f" ({review.board.short_name})"


def _review_label(review):
    where = f"{review.board.short_name}" if review.board_id else "national"
    return f"{review.code}: {_short(review.title, 60)} ({where})"


class _FieldsOfOneForm(dict):
    """A form class's fields that only its one form uses: given to it as they are, not deep-copied (a Django form
    copies its class's fields, each widget, list and queryset, so that forms of one class share none)."""

    def __deepcopy__(self, memo):
        return dict(self)


class _FiltersCopiedOneLevel(dict):
    """A filterset class's filters, copied for each of its filtersets as django-filter copies them (each filterset
    sets its own querysets and choices on its copies), but one level deep: each filter and its `extra` (the field's
    arguments: widget, error messages, choices), not all beneath them. Its deep copy of 21 filters, each widget and
    message, was 2 ms of the auditors' filter page. Nothing beneath is changed in place: a field copies its widget,
    and a filter's field is made anew for each copy."""

    def __deepcopy__(self, memo):
        return {name: _one_level_copy(filter_) for name, filter_ in self.items()}


def _one_level_copy(filter_):
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    copied.__dict__.pop("_field", None)  # made from the copy when first asked for (django-filter's `Filter.field`)
    if filter_.method is not None:
        copied.method = filter_.method  # its FilterMethod made again, calling the copy's own filterset
    return copied


class ActionFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("as_at") and data.get("quarter"):
            raise forms.ValidationError("Give an as-at date or a quarter, not both.")
        return data


class ActionFilter(django_filters.FilterSet):
    # where
    board = ScopedModelChoiceFilter(
        field_name="objective__plan__board",
        to_field_name="slug",
        queryset=None,
        label="Board",
        empty_label="Any of your boards",
        widget=_select(),
        error_messages=_choose("one of your boards"),
        label_from=lambda board: board.short_name,
        list_at_most=None,  # every board: it narrows the others
    )
    plan = ScopedModelChoiceFilter(
        field_name="objective__plan",
        queryset=None,
        label="Plan",
        empty_label="Any plan",
        widget=_select(),
        error_messages=_choose("a plan"),
        label_from=lambda plan: f"{plan.board.short_name}: {plan.title}",
        label_reads=("title", "board__short_name"),
    )
    section = ScopedModelChoiceFilter(
        method="filter_section",
        queryset=None,
        label="Section or theme",
        empty_label="Any section",
        widget=_select(),
        error_messages=_choose("a section"),
        narrow_hint="choose a board or plan first",
        label_from=lambda s: f"{s.plan.board.short_name}, {s.plan.title}: {_short(s.title, 50)}",
        label_reads=("title", "plan__title", "plan__board__short_name"),
    )
    objective = ScopedModelChoiceFilter(
        field_name="objective",
        queryset=None,
        label="Objective",
        empty_label="Any objective",
        widget=_select(),
        error_messages=_choose("an objective"),
        narrow_hint="choose a board or plan first",
        label_from=lambda o: (
            f"{o.plan.board.short_name}, {_short(o.plan.title, 30)}: {o.number}. {_short(o.display_title, 60)}"
        ),
        label_reads=("number", "title", "section__title", "plan__title", "plan__board__short_name"),
    )
    # why: the reviews behind the objective
    source = django_filters.ChoiceFilter(
        method="filter_source",
        label="Source (code)",
        empty_label="Any source",
        widget=_select(),
        error_messages=_choose("a source code"),
    )
    review = ScopedModelChoiceFilter(
        method="filter_review",
        queryset=None,
        label="Source review",
        empty_label="Any review",
        widget=_select(),
        error_messages=_choose("a review"),
        label_from=_review_label,
        label_reads=("code", "title", "board__id", "board__short_name"),
    )
    review_kind = django_filters.ChoiceFilter(
        method="filter_review_kind",
        label="Kind of source",
        empty_label="Any kind",
        widget=_select(),
        error_messages=_choose("a kind of source"),
    )
    finding = ScopedModelChoiceFilter(
        method="filter_finding",
        queryset=None,
        label="Finding answered",
        empty_label="Any finding",
        widget=_select(),
        error_messages=_choose("a finding"),
        label_from=lambda f: f"{f.review.code} {f.number}{_board_of(f.review)}: {_short(f.text, 60)}",
        label_reads=("number", "text", "review__code", "review__board__id", "review__board__short_name"),
    )
    # how it stands as at the date (actions.rag decides; reporting.audit applies)
    as_at = django_filters.DateFilter(
        method="_as_at_dependent",
        label="As at",
        input_formats=DATE_FORMATS,
        widget=_date(),
        error_messages={"invalid": DATE_ERROR},
        validators=[validate_in_range],
        help_text="Empty: each plan as at its own date (today while it runs, else its last progress date).",
    )
    quarter = django_filters.ChoiceFilter(
        method="_as_at_dependent",
        label="Or as at a quarter end",
        empty_label="No quarter",
        widget=_select(),
        error_messages=_choose("a quarter"),
        help_text="The plans running at its end, as their quarterly reports show them.",
    )
    status = django_filters.ChoiceFilter(
        method="_as_at_dependent",
        choices=STATUS_CHOICES,
        label="Latest status",
        empty_label="Any status",
        widget=_select(),
        error_messages=_choose("a status"),
    )
    rag = django_filters.ChoiceFilter(
        method="_as_at_dependent",
        choices=RAG_CHOICES,
        label="RAG",
        empty_label="Any rating",
        widget=_select(),
        error_messages=_choose("a RAG rating"),
    )
    overdue = django_filters.BooleanFilter(method="_as_at_dependent", label="Overdue", widget=AnyYesNo())
    no_update = django_filters.BooleanFilter(
        method="_as_at_dependent", label="No update this quarter", widget=AnyYesNo()
    )
    # who
    lead = django_filters.CharFilter(method="filter_lead", label="Lead (words in it)", widget=_text(), max_length=200)
    lead_user = ScopedModelChoiceFilter(
        field_name="lead_user",
        queryset=None,
        label="Lead user",
        empty_label="Anyone",
        widget=_select(),
        error_messages=_choose("a lead user"),
        label_from=_user_label,
        label_reads=("first_name", "last_name", "username"),
    )
    subgroup = ScopedModelChoiceFilter(
        field_name="subgroup",
        queryset=None,
        label="Reports to (subgroup)",
        empty_label="Any subgroup",
        widget=_select(),
        error_messages=_choose("a subgroup"),
        label_from=lambda s: f"{s.board.short_name}: {s.name}",
        label_reads=("name", "board__short_name"),
    )
    # when
    due_from = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="gte",
        label="Due on or after",
        input_formats=DATE_FORMATS,
        widget=_date(),
        error_messages={"invalid": DATE_ERROR},
        validators=[validate_in_range],
    )
    due_to = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        label="Due on or before",
        input_formats=DATE_FORMATS,
        widget=_date(),
        error_messages={"invalid": DATE_ERROR},
        validators=[validate_in_range],
    )
    # what
    q = django_filters.CharFilter(
        method="filter_text",
        label="Words",
        widget=_text(type="search"),
        max_length=200,
        help_text="In the action's text, its method and its progress narratives.",
    )
    sort = django_filters.ChoiceFilter(
        method="_as_at_dependent",
        choices=SORT_CHOICES,
        label="Sort by",
        empty_label=None,
        widget=_select(),
        error_messages=_choose("an order"),
    )

    class Meta:
        model = Action
        fields = []
        form = ActionFilterForm

    def __init__(self, data=None, *, user, prefix=None):
        # what sits on the user's boards, scoped by their ids (boards.access); the boards themselves for their list
        boards = board_ids_readable_by(user)
        super().__init__(data, queryset=Action.objects.for_boards(boards), prefix=prefix)
        reviews = reviews_visible_to(user)
        scoped = {
            "board": boards_readable_by(user).order_by("name"),
            "plan": Plan.objects.filter(board__in=boards)
            .select_related("board")
            .order_by("board__name", "-period_start", "title"),
            "section": Section.objects.filter(plan__board__in=boards)
            .select_related("plan__board")
            .order_by("plan__board__name", "-plan__period_start", "plan__title", "order", "id"),
            "objective": Objective.objects.filter(plan__board__in=boards)
            .select_related("plan__board", "section")
            .order_by("plan__board__name", "-plan__period_start", "plan__title", "order", "id"),
            "review": reviews.select_related("board").order_by("code", "date", "pk"),
            "finding": Finding.objects.filter(review__in=reviews)
            .select_related("review__board")
            .order_by("review__code", "review__date", "review_id", "order", "id"),
            # those who lead an action of the boards: a probe of the lead user index per user (a condition the
            # database cannot turn into a read of every action led on every board), stopped once the list is full
            "lead_user": get_user_model()
            .objects.alias(
                led=Subquery(
                    Action.objects.for_boards(boards).filter(lead_user=OuterRef("pk")).order_by().values("pk")[:1]
                )
            )
            .filter(led__isnull=False)
            .order_by("last_name", "first_name", "username"),
            "subgroup": Subgroup.objects.filter(board__in=boards)
            .select_related("board")
            .order_by("board__name", "order", "name"),
        }
        for name, queryset in scoped.items():
            self.filters[name].queryset = queryset
        self._reviews = reviews
        self._plans = scoped["plan"]
        self.boards = boards
        self._board_list = None
        self._narrowed_to = (None, None)  # the chosen board and plan the lists are narrowed to (`narrow_lists`)

    @property
    def board_list(self):
        """The user's boards by name, read once: the Board list shows them, and the auditors' filter orders its
        pages by them and counts them (each with `actions`: its number of actions, kept in actions.ActionCount;
        and its numbers of plans, sections, objectives, reviews, findings and subgroups, in actions.BoardContents)."""
        if self._board_list is None:
            # only the columns the list and the pages' order read (a national auditor's 300 boards' other columns
            # are most of the time of making them), with their kept numbers (their numbers of plans, objectives,
            # reviews... tell the lists too long to show without reading them: `least_lengths`), joined, as plain
            # columns: a board with no row yet has None, made 0 below (a Coalesce each was a third of the time of
            # building the query; a subquery per board would read the small tables per board)
            numbers = {"actions": "action_count__actions"}
            numbers.update({f"kept_{number}": f"contents__{number}" for number in KEPT_NUMBER_OF.values()})
            boards = self.filters["board"].queryset
            columns = ("id", "name", "short_name", "slug", *numbers)
            # each made as the database's rows are without the model's constructor (`actions.rag.loaded`): for 300
            # boards, the constructor's per-field work was a third of the time of reading them
            self._board_list = []
            for row in boards.values_list(*columns[:4], *numbers.values()):
                if None in row:  # a board with no kept row (yet): none counted
                    row = (*row[:4], *(value or 0 for value in row[4:]))
                self._board_list.append(rag.loaded(Board, boards.db, zip(columns, row, strict=True)))
            self.form.fields["board"].list_queryset = self._board_list
        return self._board_list

    @property
    def form(self):
        if not hasattr(self, "_form"):
            # the codes and kinds of the reviews the user may see, read once here in one query (not a
            # callable: Django would read it again at every use)
            pairs = set(self._reviews.order_by().values_list("code", "kind").distinct())
            self.filters["source"].extra["choices"] = [(code, code) for code in sorted({c for c, _ in pairs})]
            kinds = {kind for _, kind in pairs}
            self.filters["review_kind"].extra["choices"] = [
                (k, label) for k, label in Review.Kind.choices if k in kinds
            ]
            # every quarter of the user's plans' periods, newest first, as the dashboards offer them: read when
            # the list is shown or a quarter is given, once (the exports without one never read it)
            self.filters["quarter"].extra["choices"] = functools.cache(self._quarter_choices)
            # the capped lists, all read in one query when the first is shown (the exports show none)
            CappedLists.serving(super().form, least_lengths=self.least_lengths)
        return super().form

    def get_form_class(self):
        """django-filter's form class, made for this filterset alone from its own filters' fields (their copies of
        the class's filters): its one form takes them without copying them again."""
        form_class = super().get_form_class()
        form_class.base_fields = _FieldsOfOneForm(form_class.base_fields)
        return form_class

    def narrow_lists(self):
        """After validation: each list shows the options of the chosen board (sections and objectives: of the
        chosen plan, else board), and the chosen option itself. No query here: the lists read when shown."""
        data = self.form.cleaned_data
        board, plan = data.get("board"), data.get("plan")
        self._narrowed_to = (board, plan)
        fields = self.form.fields
        for name, field in fields.items():
            if isinstance(field, CappedModelChoiceField):
                field.chosen = data.get(name)
        if board is not None:
            by_board = {
                "plan": Q(board=board),
                "subgroup": Q(board=board),
                "review": Q(board=board) | Q(board__isnull=True),
                "finding": Q(review__board=board) | Q(review__board__isnull=True),
                "lead_user": Q(led_actions__objective__plan__board=board),
                "section": Q(plan__board=board),
                "objective": Q(plan__board=board),
            }
            for name, condition in by_board.items():
                fields[name].list_queryset = fields[name].queryset.filter(condition).distinct()
        if plan is not None:
            for name in ("section", "objective"):
                fields[name].list_queryset = fields[name].queryset.filter(plan=plan)

    def least_lengths(self):
        """{list name: (the least number of options it has, as narrowed, whether that is its number)}, from the
        boards' kept numbers (`board_list`), for the lists they count: each exactly, but the reviews and findings, to
        which the national ones are added. The sections and objectives of a chosen plan are not counted."""
        board, plan = self._narrowed_to
        boards = [b for b in self.board_list if board is None or b.pk == board.pk]
        return {
            name: (sum(getattr(b, f"kept_{number}") for b in boards), name not in NATIONAL_TOO)
            for name, number in KEPT_NUMBER_OF.items()
            if plan is None or name not in ("section", "objective")
        }

    def _quarter_choices(self):
        span = self._plans.aggregate(start=Min("period_start"), end=Max("period_end"))
        return quarter_choices(span["start"], span["end"]) if span["start"] else []

    @property
    def chosen_quarter(self):
        """The quarter chosen (`actions.quarters.Quarter`; valid form only), or None."""
        code = self.form.cleaned_data.get("quarter")
        return Quarter.parse(code) if code else None

    @property
    def as_at_dependent(self):
        """{name: value} of the filters `qs` left to reporting.audit (valid form only)."""
        data = self.form.cleaned_data
        return {name: data[name] for name in AS_AT_DEPENDENT if data.get(name) not in (None, "")}

    # ---- filters

    def _as_at_dependent(self, queryset, name, value):
        return queryset  # see reporting.audit: decided by actions.rag as at the date

    def filter_section(self, queryset, name, section):
        """The section, or a theme under it."""
        return queryset.filter(Q(objective__section=section) | Q(objective__section__parent=section))

    @staticmethod
    def _citing(queryset, reviews):
        # a subquery, so an objective citing two matching reviews does not list its actions twice
        return queryset.filter(objective__in=Objective.objects.filter(sources__in=reviews).values("pk"))

    def filter_source(self, queryset, name, code):
        return self._citing(queryset, self._reviews.filter(code=code))

    def filter_review(self, queryset, name, review):
        return self._citing(queryset, [review])

    def filter_review_kind(self, queryset, name, kind):
        return self._citing(queryset, self._reviews.filter(kind=kind))

    def filter_finding(self, queryset, name, finding):
        return queryset.filter(objective__in=Objective.objects.filter(findings=finding).values("pk"))

    def filter_lead(self, queryset, name, words):
        return queryset.filter(Q(lead__icontains=words) | Q(objective__lead__icontains=words))

    def filter_text(self, queryset, name, words):
        narratives = ProgressUpdate.objects.filter(narrative__icontains=words).values("action_id")
        return queryset.filter(Q(text__icontains=words) | Q(method__icontains=words) | Q(pk__in=narratives))


ActionFilter.base_filters = _FiltersCopiedOneLevel(ActionFilter.base_filters)


def problems_of(form):
    """What was not understood, one line per field, naming it. A choice the user may not make is not echoed
    (it could be another board's id or code); a date is, so the user sees what they typed."""
    problems = []
    for name, errors in form.errors.items():
        if name == "__all__":
            problems.extend(errors)
            continue
        field = form.fields[name]
        given = form.data.get(form.add_prefix(name), "")
        for error in errors:
            if isinstance(field, forms.DateField) and given:
                problems.append(f"{field.label}: “{_short(given, 40)}” is not a date. {error}")
            else:
                problems.append(f"{field.label}: {error}")
    return problems
