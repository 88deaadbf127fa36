"""What became of a review: each finding, the objectives that answer it (those listing it in
`Objective.findings`), their actions with status and RAG as at a date, and the share achieved, per finding
and overall.

Per board the user may see, side by side: a local review has its own board's column only; a national review
(Laming, Working Together) has one column for every board the user holds a role on, never another. Colours
and statuses come from `actions.rag` (through `reporting.audit.rate`); "achieved" is an action whose latest
status as at the date is Achieved.

Queries, whatever the number of findings, boards, objectives, actions and updates: the boards shown, the
findings, the objectives (citing the review or answering one of its findings), which finding each answers,
their actions, the plans' dates (none when a date is chosen), the actions' updates.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from actions.models import Action, Status
from boards.access import boards_readable_by
from plans.models import Objective

from .audit import AsAt, rate


@dataclass(frozen=True)
class Share:
    achieved: int = 0
    total: int = 0

    @property
    def percent(self):
        return round(100 * self.achieved / self.total) if self.total else None

    @property
    def label(self):
        """'12 of 37 actions achieved (32%)'."""
        if not self.total:
            return "No actions"
        noun = "action" if self.total == 1 else "actions"
        return f"{self.achieved} of {self.total} {noun} achieved ({self.percent}%)"

    @classmethod
    def of(cls, lines):
        lines = list(lines)
        return cls(sum(line.achieved for line in lines), len(lines))


@dataclass
class ActionLine:
    action: Action
    rating: object
    as_at: object

    @property
    def achieved(self):
        return self.rating.status == Status.ACHIEVED


@dataclass
class ObjectiveTrace:
    objective: Objective
    lines: list = field(default_factory=list)
    finding_ids: set = field(default_factory=set)

    @property
    def share(self):
        return Share.of(self.lines)


@dataclass
class Cell:
    """One board's answer to one finding."""

    board: object
    objectives: list

    @property
    def share(self):
        return Share.of(line for o in self.objectives for line in o.lines)


@dataclass
class FindingRow:
    finding: object
    cells: list

    @property
    def answered(self):
        return any(cell.objectives for cell in self.cells)


@dataclass
class BoardColumn:
    board: object
    objectives: list  # every objective of the board citing the review or answering one of its findings
    plans: list  # [(plan, date)] of the board's plans with objectives here, or [] when a date was chosen

    @property
    def lines(self):
        return [line for o in self.objectives for line in o.lines]

    @property
    def share(self):
        return Share.of(self.lines)

    @property
    def not_tied_to_a_finding(self):
        """Objectives citing the review that answer none of its findings."""
        return [o for o in self.objectives if not o.finding_ids]


@dataclass
class Trace:
    review: object
    as_at: AsAt
    columns: list
    rows: list

    @property
    def share(self):
        return Share.of(line for column in self.columns for line in column.lines)

    @property
    def dates(self):
        """[(board, plan, date)]: the date each plan shown is rated as at, when no date was chosen."""
        return [(column.board, plan, day) for column in self.columns for plan, day in column.plans]

    @property
    def unanswered(self):
        """Findings no objective on any board shown answers."""
        return [row for row in self.rows if not row.answered]


def trace_review(review, user, chosen_as_at=None):
    """The Trace of a review the user may see (found through `reviews.access.get_review_for_user`)."""
    boards = boards_readable_by(user).order_by("name")
    if not review.is_national:
        boards = boards.filter(pk=review.board_id)
    boards = list(boards)  # query: the boards shown
    findings = list(review.findings.all())  # query: the findings
    answering = Objective.findings.through.objects.filter(objective=OuterRef("pk"), finding__review=review)
    citing = Objective.sources.through.objects.filter(objective=OuterRef("pk"), review=review)
    objectives_qs = (
        Objective.objects.filter(plan__board__in=boards)
        .filter(Q(Exists(citing)) | Q(Exists(answering)))
        .select_related("plan__board", "section")
        .order_by("plan__board__name", "plan_id", "order", "id")
    )
    traces = {o.pk: ObjectiveTrace(o) for o in objectives_qs}  # query: the objectives
    links = Objective.findings.through.objects.filter(
        finding__review=review, objective__in=objectives_qs.values("pk")
    ).values_list("objective_id", "finding_id")
    for objective_id, finding_id in links:  # query: which finding each objective answers
        traces[objective_id].finding_ids.add(finding_id)

    actions_qs = Action.objects.filter(objective__in=objectives_qs.values("pk"))
    actions = list(actions_qs.order_by("objective_id", "order", "id"))  # query: their actions
    for action in actions:
        action.objective = traces[action.objective_id].objective  # already read: no query per action
    as_at = AsAt.for_boards(boards, chosen_as_at)  # query: the plans' dates (none when a date is chosen)
    ratings, _ = rate(actions, as_at, scope=actions_qs)  # query: the actions' updates
    for action in actions:
        day = as_at.of(action.objective.plan_id)
        traces[action.objective_id].lines.append(ActionLine(action, ratings[action.pk], day))

    by_board = {board.pk: [] for board in boards}
    for trace in traces.values():
        by_board[trace.objective.plan.board_id].append(trace)
    columns = []
    for board in boards:
        plan_ids = {t.objective.plan_id for t in by_board[board.pk]}
        plans = [(plan, day) for plan, day in as_at.plans if plan.pk in plan_ids]
        columns.append(BoardColumn(board, by_board[board.pk], plans))
    rows = [
        FindingRow(finding, [Cell(c.board, [o for o in c.objectives if finding.pk in o.finding_ids]) for c in columns])
        for finding in findings
    ]
    return Trace(review=review, as_at=as_at, columns=columns, rows=rows)
