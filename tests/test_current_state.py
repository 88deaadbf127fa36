"""Each action's current state (actions.ActionState) after every write path of the site: the progress form, a
correction, a past quarter's update recorded late, the lead's quarterly sheet, a new action, an action edited,
and a plan imported. After each, every action's state is its latest update, the one `rag.rate` reads as at
today (its copy of the update's columns too: its author, and whether it came from a document), and the SQL rules
count what the Python rules count."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import rag
from actions.models import Action, ActionState, ProgressUpdate
from tests.import_files import imported, kingston_rows, upload, xlsx_of

pytestmark = pytest.mark.django_db


def assert_every_state_is_current(board):
    actions = Action.objects.filter(objective__plan__board=board).select_related("state", "objective__plan")
    today = date.today()
    ratings = rag.ratings_for(actions, today)
    for action in actions:
        state, latest = action.state, ratings[action.pk].update
        assert (state.board_id, state.objective_id, state.due_date) == (
            board.pk,
            action.objective_id,
            action.due_date,
        ), action.number
        assert state.update_id == (latest.pk if latest else None), action.number
        assert (state.status, state.rag, state.as_at) == (
            (latest.status, latest.rag, latest.as_at) if latest else (None, "", None)
        ), action.number
        # and the rest of what a rating's reason names of it: who gave it, and whether from a document
        assert (state.author_id, state.author_name, state.from_document) == (
            (latest.author_id, latest.author_name, latest.from_document) if latest else (None, "", False)
        ), action.number
        # what the rules read of the rest of its history, kept with it
        assert (state.achieved_on, state.first_recorded) == (
            ratings[action.pk].achieved_on,
            ratings[action.pk].first_recorded,
        ), action.number
    by_sql = rag.roll_ups(ActionState.objects.filter(board=board), "board", today).get(board.pk)
    assert by_sql == rag.roll_up(ratings)


@pytest.fixture
def action_42(kingston):
    return Action.objects.get(objective__plan__board=kingston, number="4.2")


def test_the_progress_form_a_late_update_and_a_correction(login, manager, kingston, action_42):
    client = login(manager)
    url = reverse("actions:progress", args=[action_42.pk])
    base = {
        "narrative": "Recorded on the site",
        "corrective_action": "Chased weekly",
        "evidence": "",
        "evidence_url": "",
    }
    assert client.post(url, {**base, "as_at": "2010-12-31", "status": "in_progress", "rag": "amber"}).status_code == 302
    assert ActionState.objects.get(action=action_42).rag == "amber"
    # a late update for a past quarter: recorded now, dated before the latest: the state stays on December
    assert client.post(url, {**base, "as_at": "2010-06-30", "status": "ongoing", "rag": "red"}).status_code == 302
    assert ActionState.objects.get(action=action_42).as_at == date(2010, 12, 31)
    december = ProgressUpdate.objects.get(action=action_42, as_at=date(2010, 12, 31))
    correct = reverse("actions:correct", args=[action_42.pk, december.pk])
    assert (
        client.post(correct, {**base, "as_at": "2010-12-31", "status": "in_progress", "rag": "green"}).status_code
        == 302
    )
    assert ActionState.objects.get(action=action_42).update.corrects == december
    assert_every_state_is_current(kingston)


def test_the_leads_quarterly_sheet(login, lead, kingston, kingston_in_force):
    from tests.test_my_actions import rows

    assert login(lead).post(reverse("actions:my_actions"), rows()).status_code == 302
    assert ActionState.objects.filter(board=kingston, as_at=timezone.localdate(), rag="green").count() == 5
    assert_every_state_is_current(kingston)


def test_a_new_action_and_an_edited_due_date(login, manager, kingston, action_42):
    client = login(manager)
    objective = action_42.objective
    response = client.post(
        reverse("actions:create", args=[objective.pk]),
        {"number": "4.9", "text": "A new outcome", "timescale": "March 2011"},
    )
    assert response.status_code == 302
    new = Action.objects.get(objective=objective, number="4.9")
    assert (new.state.board, new.state.due_date, new.state.update) == (kingston, date(2011, 3, 31), None)
    edit = {"number": "4.9", "text": "A new outcome", "timescale": "June 2011", "version": new.version}
    assert client.post(reverse("actions:edit", args=[new.pk]), edit).status_code == 302
    assert ActionState.objects.get(action=new).due_date == date(2011, 6, 30)
    assert_every_state_is_current(kingston)


def test_a_plan_imported_from_a_workbook(login, manager, kingston):
    client = login(manager)
    plan_import = imported(client, upload(client, "kingston", "kingston.xlsx", xlsx_of(kingston_rows())))
    assert client.post(reverse("imports:confirm", args=["kingston", plan_import.pk])).status_code == 302
    assert (
        ActionState.objects.filter(board=kingston).count()
        == Action.objects.filter(objective__plan__board=kingston).count()
        == 104
    )
    assert_every_state_is_current(kingston)


def test_an_action_moved_to_another_objective(kingston, action_42):
    """The state's objective follows the action's (reporting.trace's summary counts what answers a review from the
    state table alone): saved, and rewritten from scratch by a refresh."""
    before = action_42.objective_id
    other = kingston.plans.get().objectives.exclude(pk=before).first()
    action_42.objective = other
    action_42.save()
    assert ActionState.objects.get(action=action_42).objective == other
    ActionState.objects.filter(action=action_42).update(objective=before)  # as though left behind: refresh mends it
    ActionState.objects.refresh([action_42.pk])
    assert ActionState.objects.get(action=action_42).objective == other
    assert_every_state_is_current(kingston)
