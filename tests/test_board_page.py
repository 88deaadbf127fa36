import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_board_page_lists_agencies_subgroups_plans_and_the_source_key(login, chair):
    page = login(chair).get(reverse("reporting:board", args=["kingston"])).content.decode()
    for text in [
        "Metropolitan Police",
        "Faith Groups",
        "Serious case Reviews",
        "E- Safety",
        "Kingston LSCB Improvement Plan 2009-2010",
        "IDeA Peer Review",
        "Challenge and development day",
        "The Laming Review",
        "Working Together to Safeguard Children",
        "Four times a year",
    ]:
        assert text in page, text
    # a national review another board cites but Kingston does not is not in Kingston's source key
    assert "Victoria Climbié" not in page


def test_board_page_runs_a_constant_number_of_queries(login, auditor, django_assert_num_queries):
    client = login(auditor)
    # 1 session, 2 user, 3 board with the user's role on it (scoped: one join on the user's membership),
    # 4 plans with objective counts, 5 reviews (own and cited national) with finding counts, 6 their objectives on
    # this board, 7 agencies, 8 subgroups
    for slug in ["kingston", "llr", "leeds"]:
        with django_assert_num_queries(8):
            assert client.get(reverse("reporting:board", args=[slug])).status_code == 200
