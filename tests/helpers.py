"""Small helpers shared by tests."""

import html as html_module
import re

from django.apps import apps
from django.db import connection

from actions.board_contents import COUNTED_FROM
from actions.models import BoardContents, ReviewLink
from boards.models import Board
from plans.models import Objective


def page_text(response):
    """The visible text of a response, whitespace folded."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html))).strip()
    # "16.1 : done" -> "16.1: done" where a tag ended before the colon
    return re.sub(r" ([:;,.)])(?=\s|$)", r"\1", text)


def row_counts():
    """Rows in every table of the project's apps (history tables included), by model label: to prove a refused
    request wrote nothing. One query, whatever the number of tables (the URL matrix asks twice per request)."""
    models = [model for label in APPS_COUNTED for model in apps.get_app_config(label).get_models()]
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})" for model in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")  # table names from the models, nothing a user typed
        return {model._meta.label: count for model, count in zip(models, cursor.fetchone(), strict=True)}


APPS_COUNTED = ("boards", "reviews", "plans", "actions")


# Kingston's plan table as its document heads it (the Progress column carries the plan's date, September 2010)
KINGSTON_HEADINGS = [
    "Objectives",
    "Source",
    "Time Scale",
    "Outcomes",
    "Lead Officer working with Business Manager",
    "Progress September 2010",
]

# who may have Kingston's printed reports (every role on the board prints; no role, 404): (persona fixture, status)
KINGSTON_PRINT_ACCESS = [
    ("manager", 200),
    ("lead", 200),
    ("chair", 200),
    ("auditor", 200),
    ("two_board_chair", 200),
    ("outsider", 404),
    ("llr_manager", 404),
]


def record_q2_exceptions(plan, author):
    """Kingston's Q2 2010/11 exceptions, as a manager records them: 6.1 Amber with its corrective action, 5.3 Red
    with none recorded. Returns the plan's actions by number."""
    from datetime import date

    from actions.models import RAG, Action, ProgressUpdate, Status

    actions = {a.number: a for a in Action.objects.filter(objective__plan=plan)}
    ProgressUpdate.objects.create(
        action=actions["6.1"],
        as_at=date(2010, 9, 30),
        status=Status.IN_PROGRESS,
        rag=RAG.AMBER,
        author=author,
        narrative="Engagement plan late",
        corrective_action="Draft to the December board meeting",
    )
    ProgressUpdate.objects.create(
        action=actions["5.3"], as_at=date(2010, 8, 31), status=Status.IN_PROGRESS, rag=RAG.RED, author=author
    )
    return actions


def make_current_plan(
    board, lead_user=None, outcomes=4, subgroup=None, title="Business Plan (current)", last_quarter=True
):
    """An approved plan of the board in force today, objective 1 with outcomes 1.1, 1.2 ... (led by `lead_user`,
    reporting to `subgroup`); with `last_quarter`, 1.1 has last quarter's Amber update. Returns (plan, its outcomes
    in order)."""
    from datetime import date, timedelta

    from django.utils import timezone

    from actions.models import Action, ProgressUpdate
    from actions.quarters import quarter_of
    from plans.models import Objective, Plan

    today = timezone.localdate()
    plan = Plan.objects.create(
        board=board,
        title=title,
        kind="business",
        period_start=date(today.year - 1, 4, 1),
        period_end=date(today.year + 1, 3, 31),
        status="approved",
    )
    objective = Objective.objects.create(plan=plan, number="1", title="Keep children safe", lead="Chair Training Group")
    actions = [
        Action.objects.create(
            objective=objective,
            number=f"1.{n}",
            order=n,
            text=f"Outcome {n}",
            lead_user=lead_user,
            subgroup=subgroup,
            due_date=date(today.year + 1, 3, 31),
        )
        for n in range(1, outcomes + 1)
    ]
    if not last_quarter:
        return plan, actions
    ProgressUpdate.objects.create(
        action=actions[0],
        as_at=quarter_of(today).start - timedelta(days=1),
        status="in_progress",
        rag="amber",
        narrative="Last quarter: training venue not yet booked",
        corrective_action="Venue to be booked by the business manager",
    )
    return plan, actions


def assert_review_links_kept():
    """Each objective's kept answers to reviews (actions.ReviewLink) are what its two links say: a row per objective
    and review it cites or answers a finding of, with its board, whether it cites the review, whether it answers
    one of its findings."""
    citing = set(Objective.sources.through.objects.values_list("objective_id", "review_id"))
    answering = set(Objective.findings.through.objects.values_list("objective_id", "finding__review"))
    boards = dict(Objective.objects.values_list("pk", "plan__board"))
    expected = {(o, r): (boards[o], (o, r) in citing, (o, r) in answering) for o, r in citing | answering}
    kept = {
        (o, r): (board, cites, answers)
        for o, r, board, cites, answers in ReviewLink.objects.values_list(
            "objective", "review", "board", "cites", "answers"
        )
    }
    assert kept == expected


def assert_board_contents_kept():
    """Each board's kept numbers (actions.BoardContents) are its rows of each kind counted now: plans, sections,
    objectives, its own reviews and their findings, subgroups (a board with none of any: no row, or all naught)."""
    counted = {board: dict.fromkeys(BoardContents.COUNTED, 0) for board in Board.objects.values_list("pk", flat=True)}
    for name, (model, path) in COUNTED_FROM.items():
        for board in model.objects.filter(**{f"{path}__isnull": False}).values_list(path, flat=True):
            counted[board][name] += 1
    kept = {board: dict.fromkeys(BoardContents.COUNTED, 0) for board in counted}
    for row in BoardContents.objects.values("board", *BoardContents.COUNTED):
        kept[row.pop("board")] = row
    assert kept == counted
