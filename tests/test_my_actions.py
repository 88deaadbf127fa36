"""A lead's quarterly update sheet: every action they lead, one submit, all or nothing, input kept."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from tests.helpers import page_text

# Kingston's 2009-2010 plan, extended to run today: "My actions" lists only plans in force
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kingston_in_force")]

LED = ["3.1", "3.2", "3.3", "13.3", "16.1"]  # kingston-lead's actions (the Training subgroup's)


def rows(**overrides):
    data = {"row-TOTAL_FORMS": "5", "row-INITIAL_FORMS": "0", "row-MIN_NUM_FORMS": "0", "row-MAX_NUM_FORMS": "1000"}
    for i in range(5):
        data.update(
            {
                f"row-{i}-as_at": timezone.localdate().isoformat(),  # in the period of a plan in force
                f"row-{i}-status": "ongoing",
                f"row-{i}-rag": "green",
                f"row-{i}-narrative": f"Quarter 3 note {i}",
                f"row-{i}-evidence_url": "",
            }
        )
    data.update(overrides)
    return data


def test_my_actions_lists_every_action_the_user_leads(login, lead):
    text = page_text(login(lead).get(reverse("actions:my_actions")))
    for number in LED:
        assert f"Kingston LSCB {number}" in text
    assert "Kingston LSCB 4.2" not in text


def test_one_submit_records_an_update_for_every_row(login, lead):
    before = ProgressUpdate.objects.count()
    response = login(lead).post(reverse("actions:my_actions"), rows())
    assert response.status_code == 302
    assert ProgressUpdate.objects.count() == before + 5
    for i, number in enumerate(LED):
        update = ProgressUpdate.objects.get(
            action__number=number, action__objective__plan__board__slug="kingston", as_at=timezone.localdate()
        )
        assert (update.narrative, update.author.username) == (f"Quarter 3 note {i}", "kingston-lead")


def test_empty_rows_are_skipped(login, lead):
    data = rows(**{f"row-{i}-{f}": "" for i in (1, 2, 3, 4) for f in ("status", "rag", "narrative")})
    before = ProgressUpdate.objects.count()
    assert login(lead).post(reverse("actions:my_actions"), data).status_code == 302
    assert ProgressUpdate.objects.count() == before + 1


def test_one_invalid_row_saves_nothing_and_keeps_every_rows_input(login, lead):
    before = ProgressUpdate.objects.count()
    response = login(lead).post(reverse("actions:my_actions"), rows(**{"row-2-rag": "", "row-4-as_at": "2999-01-01"}))
    assert response.status_code == 200
    assert ProgressUpdate.objects.count() == before
    text = page_text(response)
    assert "Nothing has been saved" in text and "2 rows need attention" in text
    assert "Choose a RAG rating for this action, or clear the row to skip it." in text
    assert "Progress cannot be reported as at a future date." in text
    html = response.content.decode()
    for i in range(5):
        assert f"Quarter 3 note {i}" in html


def test_a_forged_row_count_cannot_add_or_target_other_actions(login, lead):
    data = rows(**{"row-TOTAL_FORMS": "50"})
    data.update({"row-5-as_at": "2010-12-31", "row-5-status": "achieved", "row-5-rag": "blue"})
    before = ProgressUpdate.objects.count()
    login(lead).post(reverse("actions:my_actions"), data)
    assert ProgressUpdate.objects.count() == before + 5


def test_my_actions_runs_a_constant_number_of_queries(login, lead, kingston, django_assert_num_queries):
    client = login(lead)
    # 1 session, 2 user, 3 the user's led actions with objective, plan and board (scoped to their boards),
    # 4 latest update id per action, 5 those updates with their authors
    with django_assert_num_queries(5):
        client.get(reverse("actions:my_actions"))
    Action.objects.filter(objective__plan__board=kingston, number__startswith="1").update(lead_user=lead)
    for action in Action.objects.filter(lead_user=lead):
        ProgressUpdate.objects.create(action=action, as_at=timezone.localdate(), status="ongoing", rag="green")
    with django_assert_num_queries(5):
        assert "Kingston LSCB 10.1" in page_text(client.get(reverse("actions:my_actions")))


def test_plans_not_in_force_are_not_listed_and_each_row_names_its_plan(login, lead, kingston_plan):
    from tests.helpers import make_current_plan

    client = login(lead)
    text = page_text(client.get(reverse("actions:my_actions")))
    assert "Kingston LSCB: Kingston LSCB Improvement Plan 2009-2010" in text  # the plan's heading
    assert "Kingston LSCB 3.1 (Kingston LSCB Improvement Plan 2009-2010)" in text  # and named on the row
    current, _ = make_current_plan(kingston_plan.board, lead_user=lead, outcomes=2)
    kingston_plan.period_start, kingston_plan.period_end = date(2009, 4, 1), date(2011, 3, 31)  # as the seed has it
    kingston_plan.save(update_fields=["period_start", "period_end"])
    text = page_text(client.get(reverse("actions:my_actions")))
    assert "Kingston LSCB 1.1 (Business Plan (current)) Outcome 1" in text
    assert "Kingston LSCB Improvement Plan 2009-2010" not in text
    for number in LED:
        assert f"Kingston LSCB {number} " not in text
