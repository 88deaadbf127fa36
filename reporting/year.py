"""The year's story, for the annual report every board publishes: for a UK financial year (April to March) or a
plan's whole period, what became of each outcome: achieved in the period, carried forward (still open at its end,
with its status and rating), withdrawn (superseded) in the period, or closed before it; by objective and by the
review the objective cites (the share achieved, and the findings still unanswered).

One read model (`year_story`) for the HTML page, its PDF (the same HTML) and its Word copy (`reporting.word`).
Ratings are `actions.rag`'s as at the period's end (never after today), from `reporting.tables.plan_rows`: the
plan table's own rows, so the story and the printed plan agree.
"""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.template.loader import render_to_string
from django.utils import dateformat, timezone

from actions import rag
from actions.models import Status
from plans.models import Objective
from reviews.models import Review

from .tables import plan_rows

TEMPLATE = "reporting/year/story.html"
WHOLE_PLAN = "plan"

ACHIEVED, CARRIED, WITHDRAWN, CLOSED_BEFORE = "achieved", "carried", "withdrawn", "closed_before"


def _day(d, fmt="j F Y"):
    return dateformat.format(d, fmt)


@dataclass(frozen=True)
class Period:
    """A financial year ('2010-11': 1 April 2010 to 31 March 2011) or the plan's whole period ('plan')."""

    code: str
    label: str
    start: date
    end: date

    @property
    def as_at(self):
        """The day the story is told as at: the period's last day, or today while it runs."""
        return min(self.end, timezone.localdate())


def financial_year(fy_start):
    short = f"{fy_start}/{(fy_start + 1) % 100:02d}"
    return Period(
        f"{fy_start}-{(fy_start + 1) % 100:02d}",
        f"financial year {short}",
        date(fy_start, 4, 1),
        date(fy_start + 1, 3, 31),
    )


def plan_periods(plan):
    """The financial years across the plan's period, in order, then the whole period. Reads nothing."""
    years = sorted({q.fy_start for q in rag.quarters_between(plan.period_start, plan.period_end)})
    whole = Period(WHOLE_PLAN, f"the whole plan ({plan.period_label})", plan.period_start, plan.period_end)
    return [financial_year(y) for y in years] + [whole]


def default_period(plan, today=None):
    """The financial year holding today, kept within the plan's period (Kingston's, ended: 2010/11)."""
    today = today or timezone.localdate()
    day = min(max(today, plan.period_start), plan.period_end)
    return financial_year(rag.quarter_of(day).fy_start)


class PeriodForm(forms.Form):
    """?year=2010-11, or ?year=plan for the plan's whole period."""

    year = forms.ChoiceField(label="Year")

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {p.code: p for p in plan_periods(plan)}
        field = self.fields["year"]
        field.choices = [(code, p.label[0].upper() + p.label[1:]) for code, p in self.periods.items()]
        first = next(iter(self.periods))
        field.error_messages = {
            "invalid_choice": "“%(value)s” is not a financial year of this plan: choose one from the list, for "
            f"example {first}, or “{WHOLE_PLAN}” for the whole plan.",
            "required": "Choose a year.",
        }

    def clean_year(self):
        return self.periods[self.cleaned_data["year"]]


def period_from_query(params, plan):
    """(period, form): the period asked for, or the default when none (or a bad one) was given; a bad one is
    reported on the bound form."""
    given = (params.get("year") or "").strip()
    if given:
        form = PeriodForm({"year": given.replace("/", "-")}, plan=plan)
        if form.is_valid():
            return form.cleaned_data["year"], form
        return default_period(plan), form
    period = default_period(plan)
    return period, PeriodForm(initial={"year": period.code}, plan=plan)


# --------------------------------------------------------------------------------------------------
# The story
# --------------------------------------------------------------------------------------------------


@dataclass
class OutcomeLine:
    """An outcome, its rating as at the period's end, and what became of it in the period (`fate`)."""

    action: object
    rating: object
    fate: str
    on: date | None = None  # the day it was achieved or withdrawn

    @property
    def fate_label(self):
        on = _day(self.on, "j M Y") if self.on else ""
        return {
            ACHIEVED: f"Achieved {on}",
            WITHDRAWN: f"Withdrawn {on}",
            CLOSED_BEFORE: f"Closed before the period: {self.rating.status_label.lower()} {on}",
            CARRIED: "Carried forward",
        }[self.fate]

    @property
    def achieved(self):
        return self.rating.status == Status.ACHIEVED


def _fate(rating, period):
    """What became of an outcome in the period, from its rating as at the period's end."""
    update = rating.update
    if rating.status == Status.ACHIEVED:
        on = rating.achieved_on or update.as_at
        return (ACHIEVED if on >= period.start else CLOSED_BEFORE), on
    if rating.status == Status.SUPERSEDED:
        return (WITHDRAWN if update.as_at >= period.start else CLOSED_BEFORE), update.as_at
    return CARRIED, None


@dataclass
class ObjectiveStory:
    objective: object
    headings: list
    lines: list


@dataclass
class UnansweredFinding:
    finding: object
    why: str


@dataclass
class ReviewStory:
    """A review the plan's objectives cite: their outcomes, and the findings no closed objective answers."""

    review: object
    lines: list = field(default_factory=list)
    unanswered: list = field(default_factory=list)
    findings: int = 0

    @property
    def achieved(self):
        return sum(line.achieved for line in self.lines)

    @property
    def percent(self):
        return round(100 * self.achieved / len(self.lines)) if self.lines else None

    def _count(self, fate):
        return sum(line.fate == fate for line in self.lines)

    @property
    def achieved_in_period(self):
        return self._count(ACHIEVED)

    @property
    def carried(self):
        return self._count(CARRIED)

    @property
    def withdrawn(self):
        return self._count(WITHDRAWN)


@dataclass
class YearStory:
    plan: object
    period: Period
    as_at: date
    objectives: list
    reviews: list

    @property
    def lines(self):
        return [line for o in self.objectives for line in o.lines]

    def _of(self, fate):
        return [line for line in self.lines if line.fate == fate]

    @property
    def achieved(self):
        return self._of(ACHIEVED)

    @property
    def carried(self):
        return self._of(CARRIED)

    @property
    def withdrawn(self):
        return self._of(WITHDRAWN)

    @property
    def closed_before(self):
        return self._of(CLOSED_BEFORE)

    @property
    def counts(self):
        """[(what, how many)]: the summary table."""
        return [
            (f"Achieved in {self.period.label}", len(self.achieved)),
            (f"Carried forward (open on {_day(self.as_at)})", len(self.carried)),
            (f"Withdrawn (superseded) in {self.period.label}", len(self.withdrawn)),
            ("Achieved or withdrawn before the period", len(self.closed_before)),
            ("All outcomes", len(self.lines)),
        ]

    @property
    def commentaries(self):
        """The chair's and manager's quarterly commentaries within the period, in quarter order. Hook: no model
        records them yet (the quarter sign-off commentary of the quarterly-report issue); when it lands, read
        them here (one query) and the page, PDF and Word copy print them."""
        return []

    @property
    def title(self):
        return f"The year's story: {self.period.label}"


def year_story(plan, period):
    """The story of `plan` over `period`. Nine queries whatever the plan's size: the six of `plan_rows` (as at
    the period's end), the cited reviews, their findings, and which finding each of the plan's objectives
    answers."""
    as_at = period.as_at
    objectives = []
    by_objective = {}
    for row in plan_rows(plan, as_at):
        lines = []
        for action in row.actions:
            fate, on = _fate(action.rating, period)
            lines.append(OutcomeLine(action, action.rating, fate, on))
        objectives.append(ObjectiveStory(row.objective, row.headings, lines))
        by_objective[row.objective.pk] = (row.objective, lines)

    reviews = sorted(
        Review.objects.filter(objectives__plan=plan).distinct().prefetch_related("findings"),
        key=lambda r: (r.date is None, r.date or 0, r.code),
    )
    answering = {}
    links = Objective.findings.through.objects.filter(objective__plan=plan).values_list("finding_id", "objective_id")
    for finding_id, objective_id in links:
        answering.setdefault(finding_id, []).append(objective_id)

    stories = []
    for review in reviews:
        story = ReviewStory(review)
        for objective, lines in by_objective.values():
            if any(source.pk == review.pk for source in objective.sources_cited):
                story.lines += lines
        findings = list(review.findings.all())
        story.findings = len(findings)
        for finding in findings:
            why = _unanswered(answering.get(finding.pk, []), by_objective)
            if why:
                story.unanswered.append(UnansweredFinding(finding, why))
        stories.append(story)
    return YearStory(plan=plan, period=period, as_at=as_at, objectives=objectives, reviews=stories)


def _unanswered(objective_ids, by_objective):
    """Why a finding is still unanswered ('' if it is answered): answered = an objective of the plan answering
    it has outcomes, every one achieved or withdrawn, at least one achieved."""
    if not objective_ids:
        return "No objective of this plan answers it."
    open_numbers = []
    for objective_id in objective_ids:
        objective, lines = by_objective[objective_id]
        if lines and all(line.rating.closed for line in lines) and any(line.achieved for line in lines):
            return ""
        open_numbers += [str(line.action.number) for line in lines if not line.rating.closed]
    answered_by = ", ".join(str(by_objective[o][0].number) for o in objective_ids)
    if open_numbers:
        return f"Objective {answered_by} answers it; still open: {', '.join(open_numbers)}."
    return f"Objective {answered_by} answers it; none of its outcomes was achieved."


def year_html(story, *, request=None, screen=None):
    """The story as one HTML string: the page (with `screen`: the chooser and links) and the PDF's source."""
    context = {"story": story, "plan": story.plan, "board": story.plan.board, "as_at": story.as_at, "screen": screen}
    return render_to_string(TEMPLATE, context, request=request)
