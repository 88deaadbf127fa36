"""What became of a review: each finding, the objectives that answer it (those listing it in
`Objective.findings`), their actions with status and RAG as at a date, and the share achieved, per finding
and overall.

Per board the user may see: a local review has its own board's column only; a national review (Laming, Working
Together) has one column for every board the user holds a role on, never another, side by side while they fit on
a page (`SIDE_BY_SIDE`). An inspector of more boards (300 for a national auditor: thousands of objectives and tens
of thousands of outcomes) gets a `Summary` instead: per board and per finding, how many objectives answer it and
the share achieved, counted by the database: each board's objectives from the review's kept rows of
`actions.ReviewLink` (one per objective answering it, with its board), their actions as at today from the
objectives' kept counts (`actions.ObjectiveCount`), as at an earlier date from `actions.ActionState` and the SQL
form of `actions.rag`; each board linking to its own trace (`board=`, one column). The exports
(reporting.review_exports) always read the full trace, which tests each objective of its boards against the two
link tables themselves.

Colours and statuses come from `actions.rag` (`ratings_from_latest_update`, or `annotate_ratings` for the counts);
"achieved" is an action whose latest status as at the date is Achieved.
"""

from dataclasses import dataclass, field

from django.core.validators import slug_re
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, Sum
from django.http import Http404

from actions import rag
from actions.models import Action, ActionState, ReviewLink, Status
from boards.access import boards_readable_by
from plans.models import Objective, Plan, Section

from .audit import AsAt

SIDE_BY_SIDE = 5  # boards shown side by side at most; more: a Summary, each board linking to its own trace


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


@dataclass
class BoardSummary:
    """One board's answer to the review, counted: its objectives citing the review or answering one of its
    findings (`not_tied`: of them, those answering none), the share of their actions achieved, and the findings
    none of them answers."""

    board: object
    objectives: int = 0
    not_tied: int = 0
    share: Share = Share()
    unanswered: list = field(default_factory=list)

    @property
    def achieved(self):
        """'1 of 4 actions achieved (25%)', or that the board cites the review nowhere."""
        if not self.objectives:
            return f"No objective of {self.board.short_name} cites this review"
        return self.share.label

    @property
    def unanswered_numbers(self):
        """'1, 3': the numbers of the findings the board answers with no objective, or 'None'."""
        return ", ".join(finding.number for finding in self.unanswered) or "None"


@dataclass
class FindingSummary:
    """One finding across the boards: how many of them answer it, and the share achieved of the actions of the
    objectives answering it."""

    finding: object
    boards: int = 0
    share: Share = Share()


@dataclass
class Summary:
    review: object
    as_at: AsAt
    boards: list  # [BoardSummary] by board name
    rows: list  # [FindingSummary] in the findings' order

    @property
    def share(self):
        return Share(sum(b.share.achieved for b in self.boards), sum(b.share.total for b in self.boards))

    @property
    def unanswered(self):
        """Findings no objective on any board shown answers."""
        return [row for row in self.rows if not row.boards]


def boards_shown(review, user, board=None):
    """The boards whose answers to the review the user sees, by name: the review's own board for a local review,
    else every board the user may read; `board` (a slug) narrows them to that one, a 404 if it is not among them."""
    boards = boards_readable_by(user).order_by("name")
    if not review.is_national:
        boards = boards.filter(pk=review.board_id)
    if board is not None:
        if not slug_re.fullmatch(board):  # not a slug (a NUL byte, say): no such board, and nothing to ask the database
            raise Http404("No such board among yours.")
        boards = boards.filter(slug=board)
    boards = list(boards)  # query: the boards shown
    if board is not None and not boards:
        raise Http404("No such board among yours.")
    return boards


def review_page(review, user, chosen_as_at=None, board=None):
    """What the review page shows: the Trace of its boards while they fit side by side (or of the one board
    asked for), else their Summary."""
    boards = boards_shown(review, user, board)
    if len(boards) > SIDE_BY_SIDE:
        return summarise(review, boards, chosen_as_at)
    return trace_of(review, boards, chosen_as_at)


def trace_review(review, user, chosen_as_at=None, board=None):
    """The Trace of a review the user may see (found through `reviews.access.get_review_for_user`), of every
    board shown or of the one asked for."""
    return trace_of(review, boards_shown(review, user, board), chosen_as_at)


def _citing_or_answering(review, objective="pk", few=False):
    """The condition on `objective` (a path to an objective) that it cites the review or answers one of its
    findings: two lists of objective ids the database reads once each, right for many boards (the exports' trace
    of 300, a summary's states as at an earlier date: 52 ms, where the kept rows of actions.ReviewLink took 75).
    With `few` (the objectives of a few boards: the page's trace), two lookups per objective in the link tables'
    indexes (EXISTS) instead: PostgreSQL cannot tell how few objectives the two lists keep, and for a trace of three
    boards among 300 it read all 18,600 objectives in the country to test each against them (9.2 ms), where it now
    tests those boards' 400 (2.7 ms); the kept rows, tried there too, it joined last, after every action of those
    boards (6 ms). The summary's counts as at today read the kept rows (`summarise`)."""
    if few:
        path = OuterRef(objective)
        citing = Objective.sources.through.objects.filter(review=review, objective_id=path)
        answering = Objective.findings.through.objects.filter(finding__review=review, objective_id=path)
        return Q(Exists(citing)) | Q(Exists(answering))
    citing = Objective.sources.through.objects.filter(review=review).values("objective_id")
    answering = Objective.findings.through.objects.filter(finding__review=review).values("objective_id")
    return Q(**{f"{objective}__in": citing}) | Q(**{f"{objective}__in": answering})


def _objectives(review, boards):
    """The boards' objectives citing the review or answering one of its findings (a queryset)."""
    few = len(boards) <= SIDE_BY_SIDE
    return Objective.objects.filter(plan__board__in=boards).filter(_citing_or_answering(review, few=few))


# what the page and the exports show (or order by) of an objective, its plan and section, and an action: not each
# plan's introduction and each objective's other columns, hundreds of times
OBJECTIVE_COLUMNS = ("id", "plan_id", "section_id", "number", "title")
ACTION_COLUMNS = ("id", "number", "text", "due_date")


def _objectives_and_actions(review, boards):
    """({objective id: its ObjectiveTrace, with the findings of the review it answers}, the actions of those
    objectives, each with its latest update as `rag.with_latest_update` gives it), the objectives in the page's
    order (by board name, plan, order) and each one's actions in theirs. One read, so that the page runs as many
    queries as the Summary: each objective joined to its actions (one with none in a row of its own) and to the
    findings of the review it answers (any other finding it answers gives a row with none), a row per action and
    finding (an objective answers one or two: the rows of an action are read once each). Each objective, plan,
    section and action is made once, with only these columns loaded (`rag.loaded`)."""
    latest = rag.latest_update_paths("actions__")
    rows = (
        _objectives(review, boards)
        .alias(answers=FilteredRelation("findings", condition=Q(findings__review=review)))
        .annotate(answered=F("answers__id"))
        .order_by("plan__board__name", "plan_id", "order", "id", "actions__order", "actions__id")
        .values_list(
            *OBJECTIVE_COLUMNS,
            "plan__title",
            "plan__board_id",
            "section__title",
            "answered",
            *(f"actions__{name}" for name in ACTION_COLUMNS),
            *latest.values(),
        )
    )
    db, width = rows.db, len(OBJECTIVE_COLUMNS)
    traces, plans, actions, seen = {}, {}, [], set()
    for row in rows:
        objective_id, plan_id, section_id = row[:3]
        plan_title, board_id, section_title, answered = row[width : width + 4]
        trace = traces.get(objective_id)
        if trace is None:
            objective = rag.loaded(Objective, db, zip(OBJECTIVE_COLUMNS, row[:width], strict=True))
            plan = plans.get(plan_id) or rag.loaded(
                Plan, db, (("id", plan_id), ("title", plan_title), ("board_id", board_id))
            )
            plans[plan_id] = plan
            section = None
            if section_id is not None:
                section = rag.loaded(Section, db, (("id", section_id), ("title", section_title)))
            objective._state.fields_cache.update(plan=plan, section=section)
            trace = traces[objective_id] = ObjectiveTrace(objective)
        if answered is not None:
            trace.finding_ids.add(answered)
        action_values = row[width + 4 :]
        if action_values[0] is not None and action_values[0] not in seen:
            seen.add(action_values[0])
            action = rag.loaded(
                Action,
                db,
                (
                    *zip(ACTION_COLUMNS, action_values, strict=False),
                    ("objective_id", objective_id),
                    *zip(latest, action_values[len(ACTION_COLUMNS) :], strict=True),
                ),
            )
            action._state.fields_cache["objective"] = trace.objective
            actions.append(action)
    return traces, actions


def trace_of(review, boards, chosen_as_at=None):
    findings = list(review.findings.all())  # query: the findings
    traces, actions = _objectives_and_actions(review, boards)  # query: the objectives and their actions
    as_at = AsAt.for_boards(boards, chosen_as_at)  # query: the plans' dates (none when a date is chosen)
    days = {action.pk: as_at.of(action.objective.plan_id) for action in actions}
    # query (none when every action is rated as at a day on or after its latest update: its current state keeps what
    # the rules read of its history): the histories of the actions rated as at an earlier day
    ratings = rag.ratings_from_latest_update(actions, days)
    for action in actions:
        day = days[action.pk]
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


def summarise(review, boards, chosen_as_at=None):
    """The Summary of the boards' answers to the review, counted by the database whatever the number of boards,
    objectives and actions; "achieved" as `trace_of` decides it (`actions.rag.annotate_ratings`, the same rules).
    As at today (no date chosen, or a date from today on: every action's current status is its status then), the
    actions are summed from their objectives' counts (`actions.ObjectiveCount`, a row per objective: Laming is
    answered by a third of the national actions); as at an earlier date, counted from their states
    (`ActionState.objective`, no join to the actions)."""
    findings = list(review.findings.all())  # query: the findings
    # the boards' ids, not the boards: each query names 300 of them for a national auditor, and Django checks each
    # instance given (its model, its primary key) once per query that names it
    board_ids = [board.pk for board in boards]
    summaries = {board.pk: BoardSummary(board) for board in boards}
    as_at = AsAt(chosen=chosen_as_at)
    day = as_at.chosen or as_at.today
    # as at each plan's own date: today while it runs, else its last progress date, on or after every update of
    # its actions (updates are never dated in the future): whatever is achieved as at it is achieved as at today
    current = rag.on_or_after_every_update(day)
    counted = {"actions": Sum("count__actions"), "achieved": Sum("count__achieved")} if current else {}
    # the review's kept rows, one per objective answering it (actions.ReviewLink), by board: read from their index
    # and joined to the objectives' counts, where testing all 18,600 objectives in the country took three times as
    # long (4 ms, 12 before, for Laming's 6,100 at 300 boards)
    per_board = (
        ReviewLink.objects.filter(review=review, board__in=board_ids)
        .order_by()
        .values_list("board")
        .annotate(n=Count("objective"), not_tied=Count("objective", filter=Q(answers=False)), **counted)
    )
    # query: how many objectives of each board, how many tied to none (and as at today, their actions achieved)
    for board_id, n, not_tied, *shares in per_board:
        summary = summaries[board_id]
        summary.objectives, summary.not_tied = n, not_tied
        if shares:
            total, achieved = shares
            summary.share = Share(achieved or 0, total or 0)
    answered = (
        Objective.findings.through.objects.filter(finding__review=review, objective__plan__board__in=board_ids)
        .order_by()
        .values_list("finding_id", "objective__plan__board")
    )
    if current:
        answered = answered.annotate(
            actions=Sum("objective__action_count__actions"), achieved=Sum("objective__action_count__achieved")
        )
    else:
        answered = answered.distinct()
    answers = list(answered)  # query: which boards answer each finding (and as at today, with how many actions)
    answered = {(finding_id, board_id) for finding_id, board_id, *_ in answers}
    by_finding = {}
    for finding_id, _, *shares in answers:
        if shares:
            total, achieved = by_finding.get(finding_id, (0, 0))
            by_finding[finding_id] = (total + (shares[0] or 0), achieved + (shares[1] or 0))
    if not current:
        _count_states(review, board_ids, day, summaries, by_finding)

    rows = []
    for finding in findings:
        answering_boards = [board for board in boards if (finding.pk, board.pk) in answered]
        for board in boards:
            if (finding.pk, board.pk) not in answered:
                summaries[board.pk].unanswered.append(finding)
        total, achieved = by_finding.get(finding.pk, (0, 0))
        rows.append(FindingSummary(finding, len(answering_boards), Share(achieved, total)))
    return Summary(review=review, as_at=as_at, boards=list(summaries.values()), rows=rows)


def _count_states(review, board_ids, day, summaries, by_finding):
    """As at a date before today: each board's share achieved into `summaries`, and each finding's (total, achieved)
    into `by_finding`, counted from the actions' states rated as at `day`."""
    states = rag.annotate_ratings(
        ActionState.objects.filter(board__in=board_ids).filter(_citing_or_answering(review, "objective")),
        day,
        ["rag_status"],
    ).order_by()
    counts = {}
    for board_id, status, n in states.values_list("board", "rag_status").annotate(n=Count("pk")):
        # query: each board's actions, by status as at the date
        total, achieved = counts.get(board_id, (0, 0))
        counts[board_id] = (total + n, achieved + (n if status == Status.ACHIEVED else 0))
    for board_id, (total, achieved) in counts.items():
        summaries[board_id].share = Share(achieved, total)
    answering_actions = states.filter(objective__findings__review=review)
    for finding_id, status, n in answering_actions.values_list("objective__findings", "rag_status").annotate(
        n=Count("pk")
    ):  # query: the actions answering each finding, by status as at the date
        total, achieved = by_finding.get(finding_id, (0, 0))
        by_finding[finding_id] = (total + n, achieved + (n if status == Status.ACHIEVED else 0))
