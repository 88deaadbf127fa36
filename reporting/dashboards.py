"""What the dashboards show, assembled in a constant number of queries. Colours come from `actions.rag`.

Board dashboard (`board_dashboard`): per plan of the board (or one chosen plan) as at a date, its RAG mix
per objective, overdue actions, open actions with no update this quarter, actions achieved this quarter,
the mix at each quarter end of the plan's period up to that date, and the direction of travel since the previous
quarter end: how many actions went each way, and the actions that moved, as the quarterly report shows them (a
hundred rows of "Same" hid the few that moved; every action is a link away, in Find actions as at the date)
(`reporting.rollup`, the read model the quarterly report shares). The same
queries whatever the number of plans, objectives, actions and updates. Every quarter end a section reads (its
trend's, its date's when that is one, and the one before) is read from the plan's quarter snapshot rows
(`actions.snapshots`) where it has them: what the board saw. The others are rated live from one read of the
narrow columns of the actions' updates (`actions.rag.ratings_at`): each action's rating at its plan's date and
the quarter end before, and its colour at each quarter end of the trend. Objectives, actions and the updates a
rating names are read as the columns the page shows, not as model instances (a section has hundreds of actions).
Each action's line is worked out once in Python (`DashboardLine`), and each section is placed whole by Jinja2
(templates/jinja2/reporting/dashboard_sections.html, which includes the lists, direction rows and charts' tables
of numbers; lscb/jinja.py): a section of 300 actions is some 2,000 cells, and Django's engine, resolving each
through its lookup chain with an inclusion tag per badge, took most of the page's time (about 340 ms of the
national-scale page; Jinja2 about a quarter of that). The trends' mixes, kept or live, are colours alone
(`rag.roll_up_of_colours`): what their charts and tables show.

Cross-board dashboard (`cross_board_rows`): one row per board the user may read: its RAG mix, overdue
actions and missing updates, as at one date; the page draws `BOARDS_PER_PAGE` of them after the row of all of them
(`all_boards_row`): 300 rows of strips were two thirds of a national auditor's page. The same queries whatever
the number of boards and actions: the boards, and the database's count of their actions per colour, status,
overdue and missing update (`actions.rag.roll_ups`: the RAG rules in SQL over each action's current state,
`actions.ActionState`, one narrow table, joined to the plans only to count the plans running on the date; no update
is read into Python). At national scale (300 boards, 90,000 actions) that is about a tenth of a second, where
rating every action in Python from its updates took 26. As at a quarter end, the plans that have quarter snapshot
rows for it (`actions.snapshots`) are counted from those instead, by board and colour from one index, with no update
probed; plans nobody snapshotted are counted live.

A date is given as `?as_at=YYYY-MM-DD` or `?quarter=2010-Q2` (its last day); without one each plan shows
itself as at its default date (`actions.as_at.default_as_at`: today while it runs, else its last progress
date). The same date always gives the same numbers: updates dated after it are never read.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from types import SimpleNamespace
from typing import NamedTuple
from urllib.parse import urlencode

from django import forms
from django.db.models import Count, F, Max, Min, Q
from django.template.defaultfilters import truncatewords
from django.utils import dateformat, timezone

from actions import rag, sheet
from actions.as_at import AsAtForm, default_as_at_and_why, with_last_progress
from actions.models import Action, ActionState, QuarterSnapshot
from actions.signoff import kept_at
from actions.structure import as_it_stood, edited_after, had_joined, joined_by
from lscb.jinja import Route
from plans.models import Objective, Plan, running_on
from reporting import charts

from .rollup import ActionLine, PlanProgress, trend_ends, trend_points

# --------------------------------------------------------------------------------------------------
# Which date: ?as_at= or ?quarter=, and ?plan= on a board's dashboard
# --------------------------------------------------------------------------------------------------


class DashboardDateForm(AsAtForm):
    quarter = forms.CharField(
        label="or the end of the quarter",
        required=False,
        max_length=60,
        help_text="As the list offers it, Q2 2010/11 (July to September 2010), or 2010-Q2.",
    )
    plan = forms.IntegerField(required=False, min_value=1, error_messages={"invalid": "Choose a plan from the list."})
    plans = forms.ChoiceField(
        required=False,
        choices=[("all", "every plan")],
        error_messages={"invalid_choice": "Choose a plan from the list."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_at"].label = "As at"

    def clean_quarter(self):
        text = self.cleaned_data["quarter"].strip()
        if not text:
            return None
        try:
            return rag.parse_quarter(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        data = super().clean()
        if data.get("as_at") and data.get("quarter"):
            raise forms.ValidationError("Give an as-at date or a quarter, not both.")
        return data


@dataclass
class DateChoice:
    """What the request asked for: a date (None: the default), a plan id, and what was wrong with them."""

    as_at: object = None
    quarter: object = None
    plan_id: int | None = None
    every_plan: bool = False  # ?plans=all: every plan of the board, not only those in force
    problems: list = field(default_factory=list)
    form: object = None

    @classmethod
    def from_query(cls, params):
        form = DashboardDateForm(params or None)
        if form.is_bound and not form.is_valid():
            problems = []
            for name, errors in form.errors.items():
                given = params.get(name, "") if name != "__all__" else ""
                for error in errors:
                    if name == "as_at":
                        problems.append(f"The as-at date “{given}” was not understood: {error}")
                    elif name in ("plan", "plans"):
                        problems.append(f"The plan “{given}” was not understood: {error}")
                    else:
                        problems.append(error)
            return cls(plan_id=form.cleaned_data.get("plan"), problems=problems, form=form)
        data = form.cleaned_data if form.is_bound else {}
        quarter = data.get("quarter")
        as_at = data.get("as_at") or (quarter.end if quarter else None)
        every_plan = data.get("plans") == "all"
        return cls(as_at=as_at, quarter=quarter, plan_id=data.get("plan"), every_plan=every_plan, form=form)

    @cached_property
    def values(self):
        """What to put back in the form's fields: what was given and understood."""
        return {
            "as_at": self.as_at.isoformat() if self.as_at and not self.quarter else "",
            "quarter": self.quarter.long_label if self.quarter else "",
        }

    @cached_property
    def field_errors(self):
        """{"as_at": its errors, "quarter": its errors}, each as one text ("" for none): what the date form shows
        beside each field (every key there, so that the template finds each without a failed lookup)."""
        errors = self.form.errors if self.form is not None else {}
        return {name: " ".join(errors.get(name, ())) for name in ("as_at", "quarter")}

    def query(self, **extra):
        """The query string that keeps the chosen date, with `extra` parameters (e.g. plan=3)."""
        params = {k: v for k, v in self.values.items() if v}
        if self.quarter:  # links carry the code: short, and read back the same
            params["quarter"] = self.quarter.code
        params.update({k: v for k, v in extra.items() if v})
        return f"?{urlencode(params)}" if params else ""


def _day(d):
    return dateformat.format(d, "j F Y")


# --------------------------------------------------------------------------------------------------
# A board's dashboard
# --------------------------------------------------------------------------------------------------


@dataclass
class ObjectiveMix:
    objective: object
    roll_up: rag.RollUp

    @cached_property  # the chart and its table of numbers both show it
    def label(self):
        title = self.objective.title or self.objective.section_title or ""  # as Objective.display_title
        return f"{self.objective.number}. {title}".strip()


@dataclass
class DashboardLine(ActionLine):
    """An action's line in its plan's section, its words worked out here once (as BoardRow's), so that the page's
    template only places them: at national scale a section has 300 lines, each maybe in the direction of travel
    table (if it moved) and in the lists (overdue, missing updates, achieved)."""

    url: str = ""  # the action's page
    text: str = ""  # its words as the table shows them (14), and as the lists do (18: `list_text`)
    list_text: str = ""
    flag: str = ""  # after the rating's label in the table: ", overdue" or ", completed late"

    @classmethod
    def of(cls, action, rating, before, url):
        words = action.text.split()
        return cls(
            action,
            rating,
            before,
            rag.direction_of_travel(before, rating),
            url=url,
            text=_truncated(action.text, words, 14),
            list_text=_truncated(action.text, words, 18),
            flag=", overdue" if rating.overdue else ", completed late" if rating.completed_late else "",
        )


def _truncated(text, words, length):
    """`text|truncatewords:length` (`words`: its words, split once for both lengths a line shows): the filter
    itself only where there is something to cut; otherwise what it gives then, the words joined by single spaces
    (most outcomes are shorter than 14 words, and the filter's lazy Truncator and translated ellipsis cost more
    than the rest of a line)."""
    return " ".join(words) if len(words) <= length else truncatewords(text, length)


@dataclass
class PlanDashboard(PlanProgress):
    """A plan's section of its board's dashboard: the shared read model, why this date, the mix per objective."""

    why: str  # why this date: chosen, or the default and its reason
    objectives: list  # an ObjectiveMix per objective

    @property
    def chart_id(self):
        return f"plan{self.plan.pk}"

    def objectives_chart(self):
        return charts.rag_bars(
            [(mix.label, mix.roll_up) for mix in self.objectives],
            chart_id=f"{self.chart_id}-objectives",
            title=f"RAG mix per objective of {self.plan.title}, as at {_day(self.as_at)}",
            desc="One bar per objective, as long as its number of actions, split into Red (R), Amber (A), "
            "Green (G), Blue (B) and not rated (–); each has its own pattern. The table after the chart "
            "gives the numbers.",
        )

    def trend_chart(self):
        return charts.plan_trend(self.plan, self.trend, self.as_at, chart_id=f"{self.chart_id}-trend")

    @property
    def find_query(self):
        """The auditors' filter's query string for every action of the plan as at the section's date, worst first:
        the direction of travel table lists only the actions that moved."""
        return urlencode({"plan": self.plan.pk, "as_at": self.as_at.isoformat(), "sort": "rag"})


@dataclass
class BoardDashboard:
    board: object
    plans: list  # every plan of the board, for the plan picker
    sections: list  # a PlanDashboard per plan shown
    chosen_plan: object = None
    problems: list = field(default_factory=list)
    # which plans are shown: "chosen" (one), "every" (?plans=all), "running" (those running on the chosen date),
    # "in_force" (by default: those in force today) or "latest" (by default, none in force: the last to end)
    shown_as: str = "in_force"

    @property
    def shows_in_force(self):
        """Whether it shows what it shows by default (the plans in force, on the date chosen or today): the plan
        picker's first link is the current one."""
        return self.shown_as in ("in_force", "latest", "running")


def board_dashboard(board, *, as_at=None, quarter=None, plan_id=None, every_plan=False, today=None):
    """The board's dashboard as at `as_at` (None: each plan's default date; `quarter`: the quarter it was
    chosen as, for the words), for the plan `plan_id`, every plan (`every_plan`), or by default those in force:
    running on the date chosen; without one, in force today (`actions.sheet.in_force`, the rule of the chase list
    and the update sheet), else the most recent (those ending last). A board's finished plans stay a click away, in
    the plan picker; they are not drawn under the plan the board works to now (a board keeps years of plans).
    Nothing is read per plan, objective or action (see the module docstring)."""
    today = today or timezone.localdate()
    # each plan's last progress date decides its default date: not read when the date is chosen (the aggregate over
    # every action's state is most of the query's time at national scale)
    plans = list(board.plans.all() if as_at is not None else with_last_progress(board.plans.all()))
    problems = []
    chosen = next((plan for plan in plans if plan.pk == plan_id), None)
    if plan_id is not None and chosen is None:
        problems.append(f"This board has no plan {plan_id}: showing its plans in force.")
    shown, shown_as = _plans_shown(plans, chosen, as_at, every_plan, today)
    if as_at is not None and plans and not shown:
        problems.append(f"None of this board's plans was running on {_day(as_at)}: choose another date.")
    if not shown:
        return BoardDashboard(board=board, plans=plans, sections=[], problems=problems, shown_as=shown_as)

    if as_at is None:
        dates = {plan.pk: default_as_at_and_why(plan, today) for plan in shown}
    else:
        why = f"the end of {quarter.label}, the quarter you chose" if quarter is not None else "the date you chose"
        dates = {plan.pk: (as_at, why) for plan in shown}
    plan_ids = list(dates)
    objectives, action_list = _objectives_and_actions(plan_ids, min(day for day, _ in dates.values()))
    kept = _kept_quarters(shown, dates, [action.pk for action in action_list])

    # each plan as it stood on its date (actions.structure): what had joined it by then, as it was then
    objectives = [o for o in objectives if had_joined(o, dates[o.plan_id][0])]
    action_list = [a for a in action_list if had_joined(a, dates[a.plan_key][0])]
    as_it_stood(objectives, lambda o: dates[o.plan_id][0], SHOWN_OBJECTIVE_FIELDS, model=Objective)
    as_it_stood(action_list, lambda a: dates[a.plan_key][0], SHOWN_ACTION_FIELDS, model=Action)
    objectives.sort(key=lambda o: (o.plan_id, o.order, o.pk))
    objectives_of = defaultdict(list)
    for objective in objectives:
        objectives_of[objective.plan_id].append(objective)
    actions_of = defaultdict(list)
    for action in action_list:
        actions_of[action.plan_key].append(action)
    order_of = {o.pk: (o.order, o.pk) for o in objectives}
    for plan_actions in actions_of.values():
        plan_actions.sort(key=lambda a: (order_of.get(a.objective_id, (0, 0)), a.order, a.pk))

    ratings, mixes = _ratings_and_mixes(shown, dates, action_list, kept)
    sections = [
        _plan_dashboard(plan, actions_of[plan.pk], *dates[plan.pk], objectives_of[plan.pk], ratings, mixes)
        for plan in shown
    ]
    return BoardDashboard(
        board=board, plans=plans, sections=sections, chosen_plan=chosen, problems=problems, shown_as=shown_as
    )


def _plans_shown(plans, chosen, as_at, every_plan, today):
    """([the plans the dashboard shows], which: see `BoardDashboard.shown_as`)."""
    if chosen is not None:
        return [chosen], "chosen"
    if as_at is not None:
        # as at a date: only the plans running on it (a plan adopted years later is not counted in an old quarter)
        return [plan for plan in plans if plan.period_start <= as_at <= plan.period_end], "running"
    if every_plan:
        return plans, "every"
    in_force = [plan for plan in plans if sheet.in_force(plan, today)]
    if in_force or not plans:
        return in_force, "in_force"
    last_end = max(plan.period_end for plan in plans)
    return [plan for plan in plans if plan.period_end == last_end], "latest"


# what the page shows of an objective and an action, or orders them by, of the fields actions.structure dates
SHOWN_OBJECTIVE_FIELDS = ("number", "title", "order")
SHOWN_ACTION_FIELDS = ("number", "text", "due_date", "order")


def _objectives_and_actions(plan_ids, first_day):
    """The plans' objectives and actions, each a row of the columns the page reads (not a model instance: a section
    has hundreds of actions, and it shows a few fields of each): one read, each objective joined to its actions
    (one with none in a row of its own). An objective has its section's title (`Objective.display_title`); an
    action its objective's plan (`plan_key`). Each has `edited_after`: whether it was edited after `first_day`, the
    earliest of the plans' dates (`actions.structure.as_it_stood` reads the history of those alone)."""
    objective_columns = (
        "plan_id",
        "section_title",
        "joined_on",
        "withdrawn_on",
        *SHOWN_OBJECTIVE_FIELDS,
        "edited_after",
    )
    action_columns = ("joined_on", "withdrawn_on", *SHOWN_ACTION_FIELDS)
    rows = (
        Objective.objects.filter(plan__in=plan_ids)
        .annotate(
            section_title=F("section__title"),
            edited_after=edited_after(Objective, first_day),
            action_edited_after=edited_after(Action, first_day, item="actions__id"),
        )
        .order_by()  # the page sorts them once they stand as they did on its dates
        .values_list(
            "id",
            *objective_columns,
            "actions__id",
            *(f"actions__{name}" for name in action_columns),
            "action_edited_after",
        )
    )
    width = len(objective_columns)
    objectives, actions = {}, []
    for objective_id, *row in rows:
        objective, (action_id, *fields, edited) = row[:width], row[width:]
        if objective_id not in objectives:
            objectives[objective_id] = SimpleNamespace(
                pk=objective_id, **dict(zip(objective_columns, objective, strict=True))
            )
        if action_id is not None:
            fields = dict(zip(action_columns, fields, strict=True))
            actions.append(
                SimpleNamespace(
                    pk=action_id, objective_id=objective_id, plan_key=objective[0], edited_after=edited, **fields
                )
            )
    return list(objectives.values()), actions


@dataclass
class KeptQuarters:
    """What the quarter snapshots hold for the plans shown: their mixes by (plan, quarter end), and their rows at
    each plan's date and the quarter end before, by (action, quarter end), where the plan has rows then."""

    mixes: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)

    def has(self, plan_id, day):
        return (plan_id, day) in self.mixes


def _kept_quarters(shown, dates, action_ids):
    """The quarter snapshots of the quarter ends the plans' sections read (their trends', their dates' and the
    ones before): a quarter end a plan has rows for is read from them, the others are rated live. Snapshot rows
    say what the rules said then (kept fresh until sign-off, frozen after: what the board saw). The rows of the
    sections' dates are read as their actions' (`action_ids`): each row found by its action and quarter end (one
    index), and its update by its id. By plan and quarter end alone, PostgreSQL estimated a single plan's rows at
    three times what they are, and at national scale scanned the whole snapshot table in parallel (8 ms, not 0.5)."""
    needed = {}
    for plan in shown:
        day = dates[plan.pk][0]
        needed[plan.pk] = {*trend_ends(plan, day), day, rag.previous_quarter_end(day)}
    ends = set().union(*needed.values())
    # the trends show colours only: counted by colour, as `_ratings_and_mixes` counts them live
    colours = defaultdict(Counter)
    snapshots = QuarterSnapshot.objects.filter(plan__in=needed, quarter_end__in=ends).order_by()
    for plan_id, day, colour, count in snapshots.values_list("plan", "quarter_end", "rag").annotate(Count("pk")):
        if day in needed[plan_id]:
            colours[plan_id, day][colour or None] += count
    mixes = {key: rag.roll_up_of_colours(counted) for key, counted in colours.items()}
    # the rows of each plan's date and the quarter end before: those a plan has rows for (the others find none)
    pairs = Q()
    for pk in needed:
        day = dates[pk][0]
        pairs |= Q(plan=pk, quarter_end__in=(day, rag.previous_quarter_end(day)))
    columns = ("action_id", "quarter_end", "due_date", "achieved_on", "first_recorded")
    rows, path = rag.kept_rows_updates(QuarterSnapshot.objects.filter(pairs, action__in_ids=action_ids), action_ids)
    rows = rows.order_by().values_list(*columns, *rag.named_update_columns(path))
    kept_rows, updates = {}, {None: None}  # an update named at both quarter ends (none since) is made once
    authors, db = {}, rows.db  # and each author once
    for action_id, quarter_end, due, achieved_on, first_recorded, *update in rows:
        if update[0] not in updates:
            updates[update[0]] = rag.named_update(db, update, authors)
        kept_rows[action_id, quarter_end] = KeptRow(due, updates[update[0]], achieved_on, first_recorded)
    return KeptQuarters(mixes, kept_rows)


@dataclass
class KeptRow:
    """What a quarter snapshot row says of an action: its due date and latest update then (the columns a Rating
    names), when it became achieved and whether that update was its first, transcribed from a document."""

    due_date: object
    update: object
    achieved_on: object
    first_recorded: bool


def _kept_rating(row, action, day, months):
    if row is None:  # had not joined the plan by then
        return rag.rating_of_latest(action.due_date, None, day, months=months)
    return rag.rating_of_latest(
        row.due_date, row.update, day, achieved_on=row.achieved_on, first_recorded=row.first_recorded, months=months
    )


def _ratings_and_mixes(shown, dates, actions, kept):
    """({(action id, day): Rating} of each action at its plan's date and at the quarter end before, {(plan id,
    quarter end): RollUp} of the trends' past quarter ends). Where the plan has snapshot rows for the day, from
    them (what the board saw); else live (`rag.ratings_at`: one read of the updates' narrow columns for every
    plan, the ratings at the plan's date and the quarter end before, the colours at the trend's quarter ends, of
    the actions that had joined by then)."""
    wanted, counted, from_kept = {}, {}, {}
    for plan in shown:
        day = dates[plan.pk][0]
        wanted[plan.pk] = [d for d in (day, rag.previous_quarter_end(day)) if not kept.has(plan.pk, d)]
        from_kept[plan.pk] = [d for d in (day, rag.previous_quarter_end(day)) if kept.has(plan.pk, d)]
        counted[plan.pk] = [d for d in trend_ends(plan, day) if d != day and not kept.has(plan.pk, d)]
    # only the actions of plans with a day to rate live (none read when every day is kept)
    live = [action for action in actions if wanted[action.plan_key] or counted[action.plan_key]]
    ratings, colours = rag.ratings_at(
        live,
        lambda action: wanted[action.plan_key],
        lambda action: [day for day in counted[action.plan_key] if had_joined(action, day)],
    )
    months = rag.month_names()
    for action in actions:
        for d in from_kept[action.plan_key]:
            ratings[action.pk, d] = _kept_rating(kept.rows.get((action.pk, d)), action, d, months)
    plan_of = {action.pk: action.plan_key for action in actions}
    counts = defaultdict(Counter)
    for (action_id, day), colour in colours.items():
        counts[plan_of[action_id], day][colour] += 1
    mixes = {(pk, day): rag.roll_up_of_colours(counts[pk, day]) for pk, days in counted.items() for day in days}
    return ratings, {**kept.mixes, **mixes}


def _plan_dashboard(plan, actions, as_at, why, objectives, ratings, mixes):
    """The section of `plan` as at `as_at`: each action's line from `ratings`, the mix per objective of their
    colours, and the trend's past quarter ends from `mixes`, its date's point the section's summary (the mix of
    the lines, counted once for both)."""
    before_day = rag.previous_quarter_end(as_at)
    action_url = Route("actions:detail")
    lines = [
        DashboardLine.of(action, ratings[action.pk, as_at], ratings[action.pk, before_day], action_url(action.pk))
        for action in actions
    ]
    # each objective's mix shows its colours alone (its chart and table of numbers): no counts by status
    by_objective = defaultdict(list)
    for line in lines:
        by_objective[line.action.objective_id].append(line.rating.colour)
    mixes_of = [ObjectiveMix(objective, rag.roll_up_of_colours(by_objective[objective.pk])) for objective in objectives]
    section = PlanDashboard(plan=plan, as_at=as_at, lines=lines, trend=[], why=why, objectives=mixes_of)

    def roll_up_at(day, _joined_only):
        return section.summary if day == as_at else mixes[plan.pk, day]

    section.trend = trend_points(plan, as_at, roll_up_at)
    return section


# --------------------------------------------------------------------------------------------------
# Across boards
# --------------------------------------------------------------------------------------------------


LEGEND_ID = "boards-legend"  # the cross-board page's legend: its patterns fill every board's strip


BOARDS_PER_PAGE = 25  # rows a page of the dashboard across boards draws: a chair's few boards, one page


@dataclass
class MixRow:
    """A row of the dashboard across boards: a roll-up, whose counts the page's template (Jinja2) writes as they
    are, and its strip, drawn only for the rows a page shows (a national auditor has 300 boards)."""

    roll_up: rag.RollUp

    @cached_property
    def chart(self):
        return charts.rag_strip(self.roll_up, chart_id=self.chart_id, patterns=LEGEND_ID, title=self.chart_title)


class BoardNames(NamedTuple):
    """What a board's row shows of the board, read as columns, not as model instances (300 of them); and its plans'
    first start and last end (None without a plan), read with them: the quarters the page's date form lists."""

    pk: int
    name: str
    short_name: str
    slug: str
    plans_from: object = None
    plans_to: object = None


class BoardLinks(NamedTuple):
    """Where a board's row links, for every row of a page: each route reversed once (`lscb.jinja.Route`), filled
    with a board's slug when its row is drawn (25 of 300), and the query string that keeps the date shown."""

    board: Route
    dashboard: Route
    query: str


@dataclass
class BoardRow(MixRow):
    """One board's row."""

    board: BoardNames = None
    links: BoardLinks = None

    @property
    def board_url(self):
        return self.links.board(self.board.slug)

    @property
    def dashboard_url(self):
        """The board's dashboard, as at the date shown."""
        return self.links.dashboard(self.board.slug) + self.links.query

    @property
    def chart_id(self):
        return f"board{self.board.pk}-mix"

    @property
    def chart_title(self):
        return f"RAG mix of {self.board.short_name or self.board.name}"


@dataclass
class AllBoardsRow(MixRow):
    """The row of every board the user may read, whichever page is shown: their actions counted together."""

    boards: int = 0
    chart_id = "boards-all-mix"

    @property
    def chart_title(self):
        return f"RAG mix of all {self.boards} boards"


# ?sort= of the dashboard across boards: by name (the default), or the boards with the most of a count first, ties by
# name; what a national auditor pages through 300 boards for (its column heads link each)
BOARD_ORDERS = {
    "board": "by name",
    "red": "the most Red first",
    "overdue": "the most overdue first",
    "missing_update": "the most missing updates first",
}


def board_order(params):
    """(the order asked for, the problem with it or None): a bad order is named, and the boards shown by name."""
    given = params.get("sort", "")
    if not given or given in BOARD_ORDERS:
        return given or "board", None
    return "board", f"The order “{given}” was not understood: the boards are shown by name. Sort by a column's heading."


def order_query(choice, order):
    """The query string that keeps `choice`'s date and asks for `order` (no ?sort= for the default, by name)."""
    return choice.query(sort=None if order == "board" else order)


def in_order(rows, order):
    """`rows` (BoardRows by name) in `order`: by name, or the most of that count first (a stable sort: ties by name)."""
    if order == "board":
        return rows
    return sorted(rows, key=lambda row: getattr(row.roll_up, order), reverse=True)


def all_boards_row(rows):
    """An AllBoardsRow summing `rows` (BoardRows), or None for one board or none: its own row says it all."""
    if len(rows) < 2:
        return None
    return AllBoardsRow(rag.sum_roll_ups(row.roll_up for row in rows), boards=len(rows))


def cross_board_rows(boards, as_at, query=""):
    """A BoardRow for each of `boards` (a queryset: the user's readable boards) as at `as_at`, by name, its
    dashboard link ending in `query` (the date shown); each draws its cells when a page shows it. The boards, then
    their roll-ups counted by the database, whatever the number of boards: as at a quarter end, the plans running
    then and which of them have snapshot rows, counted from those (`_kept_mixes`), the others live."""
    periods = {"plans_from": Min("plans__period_start"), "plans_to": Max("plans__period_end")}
    rows = boards.order_by("name").values_list("pk", "name", "short_name", "slug").annotate(**periods)
    board_list = list(map(BoardNames._make, rows))
    if not board_list:
        return []
    board_ids = [board.pk for board in board_list]
    mixes, live_plans = _kept_mixes(board_ids, as_at)
    if live_plans is None or live_plans:
        # only the plans running on the date (their period covers it): a plan adopted years later is not counted
        states = ActionState.objects.filter(running_on(as_at, "action__objective__plan__"), board__in_ids=board_ids)
        if live_plans is not None:
            states = states.filter(action__objective__plan__in_ids=live_plans)
        states = states.filter(joined_by(as_at))  # only the actions that had joined their plans by then
        # the page shows no counts by status, nor completed late (counting it would triple the query's time)
        live = rag.roll_ups(states, "board", as_at, statuses=False, completed_late=False, due_dates_then=True)
        for board_id, roll_up in live.items():
            mixes[board_id] = rag.sum_roll_ups([mixes[board_id], roll_up]) if board_id in mixes else roll_up
    empty = rag.roll_up(())
    links = BoardLinks(Route("reporting:board"), Route("reporting:board_dashboard"), query)
    return [BoardRow(mixes.get(board.pk, empty), board, links) for board in board_list]


def _kept_mixes(board_ids, as_at):
    """({board id: RollUp} counted from the quarter snapshots, [ids of the plans running on `as_at` to count
    live]) for a quarter end; ({}, None: every plan live) for any other date. A quarter's snapshot rows are what
    the rules say as at its end (kept fresh until sign-off, frozen after: what the board saw)."""
    if as_at != rag.quarter_of(as_at).end:
        return {}, None
    running = Plan.objects.filter(running_on(as_at), board__in_ids=board_ids).annotate(kept=kept_at(as_at)).order_by()
    kept, live = [], []
    for plan_id, has_rows in running.values_list("pk", "kept"):
        (kept if has_rows else live).append(plan_id)
    if not kept:
        return {}, live
    rows = QuarterSnapshot.objects.filter(quarter_end=as_at, board__in_ids=board_ids, plan__in_ids=kept)
    return rag.snapshot_roll_ups(rows, "board", statuses=False, completed_late=False), live
