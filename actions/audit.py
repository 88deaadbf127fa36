"""What the auditors' filter finds, and the dates its ratings are as at. Used by the filter page, its exports
and the review pages, so that a page, its CSV and its XLSX always hold the same rows in the same order.

Which date: `?as_at=` rates every action as at that date. Without one, each plan's actions are rated as at the
plan's own date (`plans.as_at.default_for`: today while the plan runs, else its last progress date), as the
plan page shows it: opening Kingston's 2009-2010 plan today does not paint it overdue.

Queries, whatever the number of rows (each query named where it is made):
- the plans' dates (none when `?as_at=` is given);
- with no as-at-dependent filter and not sorted by RAG: the count, the page's actions, their updates;
- otherwise: every candidate action, their updates (then filtered and sorted in Python, then paginated).
The colours, statuses and flags come from `actions.rag.rate`: the rules are not written again here.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.db.models import F, Max
from django.utils import timezone

from boards.access import boards_readable_by
from plans.as_at import default_for
from plans.models import Plan

from . import rag
from .filters import DEFAULT_SORT, NONE, ActionFilter, problems_of
from .models import Action

PER_PAGE = 50
ROW_RELATED = ("objective__plan__board", "objective__section", "subgroup", "lead_user")
# ties: board, plan, then the plan's own order (as the plan page lists its actions)
DOCUMENT_ORDER = ("objective__plan__board__name", "objective__plan_id", "objective__order", "objective_id",
                  "order", "id")


def _ordering(sort):
    """The SQL order for ?sort= (RAG sorts start from the document order; Python sorts them after)."""
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    primary = {
        "board": [F("objective__plan__board__name")],
        "number": [F("objective__order"), F("order")],
        "due": [F("due_date")],
    }.get(key, [])
    ordered = [e.desc(nulls_last=True) if descending else e.asc(nulls_last=True) for e in primary]
    return ordered + list(DOCUMENT_ORDER)


def _rag_sort_key(descending):
    unrated = -1 if descending else len(rag.RANK)  # not rated last, either way

    def key(row):
        return unrated if row.rating.rank is None else row.rating.rank

    return key


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
        """One query (the boards' plans with their last progress date) unless a date was chosen."""
        today = today or timezone.localdate()
        if chosen:
            return cls(chosen=chosen, today=today)
        plans = (Plan.objects.filter(board__in=boards).select_related("board")
                 .defer("introduction", "read_with")
                 .annotate(last_progress=Max("objectives__actions__updates__as_at"))
                 .order_by("board__name", "-period_start", "title"))
        return cls(by_plan={p.pk: (p, default_for(p.period_end, p.last_progress, today)) for p in plans},
                   today=today)

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


def rate(actions, as_at, scope=None):
    """({action id: Rating}, {action id: [updates on or before its date, oldest first]}) for `actions`
    (loaded with their objective), each as at its plan's date. ONE query: every update up to the latest
    date, read through `scope` (a queryset of the same actions, used as a subquery) or the actions' ids."""
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
        self._as_at = None

    @property
    def as_at(self):
        if self._as_at is None:
            self._as_at = AsAt.for_boards(boards_readable_by(self.user), self.chosen_as_at)
        return self._as_at

    @property
    def rated_in_python(self):
        """Whether the rows must all be rated before they can be counted, ordered and cut into pages."""
        return bool(self.checks) or self.sort.lstrip("-") == "rag"

    def _queryset(self, related=ROW_RELATED):
        return self.filterset.qs.select_related(*related).order_by(*_ordering(self.sort))

    def _matches(self, rating):
        checks = self.checks
        if "status" in checks and (rating.status or NONE) != checks["status"]:
            return False
        if "rag" in checks and (rating.colour or NONE) != checks["rag"]:
            return False
        if "overdue" in checks and rating.overdue != checks["overdue"]:
            return False
        if "no_update" in checks and rating.no_update_this_quarter != checks["no_update"]:
            return False
        return True

    def all_rows(self, *, prefetch=()):
        """Every matching row, in the page's order. Queries: [the plans' dates], the actions (+ one per
        `prefetch`), their updates."""
        if not self.valid:
            return []
        as_at = self.as_at
        queryset = self._queryset()
        if prefetch:
            queryset = queryset.prefetch_related(*prefetch)
        actions = list(queryset)
        ratings, histories = rate(actions, as_at, scope=self.filterset.qs)
        rows = [Row(a, ratings[a.pk], as_at.of(a.objective.plan_id), histories[a.pk]) for a in actions]
        rows = [row for row in rows if self._matches(row.rating)]
        if self.sort.lstrip("-") == "rag":
            descending = self.sort.startswith("-")
            rows.sort(key=_rag_sort_key(descending), reverse=descending)  # stable: ties keep document order
        return rows

    def page(self, number):
        """(Page, [Row]) for ?page= (50 a page; a bad or too high page number gives the nearest page)."""
        if not self.valid:
            return Paginator([], PER_PAGE).get_page(1), []
        if self.rated_in_python:
            page = Paginator(self.all_rows(), PER_PAGE).get_page(number)
            return page, list(page.object_list)
        as_at = self.as_at
        page = Paginator(self._queryset(), PER_PAGE).get_page(number)  # the count, then the page's actions
        actions = list(page.object_list)
        ratings, _ = rate(actions, as_at)  # the page's updates
        return page, [Row(a, ratings[a.pk], as_at.of(a.objective.plan_id)) for a in actions]
