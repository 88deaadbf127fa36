"""What the auditors' filter finds, and the dates its ratings are as at. Used by the filter page, its exports
and the review pages, so that a page, its CSV and its XLSX always hold the same rows in the same order.

Which date: `?as_at=` rates every action as at that date. Without one, each plan's actions are rated as at the
plan's own date (`actions.as_at.default_as_at`: today while the plan runs, else its last progress date), as the
plan page shows it: opening Kingston's 2009-2010 plan today does not paint it overdue.

Everything is counted, filtered, sorted and cut into pages by the database, whatever the number of actions
(90,000 for a national auditor): the as-at-dependent filters (status, RAG, overdue, no update) and the RAG
sort through `actions.rag.annotate_ratings`, the RAG rules in SQL; the rows shown are then rated by
`actions.rag.rate` from their updates, for their reasons in words. Queries, whatever the number of rows
(each named where it is made):
- filtered or sorted by how actions stand: the plans' dates (none when `?as_at=` is given), the count, the
  page's actions, their updates;
- otherwise: the count, the page's actions, the dates of their plans (none when `?as_at=` is given), their
  updates.
The exports (`all_rows`) read every matching action instead of a page, with its updates.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Case, F, Value, When
from django.utils import timezone

from actions import rag
from actions.as_at import default_as_at, with_last_progress
from actions.models import Action
from actions.structure import ACTION_FIELDS, as_it_stood, joined_by
from boards.access import boards_readable_by
from plans.models import Plan

from .filters import DEFAULT_SORT, NONE, ActionFilter, problems_of

PER_PAGE = 50
# the annotation each as-at-dependent filter reads (actions.rag.annotate_ratings)
CHECKED_BY = (
    ("status", "rag_status"),
    ("rag", "rag_colour"),
    ("overdue", "rag_overdue"),
    ("no_update", "rag_no_update"),
)
ROW_RELATED = ("objective__plan__board", "objective__section", "subgroup", "lead_user")
# ties: board, plan, then the plan's own order (as the plan page lists its actions)
DOCUMENT_ORDER = (
    "objective__plan__board__name",
    "objective__plan_id",
    "objective__order",
    "objective_id",
    "order",
    "id",
)


def _ordering(sort):
    """The SQL order for ?sort=, ties in document order. RAG: Red first (or Blue first), not rated last either
    way (`rag_rank`, from actions.rag.annotate_ratings)."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key == "rag":
        if descending:
            unrated_last = Case(When(rag_rank=len(rag.RANK), then=Value(1)), default=Value(0))
            return [unrated_last.asc(), F("rag_rank").desc(), *DOCUMENT_ORDER]
        return [F("rag_rank").asc(), *DOCUMENT_ORDER]
    primary = {
        "board": [F("objective__plan__board__name")],
        "number": [F("objective__order"), F("order")],
        "due": [F("due_date")],
    }.get(key, [])
    ordered = [e.desc(nulls_last=True) if descending else e.asc(nulls_last=True) for e in primary]
    return ordered + list(DOCUMENT_ORDER)


# --------------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------------


@dataclass
class AsAt:
    """The date each plan's actions are rated as at: `chosen` for all, or each plan's own default."""

    chosen: date | None = None
    by_plan: dict = field(default_factory=dict)  # plan id -> (plan, date), when none was chosen
    today: date = field(default_factory=timezone.localdate)

    @classmethod
    def for_boards(cls, boards, chosen=None, today=None):
        """Each of the boards' plans with its own date (its last progress date read), unless a date was chosen."""
        return cls._of(Plan.objects.filter(board__in=boards), chosen, today)

    @classmethod
    def for_plans(cls, plan_ids, chosen=None, today=None):
        """The same for these plans only (a page's)."""
        return cls._of(Plan.objects.filter(pk__in=plan_ids), chosen, today)

    @classmethod
    def _of(cls, plans, chosen, today):
        today = today or timezone.localdate()
        if chosen:
            return cls(chosen=chosen, today=today)
        plans = with_last_progress(plans.select_related("board").defer("introduction", "read_with")).order_by(
            "board__name", "-period_start", "title"
        )
        return cls(by_plan={p.pk: (p, default_as_at(p, today)) for p in plans}, today=today)

    def of(self, plan_id):
        if self.chosen:
            return self.chosen
        entry = self.by_plan.get(plan_id)
        return entry[1] if entry else self.today

    @property
    def latest(self):
        """The latest date any action is rated as at: one read of updates up to it serves them all."""
        if self.chosen:
            return self.chosen
        return max((d for _, d in self.by_plan.values()), default=self.today)

    @property
    def plans(self):
        """[(plan, date)] when each plan has its own date."""
        return list(self.by_plan.values())

    def for_sql(self):
        """What actions.rag.annotate_ratings takes: the chosen date, or {plan id: its date}."""
        return self.chosen or {plan_id: day for plan_id, (_, day) in self.by_plan.items()}


def rate(actions, as_at, scope=None):
    """({action id: Rating}, {action id: [updates on or before its date, oldest first]}) for `actions`
    (loaded with their objective), each as at its plan's date, from every update up to the latest date read
    at once through `scope` (a queryset of the same actions, used as a subquery) or the actions' ids."""
    history = rag.history_by_action(actions if scope is None else scope, as_at.latest)
    ratings, histories = {}, {}
    for action in actions:
        day = as_at.of(action.objective.plan_id)
        updates = [u for u in history.get(action.pk, ()) if u.as_at <= day]
        histories[action.pk] = updates
        ratings[action.pk] = rag.rate(action, updates, day)
    return ratings, histories


# --------------------------------------------------------------------------------------------------
# The search
# --------------------------------------------------------------------------------------------------


@dataclass
class Row:
    action: Action
    rating: rag.Rating
    as_at: date
    history: list = field(default_factory=list)  # updates on or before as_at, oldest first

    @property
    def board(self):
        return self.action.objective.plan.board

    @property
    def narrative(self):
        return self.rating.update.narrative if self.rating.update else ""


class Search:
    """The filter as the user gave it: `valid`, `problems`, the date(s), and the rows (`page`, `all_rows`).
    Bad input filters nothing and shows nothing: the problems say which field and why."""

    def __init__(self, user, params):
        self.user = user
        self.filterset = ActionFilter(params or None, user=user)
        bound = self.filterset.is_bound
        self.valid = not bound or self.filterset.is_valid()
        self.problems = [] if self.valid else problems_of(self.filterset.form)
        data = self.filterset.form.cleaned_data if bound and self.valid else {}
        self.chosen_as_at = data.get("as_at")
        self.sort = data.get("sort") or DEFAULT_SORT
        self.checks = self.filterset.as_at_dependent if bound and self.valid else {}
        if bound and self.valid:
            self.filterset.narrow_lists()
        self._as_at = None

    @property
    def as_at(self):
        """The dates rows are rated as at: every plan's of the user's boards (or the chosen date), or, once a
        page was read without needing them all, its plans' only."""
        if self._as_at is None:
            self._as_at = AsAt.for_boards(boards_readable_by(self.user), self.chosen_as_at)
        return self._as_at

    @property
    def rated_in_sql(self):
        """Whether the database must rate every candidate to filter or order them (actions.rag.annotate_ratings)."""
        return bool(self.checks) or self.sort.lstrip("-") == "rag"

    def _queryset(self, related=ROW_RELATED):
        queryset = self.filterset.qs
        if self.chosen_as_at:  # as at a chosen date: the outcomes that had joined their plans by then
            queryset = queryset.filter(joined_by(self.chosen_as_at))
        if self.rated_in_sql:
            checks = self.checks
            fields = [name for check, name in CHECKED_BY if check in checks]
            if self.sort.lstrip("-") == "rag":
                fields.append("rag_rank")
            # query: the plans' dates; at a chosen date, the due dates as they stood then (actions.structure)
            queryset = rag.annotate_ratings(
                queryset, self.as_at.for_sql(), fields, due_dates_then=bool(self.chosen_as_at)
            )
            if "status" in checks:
                status = checks["status"]
                queryset = queryset.filter(
                    **({"rag_status__isnull": True} if status == NONE else {"rag_status": status})
                )
            if "rag" in checks:
                colour = checks["rag"]
                queryset = queryset.filter(
                    **({"rag_colour__isnull": True} if colour == NONE else {"rag_colour": colour})
                )
            if "overdue" in checks:
                queryset = queryset.filter(rag_overdue=checks["overdue"])
            if "no_update" in checks:
                queryset = queryset.filter(rag_no_update=checks["no_update"])
        return queryset.select_related(*related).order_by(*_ordering(self.sort))

    def all_rows(self, *, prefetch=()):
        """Every matching row, in the page's order, rated as the page rates them (for the exports)."""
        if not self.valid:
            return []
        queryset = self._queryset()
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch)
        actions = list(queryset)
        return self._rows(actions, scope=queryset.order_by().values("pk"))

    def page(self, number):
        """(Page, [Row]) for ?page= (50 a page; a bad or too high page number gives the nearest page)."""
        if not self.valid:
            return Paginator([], PER_PAGE).get_page(1), []
        page = Paginator(self._queryset(), PER_PAGE).get_page(number)  # the count, then the page's actions
        actions = list(page.object_list)
        return page, self._rows(actions)

    def _rows(self, actions, scope=None):
        if self._as_at is None:  # the dates of these actions' plans only
            self._as_at = AsAt.for_plans({a.objective.plan_id for a in actions}, self.chosen_as_at)
        as_at = self.as_at
        if self.chosen_as_at:  # query (a date before today): the actions edited since, as they stood then
            as_it_stood(actions, self.chosen_as_at, ACTION_FIELDS)
        ratings, histories = rate(actions, as_at, scope=scope)  # their updates
        return [Row(a, ratings[a.pk], as_at.of(a.objective.plan_id), histories[a.pk]) for a in actions]
