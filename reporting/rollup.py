"""A plan's actions as at a date: the read model the board dashboard and the chair's quarterly report share.

Each action's rating as at the date and at the previous quarter end, and what both pages draw from them: the RAG
mix, overdue actions, open actions missing this quarter's update, actions achieved in the quarter, what changed
since the previous quarter end, and the mix at each quarter end (the trend). Built in Python from updates already
read (`actions.rag.history_by_action`): no query of its own.
"""

from dataclasses import dataclass
from functools import cached_property

from actions import rag
from actions.models import RAG
from actions.structure import had_joined

DIRECTIONS = (rag.IMPROVED, rag.SAME, rag.WORSE, rag.NEW, rag.UNRATED, rag.FIRST_RECORDED)


@dataclass
class ActionLine:
    """An action, its rating as at the date shown and at the previous quarter end, and which way it went."""

    action: object
    rating: rag.Rating
    before: rag.Rating
    direction: rag.Direction


@dataclass
class TrendPoint:
    day: object
    lines: tuple  # the column's label, e.g. ("Q2", "2010/11")
    label: str  # the same in one line, e.g. "Q2 2010/11 (30 Sep 2010)"
    roll_up: rag.RollUp
    query: str = ""  # ?quarter=...&plan=... to open the board dashboard at that quarter end


@dataclass
class PlanProgress:
    """A plan's actions as at `as_at`: `lines` (an ActionLine per action, in document order) and `trend`."""

    plan: object
    as_at: object
    lines: list
    trend: list

    @cached_property
    def summary(self):
        return rag.roll_up(line.rating for line in self.lines)

    @property
    def statuses(self):
        return self.summary.statuses

    @property
    def quarter(self):
        return rag.quarter_of(self.as_at)

    @property
    def previous_quarter_end(self):
        return rag.previous_quarter_end(self.as_at)

    @property
    def overdue(self):
        return [line for line in self.lines if line.rating.overdue]

    @property
    def exceptions(self):
        """Red, Amber and overdue actions (overdue is Red whatever its last rating)."""
        return [line for line in self.lines if line.rating.overdue or line.rating.colour in (RAG.RED, RAG.AMBER)]

    @property
    def missing_update(self):
        """Open actions (neither achieved nor superseded) with no update dated in the quarter: to chase."""
        return [line for line in self.lines if line.rating.missing_update]

    @property
    def closed_without_update(self):
        """Achieved or superseded actions with no update in the quarter: they need none; only counted."""
        return sum(1 for line in self.lines if line.rating.no_update_this_quarter and line.rating.closed)

    @property
    def achieved_this_quarter(self):
        """Actions that became achieved within the quarter; not those a document first recorded as achieved (the
        document may date the work years before: "approved Sept 09")."""
        quarter = self.quarter
        return [
            line
            for line in self.lines
            if line.rating.achieved_on and quarter.contains(line.rating.achieved_on) and not line.rating.first_recorded
        ]

    @property
    def first_recorded(self):
        """Actions whose first progress, transcribed from a document, is dated in the quarter: a baseline."""
        quarter = self.quarter
        return [
            line for line in self.lines if line.rating.first_recorded and quarter.contains(line.rating.update.as_at)
        ]

    @property
    def changed(self):
        """Actions whose rating moved since the previous quarter end (anything but Same or First recorded)."""
        return [line for line in self.lines if line.direction not in (rag.SAME, rag.FIRST_RECORDED)]

    @cached_property
    def directions(self):
        """[(Direction, how many actions went that way)], in DIRECTIONS order."""
        counts = {}
        for line in self.lines:
            counts[line.direction.key] = counts.get(line.direction.key, 0) + 1
        return [(d, counts.get(d.key, 0)) for d in DIRECTIONS]


def action_lines(actions, history, as_at):
    """An ActionLine per action (in their order) as at `as_at`, from `history` ({action id: updates}, read up to
    `as_at` or later)."""
    before_day = rag.previous_quarter_end(as_at)
    lines = []
    for action in actions:
        updates = history.get(action.pk, ())
        now = rag.rate(action, updates, as_at)
        before = rag.rate(action, updates, before_day)
        lines.append(ActionLine(action, now, before, rag.direction_of_travel(before, now)))
    return lines


def trend(plan, actions, history, as_at):
    """The mix at every quarter end of the plan's period up to `as_at`, and at `as_at` if it is not one."""

    def roll_up_at(day, joined_only):
        # at a quarter end, only the actions that had joined the plan by then (actions.structure)
        chosen = [a for a in actions if had_joined(a, day)] if joined_only else actions
        return rag.roll_up(rag.rate(a, history.get(a.pk, ()), day) for a in chosen)

    return trend_points(plan, as_at, roll_up_at)


def trend_ends(plan, as_at):
    """The quarter ends the trend of `plan` as at `as_at` shows a mix at."""
    return [q.end for q in rag.quarters_between(plan.period_start, min(plan.period_end, as_at)) if q.end <= as_at]


def trend_points(plan, as_at, roll_up_at):
    """The trend's points, each mix from `roll_up_at(day, joined_only)`: at every quarter end of `trend_ends`
    (counting only the actions that had joined by then), then at `as_at` if it is not one of them."""
    points = []
    months = rag.month_names()  # the dates as `date:"j M Y"` writes them, its month names looked up once
    for day in trend_ends(plan, as_at):
        quarter = rag.quarter_of(day)
        query = f"?quarter={quarter.code}&plan={plan.pk}"  # as urlencode writes them: a code has nothing to quote
        points.append(
            TrendPoint(
                day,
                (f"Q{quarter.number}", quarter.financial_year),
                f"{quarter.label} ({rag.short_day(day, months)})",
                roll_up_at(day, True),
                query,
            )
        )
    if not points or points[-1].day != as_at:
        points.append(
            TrendPoint(
                as_at,
                (f"{as_at.day} {months[as_at.month]}", str(as_at.year)),
                f"As at {rag.short_day(as_at, months)}",
                roll_up_at(as_at, False),
            )
        )
    return points


def plan_progress(plan, actions, history, as_at):
    """The fields of a PlanProgress of `plan` as at `as_at`, its `actions` in document order (keyword arguments
    for PlanProgress or a page's subclass of it)."""
    return {
        "plan": plan,
        "as_at": as_at,
        "lines": action_lines(actions, history, as_at),
        "trend": trend(plan, actions, history, as_at),
    }
