"""What the auditors' filter finds, and the dates its ratings are as at. Used by the filter page, its exports
and the review pages, so that a page, its CSV and its XLSX always hold the same rows in the same order.

Which date: `?as_at=` rates every action as at that date. Without one, each plan's actions are rated as at the
plan's own date (`actions.as_at.default_as_at`: today while the plan runs, else its last progress date), as the
plan page shows it: opening Kingston's 2009-2010 plan today does not paint it overdue.

Everything is counted, filtered, sorted and cut into pages by the database, whatever the number of actions
(90,000 for a national auditor): the as-at-dependent filters (status, RAG, overdue, no update) and the RAG
sort through `actions.rag.annotate_ratings`, the RAG rules in SQL; the rows shown are then rated by the rules
in Python (`actions.rag`), for their reasons in words, from what is kept of each action's history where it holds
(its current state at the plans' own dates, its quarter snapshot row where the filter read them), else from its
updates. Queries, whatever the number of rows (each named where it is made):
- filtered or sorted by how actions stand: the plans' dates (none when `?as_at=` is given), the count, the
  page's actions, their snapshot rows or updates;
- otherwise: the count, the page's actions, the dates of their plans (none when `?as_at=` is given), their
  current states (their updates, as at a given date).
The exports (`all_rows`) read every matching action instead of a page, with all its updates (`history=1`
lists them).
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, FilteredRelation, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from actions import rag
from actions.as_at import default_as_at, with_last_progress
from actions.models import Action, ActionState, QuarterSnapshot
from actions.quarters import quarter_of
from actions.signoff import kept_at
from actions.structure import ACTION_FIELDS, as_it_stood, edited_after, joined_by
from boards.models import Board, Subgroup
from plans.models import Objective, Plan, running_on

from .filters import DEFAULT_SORT, NONE, WHERE_FILTERS, ActionFilter, problems_of

PER_PAGE = 50
# the annotation each as-at-dependent filter reads (actions.rag.annotate_ratings)
CHECKED_BY = (
    ("status", "rag_status"),
    ("rag", "rag_colour"),
    ("overdue", "rag_overdue"),
    ("no_update", "rag_no_update"),
)
ROW_RELATED = ("objective__plan__board", "objective__section", "subgroup", "lead_user")
# what a page's rows show and rate (its template, `actions.rag.latest_ratings`, and `as_it_stood` at a chosen date):
# a page reads only these of its actions and their relations, not every column of seven tables (the plans' long
# texts among them); each object made from them as the database's rows are (`rag.loaded`), not by the models'
# constructors, which with deferred fields took a third of the time of reading the page's fifty actions. By path
# from the action ("": its own), each model and the fields read of it (a relation: its id)
PAGE_OBJECTS = rag.RowLayout(
    ("", Action, ("id", "objective", *ACTION_FIELDS, "withdrawn_on", "lead_user", "subgroup")),
    ("objective", Objective, ("id", "plan", "lead")),
    ("objective__plan", Plan, ("id", "board", "title")),
    ("objective__plan__board", Board, ("id", "short_name")),
)
# and the names its rows show of each action's lead user and subgroup (`_named`), each a column of its own (a
# subquery by id), not a LEFT JOIN: two joins more took the planning of the page's query from 2 ms to 5
# (in no order: a subgroup's default order joined its board and sorted, for the one row)
_USER = get_user_model()
_USERS = _USER.objects.filter(pk=OuterRef("lead_user_id")).order_by()
LEAD_NAMES = {f"lead_{name}": name for name in rag.user_names(_USER)}
PAGE_NAMES = {
    **{alias: Subquery(_USERS.values(name)) for alias, name in LEAD_NAMES.items()},
    "subgroup_name": Subquery(Subgroup.objects.filter(pk=OuterRef("subgroup_id")).order_by().values("name")),
}
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


# what the dates' plans are read as: their dates (`default_as_at`), and what the pages say of them (title, board)
AS_AT_PLANS = rag.RowLayout(
    ("", Plan, ("id", "board", "title", "kind", "period_start", "period_end", "status")),
    ("board", Board, ("id", "short_name")),
)


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
        return cls._of(Plan.objects.filter(pk__in_ids=plan_ids), chosen, today)

    @classmethod
    def _of(cls, plans, chosen, today):
        today = today or timezone.localdate()
        if chosen:
            return cls(chosen=chosen, today=today)
        # each plan made from the columns its date and the page's words read, with its board's short name (as
        # `rag.loaded`: the other fields deferred), not by the models' constructors
        rows = (
            with_last_progress(plans)
            .order_by("board__name", "-period_start", "title")
            .values_list(*AS_AT_PLANS.columns, "last_progress")
        )
        by_plan = {}
        for row in rows:
            plan, (last_progress,) = AS_AT_PLANS.made(row, rows.db)
            plan.last_progress = last_progress
            by_plan[plan.pk] = (plan, default_as_at(plan, today))
        return cls(by_plan=by_plan, today=today)

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


class Located:
    """The matching actions as consecutive groups in the page's order (a board's actions, or those of one colour
    on a board), each counted: the count is their sum, and a page reads only the actions of the groups it spans,
    never sorting the rest. What Django's Paginator is given as its object list."""

    def __init__(self, groups, read):
        self.groups = groups  # [(key, number of actions)] in the page's order
        self.read = read  # read(keys, offset, limit): the actions of these groups, in order, sliced

    def count(self):
        return sum(n for _, n in self.groups)

    def __len__(self):
        return self.count()

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        keys, first, seen = [], None, 0
        for key, n in self.groups:
            if n and seen + n > start and seen < stop:
                first = seen if first is None else first
                keys.append(key)
            seen += n
        return self.read(keys, start - first, stop - start) if keys else []


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
        self.quarter = self.filterset.chosen_quarter if data else None
        self.chosen_as_at = data.get("as_at") or (self.quarter.end if self.quarter else None)
        self.sort = data.get("sort") or DEFAULT_SORT
        self.checks = self.filterset.as_at_dependent if bound and self.valid else {}
        self.narrowed = bool(data) and any(data.get(name) not in (None, "") for name in WHERE_FILTERS)
        if bound and self.valid:
            self.filterset.narrow_lists()
        self._as_at = None
        self._every_plan_kept = None

    @property
    def as_at(self):
        """The dates rows are rated as at: every plan's of the user's boards (or the chosen date), or, once a
        page was read without needing them all, its plans' only."""
        if self._as_at is None:
            self._as_at = AsAt.for_boards(self.filterset.boards, self.chosen_as_at)
        return self._as_at

    @property
    def rated_in_sql(self):
        """Whether the database must rate every candidate to filter or order them (actions.rag.annotate_ratings)."""
        return bool(self.checks) or self.sort.lstrip("-") == "rag"

    @property
    def quarter_end(self):
        """The chosen date when it is a quarter's last day: the date quarter snapshots are kept as at."""
        day = self.chosen_as_at
        return day if day and day == quarter_of(day).end else None

    @property
    def from_snapshots(self):
        """Whether how the actions stood is read from the quarter snapshots: rated at a quarter end for which every
        plan the filter covers has them. Otherwise the RAG rules rate them (actions.rag.annotate_ratings): the
        same rows, in the same order."""
        if not self.rated_in_sql or self.quarter_end is None:
            return False
        if self._every_plan_kept is None:
            self._every_plan_kept = self._is_every_plan_kept()
        return self._every_plan_kept

    def _is_every_plan_kept(self):
        """Whether the plans the filter covers are some, and each has snapshot rows as at the quarter end: with a
        quarter, the plans of the user's boards running at its end (`_covered`), else every plan of the user's boards.
        Query: how many plans it covers and how many of those have no rows, each probing the snapshots' index, in one
        row (a row per plan of the user's boards was 2 ms at 300 boards: 921 plans, two thirds not running then);
        where no plan ran at the quarter's end, whether one has rows all the same (kept, so covered)."""
        end = self.quarter_end
        kept = kept_at(end)
        plans = Plan.objects.filter(board__in=self.filterset.boards)
        if self.quarter:
            running = running_on(end)
            counts = plans.aggregate(covered=Count("pk", filter=running), lacking=Count("pk", filter=running & ~kept))
        else:
            counts = plans.aggregate(covered=Count("pk"), lacking=Count("pk", filter=~kept))
        if counts["lacking"]:
            return False
        return bool(counts["covered"]) or (self.quarter is not None and plans.filter(kept).exists())

    def _covered(self):
        """The actions of the plans a quarter covers: those running at its end, and any with snapshot rows of it."""
        end = self.quarter_end
        return running_on(end, "objective__plan__") | kept_at(end, "objective__plan")

    def _queryset(self, related=ROW_RELATED):
        queryset = self.filterset.qs
        if self.chosen_as_at:  # as at a chosen date: the outcomes that had joined their plans by then
            queryset = queryset.filter(joined_by(self.chosen_as_at))
        if self.quarter and not self.from_snapshots:  # as at a quarter end: the plans running then
            queryset = queryset.filter(self._covered())
        if self.from_snapshots:
            # the actions with a row of the quarter end, as the counts read from the rows take them (`_group_counts`):
            # those of the plans running then, each of which has rows (not named by their ids, hundreds at national
            # scale, which only lengthened the query's planning)
            kept = FilteredRelation("snapshots", condition=Q(snapshots__quarter_end=self.quarter_end))
            # one filter: the row's checks on the same join (in a filter of their own, a second join of the row)
            queryset = queryset.alias(kept=kept).filter(
                Q(kept__isnull=False) & _snapshot_checks(self.checks, self.quarter_end, "kept__")
            )
            queryset = queryset.annotate(rag_rank=F("kept__rag_rank"))
        elif self.rated_in_sql:
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
        if related:  # none for a page's rows, read as columns (`_named`): select_related() alone would join them all
            queryset = queryset.select_related(*related)
        return queryset.order_by(*_ordering(self.sort))

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
        # the count (by group), then the page's actions
        page = Paginator(self._located(), PER_PAGE).get_page(number)
        actions = list(page.object_list)
        return page, self._rows(actions, with_history=False)

    # ---- the page located by counting groups

    def _grouped_by(self):
        """What the page's order begins with: the board (by name), or the colour then the board; None when
        it sorts by number or due date (one group)."""
        key = self.sort.lstrip("-")
        return {"board": ("board",), "rag": ("rank", "board")}.get(key)

    def _located(self):
        queryset = self._queryset(related=())
        named = queryset.annotate(**PAGE_NAMES)  # the page's rows (not what is counted)
        if self.chosen_as_at:  # each with whether it was edited since: as_it_stood reads the history of those alone
            named = named.annotate(edited_after=edited_after(Action, self.chosen_as_at))
        grouped = self._grouped_by()
        if grouped is None:
            return Located([(None, queryset.count())], lambda keys, offset, limit: _named(named, offset, limit))
        names = {board.pk: board.name for board in self.filterset.board_list}
        counts = self._group_counts(queryset, grouped)
        descending = self.sort.startswith("-")

        def place(key):
            board = names.get(key[-1], "")
            if len(key) == 1:
                return board
            rank = key[0]
            return ((rank == rag.NOT_RATED_RANK, -rank) if descending else (rank,), board)

        groups = sorted(counts.items(), key=lambda item: place(item[0]), reverse=descending and len(grouped) == 1)

        def read(keys, offset, limit):
            if grouped == ("board",):
                condition = Q(objective__plan__board__in_ids=[key[0] for key in keys])
            else:
                condition = Q()
                for rank, board in keys:
                    condition |= Q(objective__plan__board=board, rag_rank=rank)
            return _named(named.filter(condition), offset, limit)

        return Located(groups, read)

    def _group_counts(self, queryset, grouped):
        """{(board,) or (rank, board): number of matching actions}. From the narrow tables when nothing but the
        board narrows the filter: the quarter snapshots (rated at a quarter end), else each board's number of
        actions (ActionCount, read with the boards; as at a chosen date, their current states that had joined by
        then); otherwise from the filtered actions themselves."""
        boards = [board.pk for board in self.filterset.board_list]
        chosen = self.filterset.form.cleaned_data.get("board") if self.filterset.is_bound else None
        if chosen is not None:
            boards = [chosen.pk]
        if not self.narrowed and self.from_snapshots:
            rows = (
                QuarterSnapshot.objects.filter(quarter_end=self.quarter_end, board__in_ids=boards)
                .filter(_snapshot_checks(self.checks, self.quarter_end, ""))
                .values_list("rag_rank", "board")
            )
        elif not self.narrowed and not self.rated_in_sql and self.quarter is None:
            if not self.chosen_as_at:  # every action: the boards' counts kept as they change, read with them
                counted = {board.pk: board.actions for board in self.filterset.board_list}
                return {(board,): counted[board] for board in boards if counted[board]}
            rows = (
                ActionState.objects.filter(board__in_ids=boards)
                .filter(joined_by(self.chosen_as_at))
                .values_list("board")
            )
        else:
            board = "objective__plan__board"
            rows = queryset.values_list(*(("rag_rank", board) if len(grouped) == 2 else (board,)))
        counts = {}
        # COUNT(*), not of the ids: the snapshots' counts are then read from their index alone (actions.signoff)
        for *key, n in rows.order_by().annotate(n=Count("*")):
            key = tuple(key)
            if len(grouped) == 1 and len(key) == 2:
                key = key[1:]
            counts[key] = counts.get(key, 0) + n
        return counts

    def _rows(self, actions, scope=None, with_history=True):
        if self._as_at is None:  # the dates of these actions' plans only
            self._as_at = AsAt.for_plans({a.objective.plan_id for a in actions}, self.chosen_as_at)
        as_at = self.as_at
        if self.chosen_as_at:  # query (a date before today; none where none was): those edited since, as they were
            as_it_stood(actions, self.chosen_as_at, ACTION_FIELDS)
        if not with_history:
            dates = as_at.chosen or {a.objective.plan_id: as_at.of(a.objective.plan_id) for a in actions}
            if self.from_snapshots or not self.chosen_as_at:
                # query: their quarter snapshot rows (every action has one), or their current states (at their plans'
                # own dates: today, or the last progress date), each with its update
                ratings = rag.ratings_from_latest(actions, dates, current=not self.chosen_as_at)
            else:  # query: their updates, each one's latest then picked by the rules
                ratings = rag.latest_ratings(actions, dates)
            return [Row(a, ratings[a.pk], as_at.of(a.objective.plan_id)) for a in actions]
        ratings, histories = rate(actions, as_at, scope=scope)  # their updates
        return [Row(a, ratings[a.pk], as_at.of(a.objective.plan_id), histories[a.pk]) for a in actions]


def _named(queryset, offset, limit):
    """The page's actions (`limit` of `queryset`, with PAGE_NAMES, from `offset`) made from the columns a row reads
    (PAGE_OBJECTS) and every annotation, each with its objective, plan and board as `select_related` would give them,
    and its lead user and subgroup made from the names read (as `loaded`: the other fields deferred)."""
    annotations = list(queryset.query.annotation_select)
    rows = queryset.values_list(*PAGE_OBJECTS.columns, *annotations)[offset : offset + limit]
    db, actions = rows.db, []
    for row in rows:
        action, values = PAGE_OBJECTS.made(row, db)
        action.__dict__.update(zip(annotations, values, strict=True))
        cache = action._state.fields_cache
        names = [getattr(action, alias) for alias in LEAD_NAMES]
        cache["lead_user"] = rag.named_user(_USER, db, action.lead_user_id, names)
        cache["subgroup"] = (
            None
            if action.subgroup_id is None
            else rag.loaded(Subgroup, db, (("id", action.subgroup_id), ("name", action.subgroup_name)))
        )
        actions.append(action)
    return actions


def _snapshot_checks(checks, quarter_end, prefix):
    """The as-at-dependent filters as a condition on the quarter snapshot's columns (`prefix`: the path to them).
    'No update this quarter' is the row's missing update (open, no update dated in the quarter) or, for a closed
    action, its latest update then (which the row keeps) dated before the quarter: no probe of the updates."""
    condition = Q()
    if "status" in checks:
        condition &= Q(**{f"{prefix}status": "" if checks["status"] == NONE else checks["status"]})
    if "rag" in checks:
        condition &= Q(**{f"{prefix}rag": "" if checks["rag"] == NONE else checks["rag"]})
    if "overdue" in checks:
        condition &= Q(**{f"{prefix}overdue": checks["overdue"]})
    if "no_update" in checks:
        quiet = Q(**{f"{prefix}missing_update": True}) | Q(
            **{f"{prefix}status__in": rag.CLOSED, f"{prefix}update__as_at__lt": quarter_of(quarter_end).start}
        )
        condition &= quiet if checks["no_update"] else ~quiet
    return condition
