"""A national review seen across more boards than fit side by side (a national inspector's 300): a summary per
finding and per board, counted by the database, each board linking to its own trace (`?board=`), which shows
that board's objectives and actions as the page always did; the same numbers either way; the exports of a board's
trace hold that board only; a constant number of queries whatever the number of boards."""

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse

from actions.models import Action, ProgressUpdate, Status
from boards.models import Board, Membership
from plans.models import Objective, Plan
from reporting import trace as trace_module
from reviews.models import Finding, Review
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

SEED_BOARDS = 3  # Kingston, Leeds, LLR: the seed auditor's


@pytest.fixture
def laming(seed):
    """The national Laming review, with a finding of its own (the documents state none)."""
    review = Review.objects.get(code="LR", board__isnull=True)
    Finding.objects.create(review=review, number="1", text="Collate more multi-agency needs assessment", order=1)
    return review


def add_boards(user, review, count, start=1):
    """`count` boards the user audits, each with a running plan whose objective 1 cites the review and answers its
    first finding (three actions, the first achieved) and whose objective 2 cites it only (one action)."""
    finding = review.findings.order_by("order").first()
    boards = []
    for n in range(start, start + count):
        board = Board.objects.create(
            name=f"Board {n:02} Safeguarding Children Board", short_name=f"Board {n:02}", slug=f"board-{n:02}"
        )
        Membership.objects.create(user=user, board=board, role=Membership.Role.AUDITOR)
        today = date.today()
        plan = Plan.objects.create(
            board=board,
            title=f"Board {n:02} Business Plan",
            kind="business",
            period_start=date(today.year - 1, 4, 1),
            period_end=date(today.year + 1, 3, 31),
            status="approved",
        )
        answering = Objective.objects.create(plan=plan, number="1", title=f"Answer Laming {n}", order=1)
        answering.sources.add(review)
        answering.findings.add(finding)
        citing = Objective.objects.create(plan=plan, number="2", title=f"Cite Laming {n}", order=2)
        citing.sources.add(review)
        actions = [
            Action.objects.create(objective=answering, number=f"1.{i}", order=i, text=f"Outcome 1.{i} of {n}")
            for i in (1, 2, 3)
        ]
        actions.append(Action.objects.create(objective=citing, number="2.1", order=1, text=f"Outcome 2.1 of {n}"))
        ProgressUpdate.objects.create(
            action=actions[0], as_at=date(today.year - 1, 6, 30), status=Status.ACHIEVED, author=user
        )
        ProgressUpdate.objects.create(
            action=actions[1], as_at=date(today.year - 1, 6, 30), status=Status.IN_PROGRESS, rag="green", author=user
        )
        boards.append(board)
    return boards


def page(client, review, **params):
    response = client.get(reverse("reporting:review", args=[review.pk]), params)
    assert response.status_code == 200
    return response


def board_rows(html):
    """{board slug: its summary row's text}."""
    rows = re.findall(r'<tr data-board="([\w-]+)">(.*?)</tr>', html, re.S)
    return {slug: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for slug, row in rows}


def test_many_boards_get_a_summary_each_board_linking_to_its_own_trace(login, auditor, laming):
    add_boards(auditor, laming, 4)  # 7 boards: more than fit side by side
    client = login(auditor)
    response = page(client, laming)
    html = response.content.decode()
    text = page_text(response)
    # no objective or action listed: a row per board instead, in name order, each linking to its trace
    assert not re.search(r'href="/actions/\d+/"', html)
    rows = board_rows(html)
    assert list(rows) == ["board-01", "board-02", "board-03", "board-04", "kingston", "leeds", "llr"]
    for slug in rows:
        assert f'href="/reviews/{laming.pk}/?board={slug}"' in html
    # Board 01: 2 objectives, 1 of them answering no finding, 1 of 4 actions achieved, every finding answered
    assert rows["board-01"] == "Board 01 2 1 1 of 4 actions achieved (25%) None"
    # Leeds cites Laming nowhere and answers no finding; Kingston cites it without answering the finding
    assert rows["leeds"] == "Leeds LSCB 0 0 No objective of Leeds LSCB cites this review 1"
    assert rows["kingston"].endswith(" 1")
    # the finding: answered by the 4 new boards, 4 of their 12 actions achieved
    finding = laming.findings.get()
    row = re.search(rf'<tr id="finding-{finding.pk}">(.*?)</tr>', html, re.S).group(1)
    assert "4 of 7" in row and "4 of 12 actions achieved (33%)" in row
    assert "across your 7 boards" in text

    # a board's own trace: its objectives and actions, as the page always showed them, and the way back
    slice_ = page(client, laming, board="board-01")
    slice_html = slice_.content.decode()
    assert "Only Board 01 is shown." in page_text(slice_)
    assert f'href="/reviews/{laming.pk}/"' in slice_html
    for action in Action.objects.filter(objective__plan__board__slug="board-01"):
        assert f'href="/actions/{action.pk}/"' in slice_html
    assert "Board 01 objective 1</a>" in slice_html and "Board 01 objective 2</a>" in slice_html
    assert "Kingston" not in page_text(slice_).replace("Kingston LSCB’s response", "")
    assert '<input type="hidden" name="board" value="board-01">' in slice_html  # a date keeps the board
    assert "1 of 4 actions achieved (25%)" in page_text(slice_)


@pytest.mark.parametrize("as_at", [None, "2010-09-30"])
def test_the_summary_counts_what_each_boards_trace_shows(login, auditor, laming, monkeypatch, as_at):
    add_boards(auditor, laming, 2)
    boards = list(Board.objects.filter(memberships__user=auditor).order_by("name"))
    chosen = date.fromisoformat(as_at) if as_at else None
    full = trace_module.trace_review(laming, auditor, chosen)
    summary = trace_module.summarise(laming, boards, chosen)
    assert [b.board for b in summary.boards] == [c.board for c in full.columns]
    for counted, column in zip(summary.boards, full.columns, strict=True):
        assert counted.share == column.share, column.board
        assert counted.objectives == len(column.objectives)
        assert counted.not_tied == len(column.not_tied_to_a_finding)
    assert summary.share == full.share
    for counted, row in zip(summary.rows, full.rows, strict=True):
        assert counted.boards == sum(bool(cell.objectives) for cell in row.cells)
        assert counted.share == trace_module.Share.of(
            line for cell in row.cells for o in cell.objectives for line in o.lines
        )
    # the page: side by side while they fit, else the summary, with the same overall share
    monkeypatch.setattr(trace_module, "SIDE_BY_SIDE", len(boards))
    side_by_side = page_text(page(login(auditor), laming, **({"as_at": as_at} if as_at else {})))
    monkeypatch.setattr(trace_module, "SIDE_BY_SIDE", len(boards) - 1)
    summarised = page_text(page(login(auditor), laming, **({"as_at": as_at} if as_at else {})))
    assert f"{full.share.label} across your {len(boards)} boards" in side_by_side
    assert f"{full.share.label} across your {len(boards)} boards" in summarised


def test_a_board_that_is_not_the_users_is_404(login, auditor, llr_manager, laming):
    add_boards(auditor, laming, 3)
    url = reverse("reporting:review", args=[laming.pk])
    assert login(llr_manager).get(url, {"board": "board-01"}).status_code == 404
    assert login(llr_manager).get(url, {"board": "kingston"}).status_code == 404
    assert login(llr_manager).get(url, {"board": "llr"}).status_code == 200
    pr = Review.objects.get(code="PR")  # Kingston's own review: Kingston's column only
    assert login(auditor).get(reverse("reporting:review", args=[pr.pk]), {"board": "leeds"}).status_code == 404


@pytest.mark.parametrize("awkward", ["\x00", "kingston\x00", "king ston", "a" * 5000])
def test_a_board_that_is_no_slug_is_404_on_the_page_and_its_exports(login, auditor, laming, awkward):
    """PostgreSQL refuses a NUL byte in a string (a 500 if it reached the query); nothing that is no slug is a board."""
    client = login(auditor)
    for name in ("reporting:review", "reporting:review_csv"):
        assert client.get(reverse(name, args=[laming.pk]), {"board": awkward}).status_code == 404


def test_the_exports_of_a_boards_trace_hold_that_board_only(login, auditor, laming):
    add_boards(auditor, laming, 4)
    client = login(auditor)
    html = page(client, laming, board="board-02", as_at="2026-03-31").content.decode()
    csv_url = reverse("reporting:review_csv", args=[laming.pk]) + "?board=board-02&amp;as_at=2026-03-31"
    assert f'href="{csv_url}"' in html
    rows = list(csv.reader(io.StringIO(client.get(csv_url.replace("&amp;", "&")).content.decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == {"Board 02 Safeguarding Children Board"}
    assert len(rows) == 1 + 4  # the finding's 3 outcomes, the other objective's 1
    # without a board: every board's, complete
    everything = list(csv.reader(io.StringIO(client.get(csv_url.split("?")[0]).content.decode("utf-8-sig"))))
    assert {row[0] for row in everything[1:]} >= {f"Board 0{n} Safeguarding Children Board" for n in (1, 2, 3, 4)}


def test_the_national_review_page_runs_a_constant_number_of_queries(login, auditor, laming, django_assert_num_queries):
    client = login(auditor)
    url = reverse("reporting:review", args=[laming.pk])
    # at 3 boards, side by side (tests/test_review_trace.py names the queries): as many as the summary
    with django_assert_num_queries(9):
        assert client.get(url).context["summary"] is None
    add_boards(auditor, laming, 3)  # 6 boards
    # 1 session, 2 user, 3 the review, 4 the boards shown, 5 findings, 6 how many objectives of each board cite it
    # or answer a finding (and how many answer none), with their actions and those achieved (ObjectiveCount),
    # 7 which boards answer each finding, with the actions answering it and those achieved, 8 what the user's
    # boards wrote of it (BoardResponse), 9 the boards the user keeps
    with django_assert_num_queries(9):
        few = client.get(url)
    add_boards(auditor, laming, 6, start=4)  # 12 boards
    with django_assert_num_queries(9):
        many = client.get(url)
    # as at an earlier date: 6 the objectives of each board (no actions), 7 which boards answer each finding,
    # 8 each board's actions by status as at the date, 9 the actions answering each finding by status as at it,
    # 10 what the user's boards wrote of it, 11 the boards the user keeps
    with django_assert_num_queries(11):
        client.get(url, {"as_at": "2025-06-30"})
    assert "across your 6 boards" in page_text(few) and "across your 12 boards" in page_text(many)
    # one board's trace: as a side by side page (tests/test_review_trace.py), with 1 board or 12 to choose from
    # 1 session, 2 user, 3 the review, 4 the board, 5 findings, 6 its objectives citing the review or answering a
    # finding, with which finding each answers, joined to their actions with each one's latest update and what its
    # current state keeps of its history, 7 the plans' own dates, 8 what the board wrote of it, 9 the boards the
    # user keeps
    with django_assert_num_queries(9):
        assert client.get(url, {"board": "board-01"}).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(url, {"board": "kingston"}).status_code == 200


def test_a_local_review_page_runs_the_same_queries_for_a_user_of_one_board_or_many(
    login, chair, auditor, laming, django_assert_num_queries
):
    pr = Review.objects.get(code="PR")
    url = reverse("reporting:review", args=[pr.pk])
    # 1 session, 2 user, 3 the review, 4 its board, 5 findings, 6 the objectives citing it or answering a finding,
    # with which finding each answers, joined to their actions with each one's latest update and what its current
    # state keeps of its history, 7 the plans' own dates, 8 what the board wrote of it, 9 the boards the user keeps
    chair_client = login(chair)  # the chair of Kingston only
    with django_assert_num_queries(9):
        one = chair_client.get(url)
    add_boards(auditor, laming, 8)  # an auditor of 11 boards
    auditor_client = login(auditor)
    with django_assert_num_queries(9):
        many = auditor_client.get(url)
    assert page_text(one).count("15 of 37 actions achieved (41%)") == page_text(many).count("15 of 37 actions")


def test_the_review_list_runs_the_same_queries_for_3_boards_or_13(login, auditor, laming, django_assert_num_queries):
    client = login(auditor)
    url = reverse("reporting:reviews")
    # 1 session, 2 user, 3 the reviews with their finding counts, 4 how many objectives of the user's boards cite
    # each, 5 the boards the user keeps (for "New review of ...")
    with django_assert_num_queries(5):
        client.get(url)
    add_boards(auditor, laming, 10)
    with django_assert_num_queries(5):
        response = client.get(url)
    row = re.search(r"The Laming Review.*?</tr>", response.content.decode(), re.S).group(0)
    assert "<td>25</td>" in row  # Kingston's 5 objectives citing it, and 2 of each new board
