"""The dashboards as at a quarter end read the quarter snapshots (`actions.snapshots`) where a plan has them and
count live where it has none: the same numbers either way, the news of a late update for a quarter not signed off,
and a signed-off quarter as the board saw it."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actions import rag
from actions.models import RAG, Action, ActionState, ProgressUpdate, QuarterSignoff, QuarterSnapshot, Status
from actions.quarters import Quarter
from actions.structure import joined_by

from .test_dashboards import add_boards, board_rows, html_of, text_of

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reporting:dashboard")


def snapshot(quarter, board=None):
    call_command("snapshot_quarter", "--quarter", quarter, *(["--board", board] if board else []), stdout=StringIO())


def kingston_row(response):
    """The Kingston row's words on the dashboard across boards."""
    text = text_of(response)
    return text[text.index("Kingston") : text.index("Leeds")]


@pytest.mark.parametrize("quarter", ["2010-Q2", "2010-Q3", "2010-Q4"])
def test_the_page_across_boards_is_the_same_from_snapshots_as_live(login, auditor, quarter):
    add_boards(3, auditor)
    client = login(auditor)
    live = html_of(client.get(DASHBOARD, {"quarter": quarter}))
    snapshot(quarter, "kingston")  # some plans kept, the others counted live
    assert html_of(client.get(DASHBOARD, {"quarter": quarter})) == live
    snapshot(quarter)  # every plan kept
    assert QuarterSnapshot.objects.exists()
    assert html_of(client.get(DASHBOARD, {"quarter": quarter})) == live


def test_a_late_update_shows_until_the_quarter_is_signed_off(login, auditor, manager, chair, kingston_plan):
    client = login(auditor)
    snapshot("2010-Q2")
    before = kingston_row(client.get(DASHBOARD, {"quarter": "2010-Q2"}))
    # one of the outcomes with no update as at the end of Q2, given a Red in September, recorded late
    action = Action.objects.filter(
        objective__plan=kingston_plan, snapshots__quarter_end=date(2010, 9, 30), snapshots__status=""
    ).first()
    ProgressUpdate.objects.create(
        action=action, as_at=date(2010, 9, 1), status=Status.IN_PROGRESS, rag=RAG.RED, author_name="Late"
    )
    after = kingston_row(client.get(DASHBOARD, {"quarter": "2010-Q2"}))
    assert after != before  # the new Red shows
    assert QuarterSnapshot.objects.get(action=action, quarter_end=date(2010, 9, 30)).rag == "red"

    QuarterSignoff.objects.create(
        plan=kingston_plan,
        quarter_end=date(2010, 9, 30),
        submitted_by=manager,
        signed_off_by=chair,
        signed_off_at=timezone.now(),
    )
    other = Action.objects.filter(
        objective__plan=kingston_plan, snapshots__quarter_end=date(2010, 9, 30), snapshots__status=""
    ).first()
    ProgressUpdate.objects.create(  # a manager's late amendment: the next quarter's news, not this one's
        action=other,
        as_at=date(2010, 9, 1),
        status=Status.IN_PROGRESS,
        rag=RAG.AMBER,
        author_name="Late",
        amended_after_signoff=True,
        late_reason="Missed at the meeting",
    )
    assert kingston_row(client.get(DASHBOARD, {"quarter": "2010-Q2"})) == after  # as the board saw it


def test_the_page_across_boards_from_snapshots_reads_the_same_with_3_boards_and_with_30(
    login, auditor, django_assert_num_queries
):
    client = login(auditor)
    snapshot("2010-Q3")
    # 1 session, 2 user, 3 the user's boards, each with its plans' first start and last end (the quarters the date
    # form lists), 4 the plans running at the quarter end and whether each has snapshot rows for it, 5 the rows'
    # RAG mix, overdue and missing updates per board, counted by the database
    with django_assert_num_queries(5):
        three = client.get(DASHBOARD, {"quarter": "2010-Q3"})
    assert len(board_rows(three)) == 3
    add_boards(27, auditor)
    snapshot("2010-Q3")
    with django_assert_num_queries(5):
        thirty = client.get(DASHBOARD, {"quarter": "2010-Q3"})
    assert len(board_rows(thirty)) == 25  # the first page of boards, after the row of all 30
    with django_assert_num_queries(5):  # every board counted again for the row of all of them
        second = client.get(DASHBOARD, {"quarter": "2010-Q3", "page": "2"})
    assert len(board_rows(second)) == 5
    # a plan nobody snapshotted: 6, its boards' actions counted live from their current state
    QuarterSnapshot.objects.filter(board__slug="extra-00").delete()
    with django_assert_num_queries(6):
        client.get(DASHBOARD, {"quarter": "2010-Q3"})


BOARD_PAGES = [
    ("kingston", {"quarter": "2010-Q2"}),
    ("kingston", {"quarter": "2010-Q4"}),
    ("kingston", {}),  # its default date, 30 September 2010: a quarter end
    ("llr", {"quarter": "2009-Q3"}),
    ("leeds", {"quarter": "2010-Q3"}),
    ("extra-00", {"quarter": "2010-Q3"}),
]


def test_the_board_dashboard_is_the_same_from_snapshots_as_live(login, auditor):
    add_boards(1, auditor)
    client = login(auditor)
    live = [
        html_of(client.get(reverse("reporting:board_dashboard", args=[slug]), query)) for slug, query in BOARD_PAGES
    ]
    for code in ("2008-Q1", "2008-Q2", "2008-Q3", "2008-Q4", "2009-Q1", "2009-Q2", "2009-Q3", "2009-Q4"):
        snapshot(code)
    for code in ("2010-Q1", "2010-Q2", "2010-Q3", "2010-Q4"):
        snapshot(code)
    kept = [
        html_of(client.get(reverse("reporting:board_dashboard", args=[slug]), query)) for slug, query in BOARD_PAGES
    ]
    for (slug, query), before, after in zip(BOARD_PAGES, live, kept, strict=True):
        assert after == before, (slug, query)


def test_the_board_dashboard_from_snapshots_reads_no_update(login, auditor, django_assert_num_queries):
    client = login(auditor)
    for code in ("2009-Q1", "2009-Q2", "2009-Q3", "2009-Q4", "2010-Q1", "2010-Q2", "2010-Q3"):
        snapshot(code, "kingston")
    # 1 session, 2 user, 3 the board, 4 its plans with their last progress dates, 5 the snapshots' mixes by plan
    # and quarter end (the trend; which quarter ends are kept), 6 the rows at the date and the quarter end before,
    # with their updates' dates, statuses and authors, 7 the objectives joined to their actions, each with whether
    # it was edited since, 8 the history of the objectives edited since (their sources, recorded when the seed was
    # loaded; no action was: actions.structure); no update read
    with django_assert_num_queries(8) as queries:
        response = client.get(reverse("reporting:board_dashboard", args=["kingston"]), {"quarter": "2010-Q3"})
    assert "Shown as at 31 December 2010" in text_of(response)
    assert not [q for q in queries.captured_queries if 'FROM "actions_progressupdate"' in q["sql"]]


def trend_row(text, label):
    """The counts of the trend table's row of a quarter end: red, amber, green, blue, not rated, total."""
    found = re.search(re.escape(label) + r" (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) ", text)
    return [int(n) for n in found.groups()]


def test_the_board_dashboards_trend_reads_the_snapshot_rows_it_has(login, auditor, manager, chair, kingston_plan):
    """Shown as at a day that is no quarter end, each past quarter end of the trend is read from the plan's rows
    for it where it has them, counted live where it has none: the same sections either way, and a signed-off
    quarter as the board saw it."""
    client = login(auditor)
    page = reverse("reporting:board_dashboard", args=["kingston"])
    live = html_of(client.get(page, {"as_at": "2010-08-15"}))
    snapshot("2009-Q3")
    snapshot("2010-Q1")  # some of the trend's quarter ends kept, the others counted live
    assert html_of(client.get(page, {"as_at": "2010-08-15"})) == live

    june = date(2010, 6, 30)
    QuarterSignoff.objects.create(
        plan=kingston_plan, quarter_end=june, submitted_by=manager, signed_off_by=chair, signed_off_at=timezone.now()
    )
    row = QuarterSnapshot.objects.filter(plan=kingston_plan, quarter_end=june, rag="").first()
    QuarterSnapshot.objects.filter(pk=row.pk).update(rag=RAG.RED, rag_rank=0)  # what the board saw then
    label = "Q1 2010/11 (30 Jun 2010)"
    red, amber, green, blue, not_rated, total = trend_row(text_of(client.get(page, {"as_at": "2010-08-15"})), label)
    assert [red - 1, amber, green, blue, not_rated + 1, total] == trend_row(_words(live), label)


def _words(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("quarter", ["2010-Q2", "2010-Q3"])
def test_the_snapshots_roll_up_as_the_rules_count_live_with_every_number(auditor, quarter):
    """Counted from the snapshot rows (a count per colour, status and flag, a row a group) or live from the actions'
    states by the rules: the same RollUp for each board and each plan (or plan and quarter end), statuses and
    completed late included."""
    add_boards(3, auditor)
    snapshot(quarter)
    end = Quarter.parse(quarter).end
    rows = QuarterSnapshot.objects.filter(quarter_end=end)
    states = ActionState.objects.filter(action__objective__plan__in=rows.values("plan")).filter(joined_by(end))
    for live_key, kept_key in (("board", "board"), ("action__objective__plan", "plan")):
        live = rag.roll_ups(states, live_key, end)
        assert rag.snapshot_roll_ups(rows, kept_key) == live and len(live) >= 4
        assert any(roll_up.red and roll_up.completed_late is not None and roll_up.statuses for roll_up in live.values())
    by_quarter = rag.snapshot_roll_ups(rows, ("plan", "quarter_end"))
    assert by_quarter == {(plan, end): roll_up for plan, roll_up in live.items()}
