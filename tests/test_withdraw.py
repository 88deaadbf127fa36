"""Withdraw instead of delete: a manager withdraws an outcome or objective from the plan page's controls, giving a
reason; it stays in past reports as it was and shows as withdrawn (Superseded, with the reason) from that day."""

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import rag
from actions.models import Action, Status
from reporting.tables import plan_rows
from tests.helpers import page_text, row_counts

pytestmark = pytest.mark.django_db

Q2 = rag.Quarter(2010, 2)


@pytest.fixture
def outcome(kingston_plan):
    return Action.objects.get(objective__plan=kingston_plan, number="12.3")


def _row(plan, as_at, number):
    return next(a for r in plan_rows(plan, as_at) for a in r.actions if a.number == number)


def test_a_manager_withdraws_an_outcome_from_the_plan_page(login, manager, kingston_plan, outcome):
    client = login(manager)
    today = timezone.localdate()
    plan_page = client.get(reverse("reporting:plan", args=[kingston_plan.pk]), {"as_at": today.isoformat()})
    withdraw_url = reverse("actions:withdraw", args=[outcome.pk])
    assert f'href="{withdraw_url}"' in plan_page.content.decode()
    before_q2 = page_text(client.get(reverse("reporting:quarterly", args=[kingston_plan.pk]), {"quarter": Q2.code}))

    response = client.post(withdraw_url, {"reason": "Superseded by the NHS reorganisation report"})
    assert response.status_code == 302
    outcome.refresh_from_db()
    assert outcome.withdrawn_on == today
    assert outcome.withdrawn_reason == "Superseded by the NHS reorganisation report"
    latest = outcome.updates.order_by("-as_at", "-recorded_at").first()
    assert (latest.status, latest.as_at, latest.author) == (Status.SUPERSEDED, today, manager)

    # as at today: withdrawn, closed and not rated, with the reason; the Withdraw control is gone
    now = _row(kingston_plan, today, "12.3")
    assert now.rating.status == Status.SUPERSEDED and not now.rating.rated and now.withdrawn_then
    page = page_text(client.get(reverse("reporting:plan", args=[kingston_plan.pk]), {"as_at": today.isoformat()}))
    assert "12.3" in page and "withdrawn" in page and "Superseded by the NHS reorganisation report" in page
    assert (
        f'href="{withdraw_url}"'
        not in client.get(
            reverse("reporting:plan", args=[kingston_plan.pk]), {"as_at": today.isoformat()}
        ).content.decode()
    )
    # as at September 2010 it is as it was: the quarterly report unchanged
    then = _row(kingston_plan, Q2.end, "12.3")
    assert not then.withdrawn_then and then.rating.status != Status.SUPERSEDED
    assert page_text(client.get(reverse("reporting:quarterly", args=[kingston_plan.pk]), {"quarter": Q2.code})) == (
        before_q2
    )
    # on its timeline, by whom
    detail = page_text(client.get(reverse("actions:detail", args=[outcome.pk])))
    assert "Withdrawn on: – →" in detail and "by kingston-manager" in detail
    assert "Withdrawn from the plan: Superseded by the NHS reorganisation report" in detail


def test_withdrawing_needs_a_reason_and_changes_nothing_without_one(login, manager, outcome):
    client = login(manager)
    counts = row_counts()
    response = client.post(reverse("actions:withdraw", args=[outcome.pk]), {"reason": "   "})
    assert response.status_code == 200
    assert "Give the reason it is withdrawn: the reports print it." in page_text(response)
    assert row_counts() == counts


def test_a_manager_withdraws_an_objective_and_its_outcomes(login, manager, kingston_plan):
    objective = kingston_plan.objectives.get(number="12")
    client = login(manager)
    url = reverse("actions:objective_withdraw", args=[objective.pk])
    today = timezone.localdate()
    plan_page = client.get(reverse("reporting:plan", args=[kingston_plan.pk]), {"as_at": today.isoformat()})
    assert f'href="{url}"' in plan_page.content.decode()
    response = client.post(url, {"reason": "Merged into objective 13"})
    assert response.status_code == 302
    assert f"as_at={today.isoformat()}" in response["Location"]  # the plan has ended: shown as at today
    objective.refresh_from_db()
    assert objective.withdrawn_on == today and objective.withdrawn_reason == "Merged into objective 13"
    assert objective.history.first().history_user == manager  # on the audit trail
    for action in objective.actions.all():
        assert action.withdrawn_on == today
        assert action.updates.filter(status=Status.SUPERSEDED, as_at=today).exists()
    page = page_text(client.get(reverse("reporting:plan", args=[kingston_plan.pk]), {"as_at": today.isoformat()}))
    assert "(withdrawn" in page and "Merged into objective 13" in page
    page = page_text(client.get(reverse("reporting:plan", args=[kingston_plan.pk]), {"as_at": "2010-09-30"}))
    assert "Merged into objective 13" not in page


@pytest.mark.parametrize(
    ("persona", "status"), [("chair", 403), ("auditor", 403), ("lead", 403), ("llr_manager", 404), ("outsider", 404)]
)
def test_only_the_boards_managers_withdraw(request, login, persona, status, kingston_plan, outcome):
    client = login(request.getfixturevalue(persona))
    objective = outcome.objective
    counts = row_counts()
    for url in (
        reverse("actions:withdraw", args=[outcome.pk]),
        reverse("actions:objective_withdraw", args=[objective.pk]),
    ):
        assert client.get(url).status_code == status
        assert client.post(url, {"reason": "not mine to withdraw"}).status_code == status
    assert row_counts() == counts
    if status == 403:  # the same page serves them: no Withdraw control
        page = client.get(reverse("reporting:plan", args=[kingston_plan.pk])).content.decode()
        assert reverse("actions:withdraw", args=[outcome.pk]) not in page
