"""Progress recorded as at a date after the plan's period ended asks why, and keeps the reason on the timeline."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from tests.helpers import page_text, row_counts

pytestmark = pytest.mark.django_db

FIELD = "This plan ended on 31 March 2011: why record progress after it?"
REFUSED = "The plan's period ended on 31 March 2011: say why this progress is recorded after it, or date it by then."
REASON = "The board asked for the last open outcomes to be closed on this plan before its successor takes them."


def outcome(plan, number):
    return Action.objects.get(objective__plan=plan, number=number)


def record(client, action, **data):
    payload = {
        "as_at": timezone.localdate().isoformat(),
        "status": "in_progress",
        "rag": "amber",
        "narrative": "Still waiting on the audit",
        "corrective_action": "Audit booked with the council",
        **data,
    }
    return client.post(reverse("actions:progress", args=[action.pk]), payload)


@pytest.mark.parametrize("who, number", [("manager", "4.2"), ("lead", "16.1")])
def test_progress_as_at_today_on_an_ended_plan_without_a_reason_is_refused(request, login, kingston_plan, who, number):
    action = outcome(kingston_plan, number)
    client = login(request.getfixturevalue(who))
    before = row_counts()
    response = record(client, action)
    assert response.status_code == 200
    assert REFUSED in page_text(response)
    assert row_counts() == before


@pytest.mark.parametrize("who, number", [("manager", "4.2"), ("lead", "16.1")])
def test_with_a_reason_it_is_recorded_and_shown_on_the_timeline(request, login, kingston_plan, who, number):
    action = outcome(kingston_plan, number)
    client = login(request.getfixturevalue(who))
    page = page_text(client.get(reverse("actions:progress", args=[action.pk])))
    assert FIELD in page
    assert record(client, action, after_end_reason=f"  {REASON}  ").status_code == 302
    update = action.updates.get(narrative="Still waiting on the audit")
    assert (update.as_at, update.after_end_reason) == (timezone.localdate(), REASON)
    timeline = page_text(client.get(reverse("actions:detail", args=[action.pk])))
    assert f"Recorded after the plan's period ended on 31 March 2011: {REASON}" in timeline


def test_a_blank_reason_is_no_reason(login, manager, kingston_plan):
    action = outcome(kingston_plan, "4.2")
    before = row_counts()
    assert REFUSED in page_text(record(login(manager), action, after_end_reason="   "))
    assert row_counts() == before


def test_progress_dated_within_the_period_needs_no_reason(login, manager, kingston_plan):
    action = outcome(kingston_plan, "4.2")
    assert record(login(manager), action, as_at="2011-03-31").status_code == 302
    update = action.updates.get(as_at=date(2011, 3, 31), narrative="Still waiting on the audit")
    assert update.after_end_reason == ""
    timeline = page_text(login(manager).get(reverse("actions:detail", args=[action.pk])))
    assert "Recorded after the plan's period ended" not in timeline


def test_a_correction_dated_after_the_end_asks_the_reason_too(login, manager, kingston_plan):
    action = outcome(kingston_plan, "4.2")
    original = action.updates.order_by("-as_at").first()
    client = login(manager)
    url = reverse("actions:correct", args=[action.pk, original.pk])
    assert FIELD in page_text(client.get(url))
    data = {
        "as_at": timezone.localdate().isoformat(),
        "date_reason": "Corrected once the audit reported",
        "status": "in_progress",
        "rag": "green",
        "narrative": "Corrected after the end",
    }
    before = row_counts()
    assert REFUSED in page_text(client.post(url, data))
    assert row_counts() == before
    assert client.post(url, {**data, "after_end_reason": REASON}).status_code == 302
    assert ProgressUpdate.objects.get(narrative="Corrected after the end").after_end_reason == REASON


def test_correcting_progress_recorded_after_the_end_offers_its_reason(login, manager, kingston_plan):
    action = outcome(kingston_plan, "4.2")
    client = login(manager)
    record(client, action, after_end_reason=REASON)
    recorded = action.updates.get(narrative="Still waiting on the audit")
    form = client.get(reverse("actions:correct", args=[action.pk, recorded.pk])).context["form"]
    assert form["after_end_reason"].value() == REASON


def test_a_plan_in_force_does_not_ask(login, manager, lead, kingston_in_force):
    for user, number in [(manager, "4.2"), (lead, "16.1")]:
        action = outcome(kingston_in_force, number)
        client = login(user)
        page = page_text(client.get(reverse("actions:progress", args=[action.pk])))
        assert "why record progress after it?" not in page
        assert record(client, action).status_code == 302
        assert action.updates.get(narrative="Still waiting on the audit").after_end_reason == ""


def test_an_outsider_and_a_read_only_role_still_cannot_record(login, outsider, chair, kingston_plan):
    action = outcome(kingston_plan, "4.2")
    before = row_counts()
    assert record(login(outsider), action, after_end_reason=REASON).status_code == 404
    assert record(login(chair), action, after_end_reason=REASON).status_code == 403
    assert row_counts() == before


def test_the_managers_sheet_of_a_plan_ended_this_quarter_records_nothing_after_the_end(login, manager, kingston, lead):
    """The sheet lists a plan running in this quarter and dates its rows today: a plan that ended earlier in the
    quarter has no room on a row for the reason, so a filled row is refused and names where to give it."""
    from actions.quarters import quarter_of
    from tests.helpers import make_current_plan

    today = timezone.localdate()
    ended = quarter_of(today).start
    if today == ended:
        pytest.skip("on a quarter's first day no plan has ended earlier in the quarter")
    plan, actions = make_current_plan(kingston, lead_user=lead)
    plan.period_end = ended
    plan.save(update_fields=["period_end"])
    data = {"row-TOTAL_FORMS": str(len(actions)), "row-INITIAL_FORMS": "0", "row-MIN_NUM_FORMS": "0"}
    data["row-MAX_NUM_FORMS"] = "1000"
    for action in actions:
        p = f"row-{action.pk}"
        data.update({f"{p}-status": "ongoing", f"{p}-rag": "green", f"{p}-narrative": "", f"{p}-corrective_action": ""})
    data[f"row-{actions[0].pk}-narrative"] = "Filled after the end"
    before = row_counts()
    response = login(manager).post(reverse("actions:update_sheet", args=[plan.pk]), data)
    assert response.status_code == 200
    assert row_counts() == before
    on = f"{ended.day} {ended:%B %Y}"
    assert f"The plan's period ended on {on}: record progress after it on the outcome's own page" in page_text(response)
