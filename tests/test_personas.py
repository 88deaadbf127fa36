"""Each demo account sees exactly its boards; nothing of another board is visible, whatever id is typed."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from actions.models import Action
from boards.access import board_ids_readable_by, boards_readable_by
from boards.models import Board
from reviews.models import Review

pytestmark = pytest.mark.django_db

SEES = {
    "kingston-manager": {"kingston"},
    "kingston-lead": {"kingston"},
    "kingston-chair": {"kingston"},
    "llr-manager": {"llr"},
    "leeds-manager": {"leeds"},
    "two-board-chair": {"kingston", "llr"},
    "auditor": {"kingston", "llr", "leeds"},
    "outsider": set(),
}
ALL = {"kingston", "llr", "leeds"}


@pytest.mark.parametrize(("username", "slugs"), SEES.items())
def test_board_list_shows_exactly_the_users_boards(seed, login, username, slugs):
    client = login(get_user_model().objects.get(username=username))
    page = client.get(reverse("home")).content.decode()
    for slug in ALL:
        assert (seed[slug].name in page) == (slug in slugs), slug
    if not slugs:
        assert "You hold no role on any board yet" in page


@pytest.mark.parametrize(("username", "slugs"), SEES.items())
def test_the_ids_that_scope_the_filter_are_exactly_the_users_boards(seed, username, slugs):
    """boards.access.board_ids_readable_by (what the auditors' filter scopes its rows and lists by) names the boards
    boards_readable_by gives, no more."""
    user = get_user_model().objects.get(username=username)
    scoped = set(Board.objects.filter(pk__in=board_ids_readable_by(user)).values_list("slug", flat=True))
    assert scoped == slugs == set(boards_readable_by(user).values_list("slug", flat=True))


def test_no_board_ids_for_someone_signed_out(seed):
    assert not Board.objects.filter(pk__in=board_ids_readable_by(AnonymousUser())).exists()


@pytest.mark.parametrize(("username", "slugs"), SEES.items())
def test_every_page_of_another_board_answers_404(seed, login, username, slugs):
    client = login(get_user_model().objects.get(username=username))
    for slug in ALL:
        board = seed[slug]
        plan = board.plans.first()
        action = Action.objects.filter(objective__plan__board=board).first()
        urls = [
            reverse("reporting:board", args=[slug]),
            reverse("reporting:plan", args=[plan.pk]),
            reverse("actions:detail", args=[action.pk]),
        ]
        local_review = Review.objects.filter(board=board).first()
        urls.append(reverse("reporting:review", args=[local_review.pk]))
        expected = 200 if slug in slugs else 404
        for url in urls:
            assert client.get(url).status_code == expected, (username, url)


def test_a_national_review_is_visible_to_anyone_with_a_board_but_not_to_an_outsider(seed, login, llr_manager, outsider):
    laming = Review.objects.get(code="LR", board__isnull=True)
    url = reverse("reporting:review", args=[laming.pk])
    page = login(llr_manager).get(url)
    assert page.status_code == 200
    # LLR's manager sees the review but not what Kingston made of it
    assert "Kingston LSCB" not in page.content.decode()
    assert login(outsider).get(url).status_code == 404


def test_ids_that_do_not_exist_answer_404_too(login, auditor):
    client = login(auditor)
    assert client.get(reverse("reporting:plan", args=[999999])).status_code == 404
    assert client.get(reverse("actions:detail", args=[999999])).status_code == 404


def test_every_page_needs_sign_in(seed, client):
    kingston = seed["kingston"]
    for url in [
        reverse("home"),
        reverse("reporting:board", args=["kingston"]),
        reverse("reporting:plan", args=[kingston.plans.first().pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_demo_accounts_sign_in_with_the_published_password(seed, client):
    response = client.post(reverse("login"), {"login": "kingston-chair", "password": "safeguarding"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert "Kingston Local Safeguarding Children Board" in client.get(reverse("home")).content.decode()
