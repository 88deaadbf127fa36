"""The printed reports of a plan: what they show, assembled in a constant number of queries, and their HTML.

Two reports, each ONE HTML document that is both the print-friendly page (the browser's Print works on it) and
the source of the PDF (`reporting.pdf` hands the very same string to WeasyPrint, once):

- the plan in its board's own layout (`Plan.layout`) as at a date: a title page, the introduction, member
  agencies and subgroups, the reviews that led to the plan, the source key, then the plan's table with the
  progress as at that date (`plan_report`, `plan_html`);
- the chair's quarterly report for a UK financial-year quarter, as at the quarter's LAST day: a summary (RAG
  mix, counts by colour and by status, what changed since the previous quarter end), the exceptions, what was
  achieved in the quarter, the open actions with no update in it, then the plan as at the quarter end
  (`quarterly_report`, `quarterly_html`; the read model is the board dashboard's, `reporting.rollup`). Updates
  dated after the quarter's last day are never read, so printing Q2 again later gives the same report.

Colours and the words for them come from `actions.rag`; the plan's rows from `reporting.tables.plan_rows` (the
plan page's own); the chart from `reporting.charts`. Nothing here prints the time of printing: the same plan, date
or quarter always gives the same document.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import dateformat, timezone

from actions import rag
from actions.as_at import default_as_at
from actions.models import Action
from actions.quarters import last_complete_quarter
from plans.models import Plan
from reporting import charts
from reviews.models import BoardResponse, Review

from .rollup import PlanProgress, plan_progress
from .tables import plan_rows

PLAN_TEMPLATE = "reporting/report/plan.html"
QUARTERLY_TEMPLATE = "reporting/report/quarterly.html"
TABLE_TEMPLATES = {
    Plan.Layout.OBJECTIVES: "reporting/report/_table_objectives.html",
    Plan.Layout.OUTCOMES_METHOD: "reporting/report/_table_outcomes_method.html",
}


def _day(d):
    return dateformat.format(d, "j F Y")


def _by_date_then_code(reviews):
    """The source key's order: by date (undated last), then code, as Kingston lists C&D, PR, LR."""
    return sorted(reviews, key=lambda r: (r.date is None, r.date or 0, r.code))


def _sources_of(plan, *, with_findings):
    """The reviews the plan's objectives cite (its sources), in source-key order; with their findings, and what
    the board wrote of each, when asked."""
    reviews = Review.objects.filter(objectives__plan=plan).distinct()
    if with_findings:  # and what this board wrote of a national review (Kingston on Laming)
        responses = BoardResponse.objects.filter(board=plan.board)
        reviews = reviews.prefetch_related("findings", Prefetch("board_responses", responses, to_attr="responses"))
    return _by_date_then_code(reviews)


# --------------------------------------------------------------------------------------------------
# The plan, in its board's layout, as at a date
# --------------------------------------------------------------------------------------------------


class _Printout:
    """What both printed reports share: the board, the table in the plan's layout, the source key."""

    @property
    def board(self):
        return self.plan.board

    @property
    def table_template(self):
        return TABLE_TEMPLATES.get(self.plan.layout, TABLE_TEMPLATES[Plan.Layout.OBJECTIVES])

    @property
    def rated(self):
        """Whether any outcome carries a rating (a colour) as at the date: a plan that never rated prints no '–'
        on every row, and its key says once that it carries none."""
        return any(action.rating.rated for row in self.rows for action in row.actions)

    @property
    def source_key(self):
        """[(code, meaning)]: 'C&D = Challenge and development day'; the document's own key where the plan has
        one (Kingston's lists C&D, PR and LR though objective 17 cites NEW), else the sources cited."""
        if self.plan.source_key:
            lines = (line.partition("=") for line in self.plan.source_key.splitlines() if line.strip())
            return [(code.strip(), meaning.strip()) for code, _, meaning in lines]
        return [(review.code, review.title) for review in self.reviews]


@dataclass
class PlanReport(_Printout):
    """Everything the plan report prints. `rows` are `reporting.tables.plan_rows` as at `as_at`."""

    plan: object
    as_at: object
    rows: list
    reviews: list  # the sources the objectives cite, with their findings, in source-key order
    seats: list  # the member agencies, in the board's order
    subgroups: list
    risks: list

    @property
    def as_at_label(self):
        return f"Progress as at {_day(self.as_at)}"

    @property
    def introduction(self):
        """The plan's introduction, less its own 'read in conjunction with' sentence where the title page prints
        the plan's `read_with` (the sentence once)."""
        text = self.plan.introduction
        if not self.plan.read_with:
            return text
        return "\n".join(line for line in text.splitlines() if "read in conjunction with" not in line.casefold())


def plan_report(plan, as_at):
    """The plan report's data as at `as_at`. Eleven queries whatever the plan's size (twelve with key risks): the
    member agencies, the subgroups, the cited reviews and their findings, the six of `plan_rows` (updates up
    to `as_at` with authors, objectives with sections, their sources, their actions, the history of those
    edited since), the key risks (and, only where there are some, the objectives they link to)."""
    board = plan.board
    return PlanReport(
        plan=plan,
        as_at=as_at,
        seats=list(board.seats.select_related("agency")),
        subgroups=list(board.subgroups.all()),
        reviews=_sources_of(plan, with_findings=True),
        rows=plan_rows(plan, as_at),
        risks=list(plan.risks.prefetch_related("objectives")),
    )


def plan_html(plan, as_at, *, request=None, screen=None):
    """The plan report as one HTML string: what `reporting.pdf.render_plan_pdf` renders, and (with `screen`, the
    form and links shown on screen only) the print-friendly page."""
    report = plan_report(plan, as_at)
    context = {
        "report": report,
        "plan": plan,
        "board": plan.board,
        "as_at": as_at,
        "rows": report.rows,
        "rules": rag.RULES,
        "roll_up_rule": rag.ROLL_UP_RULE,
        "direction_rule": rag.DIRECTION_RULE,
        "screen": screen,
    }
    return render_to_string(PLAN_TEMPLATE, context, request=request)


# --------------------------------------------------------------------------------------------------
# Which quarter
# --------------------------------------------------------------------------------------------------


def plan_quarters(plan):
    """Every financial-year quarter across the plan's period, in order: the quarters a report can be for."""
    return rag.quarters_between(plan.period_start, plan.period_end)


def default_quarter_for(plan, day):
    """The last complete quarter as at `day`, kept within the plan's period (its first or last quarter)."""
    quarters = plan_quarters(plan)
    quarter = last_complete_quarter(day)
    return min(max(quarter, quarters[0]), quarters[-1])


def default_quarter(plan, today=None):
    """The last complete quarter as at the plan's default date (`actions.as_at.default_as_at`: Kingston's is
    30 Sep 2010, the last day of Q2 2010/11, so Q2 2010/11)."""
    return default_quarter_for(plan, default_as_at(plan, today))


def quarter_months(quarter):
    """'July to September 2010' (actions.quarters words it)."""
    return quarter.months


class QuarterForm(forms.Form):
    """?quarter=2010-Q2: a quarter of the plan's period."""

    quarter = forms.ChoiceField(label="Quarter")

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.quarters = {q.code: q for q in plan_quarters(plan)}
        field = self.fields["quarter"]
        field.choices = [(code, q.long_label) for code, q in self.quarters.items()]
        first = next(iter(self.quarters.values()))
        field.error_messages = {
            "invalid_choice": "“%(value)s” is not a quarter of this plan's period: choose one from the list, "
            f"for example {first.code} for {quarter_months(first)}.",
            "required": "Choose a quarter.",
        }

    def clean_quarter(self):
        text = self.cleaned_data["quarter"]
        return self.quarters[rag.parse_quarter(text).code]  # a choice, so it parses


def quarter_from_query(params, plan):
    """(quarter, form): the quarter asked for, or the default when none (or a bad one) was given; a bad one
    is reported on the bound form."""
    given = (params.get("quarter") or "").strip()
    if given:
        # 2010q2, 2010-Q2 and 2010Q2 all name the same choice
        try:
            given = rag.parse_quarter(given).code
        except ValueError:
            pass
        form = QuarterForm({"quarter": given}, plan=plan)
        if form.is_valid():
            return form.cleaned_data["quarter"], form
        return default_quarter(plan), form
    quarter = default_quarter(plan)
    return quarter, QuarterForm(initial={"quarter": quarter.code}, plan=plan)


# --------------------------------------------------------------------------------------------------
# The chair's quarterly report
# --------------------------------------------------------------------------------------------------


@dataclass
class QuarterlyReport(PlanProgress, _Printout):
    """Everything the chair's quarterly report prints, as at the quarter's last day (`quarter` is the one it
    ends): the shared read model (the summary, exceptions, achieved, missing updates, what changed, the trend)
    and the plan table."""

    rows: list  # reporting.tables.plan_rows as at the quarter end: the plan table
    reviews: list  # the source key
    # updates dated in the previous quarter, recorded after it was signed off (a manager's late amendments)
    amended: list = ()
    today: object = None

    @property
    def months(self):
        return quarter_months(self.quarter)

    @property
    def provisional(self):
        """The quarter has not ended yet: its report may still change, and it is never offered for sign-off."""
        return (self.today or timezone.localdate()) <= self.as_at

    @property
    def as_at_label(self):
        label = f"{self.quarter.label}: as at {_day(self.as_at)}"
        return f"{label} (provisional: the quarter has not ended)" if self.provisional else label

    def numbers(self):
        """The counts the report shows, as plain data: what is frozen with the PDF at sign-off."""
        summary = self.summary
        return {
            "quarter": self.quarter.code,
            "as_at": self.as_at.isoformat(),
            "rag": {label: count for _colour, _letter, label, count in summary.segments},
            "status": {label: count for _key, label, count in summary.statuses},
            "total": summary.total,
            "overdue": summary.overdue,
            "exceptions": len(self.exceptions),
            "achieved_this_quarter": len(self.achieved_this_quarter),
            "missing_update": len(self.missing_update),
            "completed_late": summary.completed_late,
            "directions": {direction.key: count for direction, count in self.directions},
        }

    def chart(self):
        return charts.plan_trend(
            self.plan, self.trend, self.as_at, chart_id=f"plan{self.plan.pk}-quarterly-trend", printed=True
        )


def amended_after_signoff(quarter, actions, history):
    """The late amendments to the quarter before `quarter`: updates dated in it, recorded by a manager after it
    was signed off, in document order. They never alter the frozen report; this quarter's report lists them.
    Read from the updates already read (`history`), with their actions: no query of its own."""
    previous = quarter.previous()
    amended = []
    for action in actions:
        for update in history.get(action.pk, ()):
            if update.amended_after_signoff and previous.contains(update.as_at):
                update.action = action
                amended.append(update)
    return amended


def quarterly_report(plan, quarter):
    """The quarterly report's data as at `quarter.end`. Eight queries whatever the plan's size: the four of
    `plan_rows`, every update of the plan's actions up to the quarter end (one read serves the previous
    quarter end, the trend and the previous quarter's late amendments), and the cited reviews (the source key)."""
    as_at = quarter.end
    rows = plan_rows(plan, as_at)
    actions = [action for row in rows for action in row.actions]  # document order
    history = rag.history_by_action(Action.objects.filter(objective__plan=plan), as_at)
    return QuarterlyReport(
        **plan_progress(plan, actions, history, as_at),
        rows=rows,
        reviews=_sources_of(plan, with_findings=False),
        amended=amended_after_signoff(quarter, actions, history),
        today=timezone.localdate(),
    )


def quarterly_html(plan, quarter, *, request=None, screen=None, signoff=None, report=None):
    """The quarterly report as one HTML string: what `reporting.pdf.render_quarterly_pdf` renders, and (with
    `screen`) the print-friendly page. `signoff` (a signed-off `actions.signoff.QuarterSignoff`) labels it as
    signed off, on every page; `report`, the data already read."""
    report = report or quarterly_report(plan, quarter)
    context = {
        "signoff": signoff,
        "report": report,
        "plan": plan,
        "board": plan.board,
        "as_at": report.as_at,
        "rows": report.rows,
        "rules": rag.RULES,
        "roll_up_rule": rag.ROLL_UP_RULE,
        "direction_rule": rag.DIRECTION_RULE,
        "screen": screen,
    }
    return render_to_string(QUARTERLY_TEMPLATE, context, request=request)


def names_its_status(update):
    """True when the narrative opens with the status's own word ('ONGOING Annual plan produced...'), as the
    documents write it: the report then prints the narrative alone, not 'Ongoing: ONGOING ...'."""
    words = update.get_status_display().casefold().split()
    opening = update.narrative.casefold().replace(":", " ").replace("–", " ").split()[: len(words)]
    return bool(words) and opening == words


def statement(update):
    """What a printed report says of an update, as `report/_statement.html` prints it, for the Word copies."""
    if update is None:
        return "No update"
    if update.narrative and names_its_status(update):
        return update.narrative
    return update.get_status_display() + (f": {update.narrative}" if update.narrative else "")
