from datetime import date

import pytest
from django.urls import reverse

from actions.models import Action, ProgressUpdate, Status

pytestmark = pytest.mark.django_db


def test_action_page_shows_the_outcome_its_objective_sources_and_progress(login, lead, kingston):
    action = Action.objects.get(objective__plan__board=kingston, number="16.1")
    page = login(lead).get(reverse("actions:detail", args=[action.pk])).content.decode()
    assert "Group members are in place to share practice and procedures within their own organisation" in page
    assert "16. Establish a lead Child Protection Training Group" in page
    assert "The Laming Review" in page
    assert "Training sub group is active and reports regularly to the Board" in page
    assert "Training" in page  # reports to
    assert "Rating as at 30 September 2010" in page and "Blue: achieved" in page


def test_action_page_shows_funding(login, llr_manager, llr):
    action = Action.objects.get(objective__plan__board=llr, number="2.1")
    page = login(llr_manager).get(reverse("actions:detail", args=[action.pk])).content.decode()
    assert "£35,000 from Leicester City Council" in page
    assert "Reporting to Communications subcommittee" in page


def test_action_page_runs_a_constant_number_of_queries(login, manager, kingston, django_assert_num_queries):
    action = Action.objects.get(objective__plan__board=kingston, number="4.3")
    client = login(manager)
    url = reverse("actions:detail", args=[action.pk])
    # 1 session, 2 user, 3 action with objective, plan, board, section, subgroup, lead user and the user's role on
    # the board (scoped: one join on the user's membership), 4 updates with their authors and the updates they
    # correct, 5 the plan's last progress date (the date its rating is shown as at), 6 the action's history with
    # who made it, 7 names of the subgroups its history mentions, 8 sources, 9 funding
    with django_assert_num_queries(9):
        client.get(url)
    first = action.updates.get()
    for month in range(1, 11):
        ProgressUpdate.objects.create(
            action=action,
            as_at=date(2010, 10, month),
            status=Status.IN_PROGRESS,
            narrative=f"Week {month}",
            author=manager,
            corrects=first,
        )
    for n in range(5):  # edits add history records, not queries
        client.post(
            reverse("actions:edit", args=[action.pk]),
            {"number": "4.3", "text": f"Wording {n}", "subgroup": action.subgroup_id, "version": action.version + n},
        )
    with django_assert_num_queries(9):
        page = client.get(url).content.decode()
    assert "Wording 4" in page
    assert "Week 10" in page and "Corrects the update as at 30 September 2010" in page
