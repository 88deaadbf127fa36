"""Each board's numbers of plans, sections, objectives, reviews, findings and subgroups (actions.BoardContents), kept
as those rows are written and deleted, are the rows counted now after every way one comes or goes: the seed loader,
one made, one deleted with what cascades from it, a board deleted, a national review (no board's). The scale
generator, an import, a rollover and a backup restored are checked where they are tested (`assert_board_contents_kept`
in their tests). A board's number changes with its row or not at all, and the admin cannot move a row to another
board or plan, where its board's number would no longer count it."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actions.board_contents import BoardContentsManager
from actions.models import BoardContents
from boards.models import Board, Subgroup
from plans.models import Objective, Plan, Section
from reviews.models import Finding, Review
from tests.helpers import assert_board_contents_kept

pytestmark = pytest.mark.django_db


def numbers(board):
    row = BoardContents.objects.filter(board=board).values(*BoardContents.COUNTED).first()
    return row or dict.fromkeys(BoardContents.COUNTED, 0)


def _plan(board, title="A plan"):
    return Plan.objects.create(
        board=board, title=title, kind="business", period_start=date(2024, 4, 1), period_end=date(2026, 3, 31)
    )


def test_the_seed_boards_are_counted_as_their_documents_hold_them(kingston, llr):
    assert_board_contents_kept()
    # Kingston's improvement plan: one plan of 17 objectives with no sections, the peer review and the challenge
    # day with their 15 findings, and its 9 subgroups
    assert numbers(kingston) == {
        "plans": 1,
        "sections": 0,
        "objectives": 17,
        "reviews": 2,
        "findings": 15,
        "subgroups": 9,
    }
    assert numbers(llr)["sections"] == 10  # LLR's headings and themes


def test_each_made_then_deleted_with_what_cascades_from_it(kingston):
    before = numbers(kingston)
    plan = _plan(kingston)
    heading = Section.objects.create(plan=plan, title="Heading", order=1)
    theme = Section.objects.create(plan=plan, parent=heading, title="Theme", order=2)
    Objective.objects.create(plan=plan, section=theme, number="1", title="Aim", order=1)
    Objective.objects.create(plan=Plan.objects.get(pk=plan.pk), number="2", title="Aim", order=2)  # plan not loaded
    review = Review.objects.create(board=kingston, code="SCR9", title="A serious case review", kind="inspection")
    Finding.objects.create(review=review, number="1", text="A finding", order=1)
    Finding.objects.create(review_id=review.pk, number="2", text="Another", order=2)  # its review not loaded
    subgroup = Subgroup.objects.create(board=kingston, name="A new subgroup", order=99)
    made = {"plans": 1, "sections": 2, "objectives": 2, "reviews": 1, "findings": 2, "subgroups": 1}
    assert numbers(kingston) == {name: before[name] + made[name] for name in BoardContents.COUNTED}
    assert_board_contents_kept()

    heading.delete()  # its theme with it; the objectives stay, without a section
    assert numbers(kingston)["sections"] == before["sections"]
    review.delete()  # its findings with it
    assert (numbers(kingston)["reviews"], numbers(kingston)["findings"]) == (before["reviews"], before["findings"])
    subgroup.delete()
    plan.delete()  # its objectives with it
    assert numbers(kingston) == before
    assert_board_contents_kept()


def test_a_board_deleted_takes_its_numbers_with_it(seed):
    board = Board.objects.create(name="A board to delete", short_name="Gone", slug="gone")
    plan = _plan(board)
    Objective.objects.create(plan=plan, number="1", title="Aim", order=1)
    Subgroup.objects.create(board=board, name="Its subgroup")
    assert numbers(board)["objectives"] == 1
    board.delete()
    assert not BoardContents.objects.filter(board=board.pk).exists()
    assert_board_contents_kept()


def test_a_national_review_and_its_findings_count_on_no_board(seed):
    before = list(BoardContents.objects.order_by("board").values())
    review = Review.objects.create(board=None, code="WT99", title="Working Together 2099", kind="guidance")
    Finding.objects.create(review=review, number="1", text="A national finding", order=1)
    assert list(BoardContents.objects.order_by("board").values()) == before
    review.delete()
    assert list(BoardContents.objects.order_by("board").values()) == before
    assert_board_contents_kept()


@pytest.mark.django_db(transaction=True)
def test_a_row_whose_number_cannot_be_kept_is_not_written(seed, monkeypatch):
    """The number is kept in the row's own transaction (lscb.saving): a failure keeping it leaves no row behind,
    never a row its board's number does not count."""
    kingston = Board.objects.get(slug="kingston")

    def refused(self, instance, n):
        raise RuntimeError("the number could not be kept")

    monkeypatch.setattr(BoardContentsManager, "written", refused)
    with pytest.raises(RuntimeError):
        _plan(kingston, title="Never written")
    assert not Plan.objects.filter(title="Never written").exists()


def test_the_admin_shows_a_rows_board_or_plan_but_cannot_move_it(login, kingston, llr):
    admin = get_user_model().objects.create_superuser(username="site-admin", password="x" * 20)
    client = login(admin)
    plan = kingston.plans.get()
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    page = client.get(url).content.decode()
    assert 'name="board"' not in page and str(kingston) in page  # shown, not a field
    assert 'name="board"' in client.get(reverse("admin:plans_plan_add")).content.decode()  # chosen when made
    fixed = {
        "plans_objective": (plan.objectives.order_by("pk").first(), "plan"),
        "plans_section": (Section.objects.filter(plan__board=llr).order_by("pk").first(), "plan"),
        "reviews_review": (kingston.reviews.order_by("pk").first(), "board"),
        "reviews_finding": (Finding.objects.filter(review__board=kingston).order_by("pk").first(), "review"),
        "boards_subgroup": (kingston.subgroups.order_by("pk").first(), "board"),
    }
    for admin_name, (row, field) in fixed.items():
        page = client.get(reverse(f"admin:{admin_name}_change", args=[row.pk])).content.decode()
        assert 'name="_save"' in page and f'name="{field}"' not in page, admin_name
