import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_board_list_shows_each_board_with_the_users_role_and_plan_count(login, two_board_chair):
    page = login(two_board_chair).get(reverse("home")).content.decode()
    assert "Kingston Local Safeguarding Children Board" in page
    assert "Leicester City, Leicestershire and Rutland Local Safeguarding Children Board" in page
    assert "Leeds Safeguarding Children Board" not in page
    assert page.count(">Chair<") == 2


def test_board_list_runs_three_queries_whatever_the_number_of_boards(login, auditor, django_assert_num_queries):
    client = login(auditor)
    # 1 session, 2 user, 3 the user's memberships with their boards and plan counts
    with django_assert_num_queries(3):
        response = client.get(reverse("home"))
    assert response.content.decode().count("/boards/") == 3
