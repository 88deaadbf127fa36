"""Corrections are dated in the quarter they correct, and a manager retires an update recorded in error: both stay
on the action's timeline; a retired update no longer counts in any rating (Python and SQL alike)."""

from datetime import date

import pytest
from django.urls import reverse

from actions import rag
from actions.models import RAG, Action, ActionState, ProgressUpdate, Status
from reporting.tables import plan_rows
from tests.helpers import page_text, row_counts

pytestmark = pytest.mark.django_db

Q2 = rag.Quarter(2010, 2)  # July to September 2010


@pytest.fixture
def september(kingston_plan):
    """An achieved outcome's only update, transcribed from the document as at September 2010 (Blue in Q2)."""
    update = (
        ProgressUpdate.objects.filter(
            action__objective__plan=kingston_plan, as_at__range=(Q2.start, Q2.end), status=Status.ACHIEVED
        )
        .order_by("id")
        .first()
    )
    assert update.action.updates.count() == 1
    return update


def _q2_rating(plan, action):
    return next(a for r in plan_rows(plan, Q2.end) for a in r.actions if a.pk == action.pk).rating


def _correction(update, **changes):
    data = {
        "as_at": update.as_at.isoformat(),
        "status": Status.IN_PROGRESS,
        "rag": RAG.AMBER,
        "narrative": "Not achieved after all: the audit is still to come",
        "corrective_action": "The audit is booked",
    }
    data.update(changes)
    return data


def test_a_correction_is_offered_the_date_it_corrects_and_changes_that_quarter(
    login, manager, kingston_plan, september
):
    action = september.action
    client = login(manager)
    url = reverse("actions:correct", args=[action.pk, september.pk])
    form = client.get(url).content.decode()
    assert f'value="{september.as_at.isoformat()}"' in form  # not today's date
    assert _q2_rating(kingston_plan, action).colour == RAG.BLUE

    assert client.post(url, _correction(september)).status_code == 302
    correction = action.updates.get(corrects=september)
    assert Q2.contains(correction.as_at) and correction.date_reason == ""
    assert _q2_rating(kingston_plan, action).colour == RAG.AMBER  # Q2 2010/11 now says what it should have
    page = page_text(client.get(reverse("actions:detail", args=[action.pk])))
    assert "corrected" in page.split(f"Progress as at {september.as_at:%-d %B %Y}")[2].split("Progress as at")[0]


def test_a_correction_dated_otherwise_needs_a_reason(login, manager, september):
    action = september.action
    client = login(manager)
    url = reverse("actions:correct", args=[action.pk, september.pk])
    counts = row_counts()
    response = client.post(url, _correction(september, as_at="2010-10-15"))
    assert response.status_code == 200
    assert (
        f"The update you correct is as at {september.as_at:%d %B %Y}: say why the correction is as at "
        "15 October 2010 instead" in page_text(response)
    )
    assert row_counts() == counts
    response = client.post(url, _correction(september, as_at="2010-10-15", date_reason="The audit reported in October"))
    assert response.status_code == 302
    correction = action.updates.get(corrects=september)
    assert (correction.as_at, correction.date_reason) == (date(2010, 10, 15), "The audit reported in October")
    assert "The audit reported in October" in page_text(client.get(reverse("actions:detail", args=[action.pk])))


def test_a_manager_retires_an_update_recorded_in_error(login, manager, kingston_plan, september):
    action = september.action
    client = login(manager)
    detail = client.get(reverse("actions:detail", args=[action.pk])).content.decode()
    url = reverse("actions:in_error", args=[action.pk, september.pk])
    assert f'href="{url}"' in detail
    assert ActionState.objects.get(action=action).update_id == september.pk

    response = client.post(url, {"reason": "Recorded on the wrong outcome"})
    assert response.status_code == 302
    # kept, both of them; rated by neither: the Python rules, the current state and the SQL rules agree
    assert action.updates.count() == 2
    rating = _q2_rating(kingston_plan, action)
    assert rating.update is None and not rating.rated
    state = ActionState.objects.get(action=action)
    assert (state.update_id, state.status, state.rag) == (None, None, "")
    sql = rag.annotate_ratings(Action.objects.filter(pk=action.pk), Q2.end, ["rag_status", "rag_colour"]).get()
    assert (sql.rag_status, sql.rag_colour) == (None, None)
    page = page_text(client.get(reverse("actions:detail", args=[action.pk])))
    assert "recorded in error" in page and "Recorded in error: Recorded on the wrong outcome" in page
    # a second time changes nothing
    counts = row_counts()
    client.post(url, {"reason": "again"})
    assert row_counts() == counts


def test_retiring_needs_a_reason(login, manager, september):
    client = login(manager)
    counts = row_counts()
    response = client.post(reverse("actions:in_error", args=[september.action_id, september.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Say what was wrong with the update: the timeline keeps your reason." in page_text(response)
    assert row_counts() == counts


@pytest.mark.parametrize(
    ("persona", "status"), [("lead", 403), ("chair", 403), ("auditor", 403), ("llr_manager", 404), ("outsider", 404)]
)
def test_only_the_boards_managers_retire_updates(request, login, persona, status, september):
    client = login(request.getfixturevalue(persona))
    url = reverse("actions:in_error", args=[september.action_id, september.pk])
    counts = row_counts()
    assert client.get(url).status_code == status
    assert client.post(url, {"reason": "not mine"}).status_code == status
    assert row_counts() == counts
