"""The plan's History page lists plan, section, objective and key risk edits and deletions newest first (who,
when, what changed), in a number of queries that does not grow with the records. A manager deletes an objective
or outcome created by mistake (confirm page); one with progress is refused: withdraw it instead."""

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from plans.models import Objective, Risk, Section
from reviews.models import Finding
from tests.helpers import page_text, row_counts

pytestmark = pytest.mark.django_db


def new_objective(client, plan, number="30", title="Typed in the wrong plan"):
    data = {"number": number, "title": title, "timescale": "", "lead": "", "version": 1}
    assert client.post(reverse("plans:objective_create", args=[plan.pk]), data).status_code == 302
    return plan.objectives.get(number=number)


def new_outcome(client, objective, number="30.1"):
    data = {"number": number, "text": "A mistake", "version": 1}
    assert client.post(reverse("actions:create", args=[objective.pk]), data).status_code == 302
    return objective.actions.get(number=number)


@pytest.mark.parametrize("persona", ["manager", "lead", "chair", "auditor"])
def test_everyone_on_the_board_reaches_the_history_from_the_plan_page(request, login, persona, kingston_plan):
    client = login(request.getfixturevalue(persona))
    url = reverse("reporting:plan_history", args=[kingston_plan.pk])
    assert f'href="{url}"' in client.get(reverse("reporting:plan", args=[kingston_plan.pk])).content.decode()
    assert client.get(url).status_code == 200


def test_another_board_gets_404(login, llr_manager, outsider, kingston_plan):
    for user in (llr_manager, outsider):
        assert login(user).get(reverse("reporting:plan_history", args=[kingston_plan.pk])).status_code == 404


def test_the_history_shows_who_changed_what_newest_first(login, manager, chair, kingston_plan):
    client = login(manager)
    objective = new_objective(client, kingston_plan)
    data = {"number": "30", "title": "Renamed", "timescale": "Dec 2010", "lead": "", "version": 1}
    client.post(reverse("plans:objective_edit", args=[objective.pk]), data)
    client.post(reverse("plans:section_create", args=[kingston_plan.pk]), {"title": "CORE WORK"})
    text = page_text(login(chair).get(reverse("reporting:plan_history", args=[kingston_plan.pk])))
    assert "Section CORE WORK: created" in text
    assert "Objective 30: edited" in text and "Title: Typed in the wrong plan → Renamed" in text
    assert "Time scale (as written)" in text or "Timescale: – → Dec 2010" in text
    assert text.index("Section CORE WORK: created") < text.index("Objective 30: edited")
    assert text.index("Objective 30: edited") < text.index("Objective 30: created")
    assert "by kingston-manager" in text


def test_a_manager_deletes_an_objective_created_by_mistake_with_its_outcome(login, manager, kingston_plan):
    client = login(manager)
    objective = new_objective(client, kingston_plan)
    outcome = new_outcome(client, objective)
    # the plan as at today: as at its last progress date (2010) it stood without the objective added today
    plan_url = reverse("reporting:plan", args=[kingston_plan.pk])
    plan_page = client.get(plan_url, {"as_at": timezone.localdate().isoformat()}).content.decode()
    url = reverse("plans:objective_delete", args=[objective.pk])
    assert f'href="{url}"' in plan_page
    confirm = page_text(client.get(url))
    assert "Delete objective 30 (Typed in the wrong plan)" in confirm and "Outcome 30.1: A mistake" in confirm
    assert client.post(url).status_code == 302
    assert not Objective.objects.filter(pk=objective.pk).exists() and not Action.objects.filter(pk=outcome.pk).exists()
    text = page_text(client.get(reverse("reporting:plan_history", args=[kingston_plan.pk])))
    assert "Objective 30: deleted" in text and "Outcome 30.1 of objective 30: deleted" in text


def test_a_manager_deletes_an_outcome_created_by_mistake_from_its_page(login, manager, kingston_plan):
    client = login(manager)
    outcome = new_outcome(client, kingston_plan.objectives.get(number="4"), number="4.9")
    url = reverse("actions:delete", args=[outcome.pk])
    assert f'href="{url}"' in client.get(reverse("actions:detail", args=[outcome.pk])).content.decode()
    assert client.post(url).status_code == 302
    assert not Action.objects.filter(pk=outcome.pk).exists()
    deleted = Action.history.get(id=outcome.pk, history_type="-")
    assert deleted.history_user == manager
    assert "Outcome 4.9 of objective 4: deleted" in page_text(
        client.get(reverse("reporting:plan_history", args=[kingston_plan.pk]))
    )


def test_an_objective_or_outcome_with_progress_is_refused_withdraw_it_instead(login, manager, kingston_plan):
    client = login(manager)
    objective = kingston_plan.objectives.get(number="4")
    outcome = objective.actions.filter(updates__isnull=False).first()
    before = row_counts()
    response = client.post(reverse("plans:objective_delete", args=[objective.pk]))
    assert response.status_code == 409
    assert "Objective 4 cannot be deleted: progress is recorded on outcome" in page_text(response)
    assert "Withdraw it instead" in page_text(response)
    response = client.post(reverse("actions:delete", args=[outcome.pk]))
    assert response.status_code == 409
    assert f"Outcome {outcome.number} cannot be deleted: progress is recorded on it. Withdraw it instead" in (
        page_text(response)
    )
    assert row_counts() == before


@pytest.mark.parametrize("persona", ["lead", "chair", "auditor"])
def test_read_only_roles_see_no_delete_and_get_403(request, login, manager, persona, kingston_plan):
    objective = new_objective(login(manager), kingston_plan)
    outcome = new_outcome(login(manager), objective)
    client = login(request.getfixturevalue(persona))
    assert "/delete/" not in client.get(reverse("reporting:plan", args=[kingston_plan.pk])).content.decode()
    before = row_counts()
    assert client.post(reverse("plans:objective_delete", args=[objective.pk])).status_code == 403
    assert client.post(reverse("actions:delete", args=[outcome.pk])).status_code == 403
    assert row_counts() == before


def test_another_boards_manager_gets_404_on_delete(login, manager, llr_manager, kingston_plan):
    objective = new_objective(login(manager), kingston_plan)
    client = login(llr_manager)
    assert client.post(reverse("plans:objective_delete", args=[objective.pk])).status_code == 404
    assert Objective.objects.filter(pk=objective.pk).exists()


def test_the_history_page_runs_a_constant_number_of_queries(login, manager, kingston_plan, django_assert_num_queries):
    client = login(manager)
    url = reverse("reporting:plan_history", args=[kingston_plan.pk])
    finding = Finding.objects.filter(review__board=kingston_plan.board).first()

    def add_records(n):
        objective = new_objective(client, kingston_plan, number=f"4{n}", title=f"Extra {n}")
        client.post(reverse("plans:finding_link", args=[finding.pk]), {"objective": objective.pk})
        Section.objects.create(plan=kingston_plan, title=f"Theme {n}")
        risk = Risk.objects.create(plan=kingston_plan, text=f"Risk {n}")
        risk.objectives.add(objective)
        new_outcome(client, objective, number=f"4{n}.1").delete()

    add_records(0)
    # 1 session, 2 user, 3 the plan with the user's role, 4 the plan's history, 5 its sections', 6 its objectives',
    # 7 its key risks', 8 the deleted outcomes, 9 the objectives' sources as each record stood, 10 their findings,
    # 11 the risks' objectives, 12 the reviews' codes, 13 the findings' numbers (none while no record names one)
    with django_assert_num_queries(13):
        client.get(url)
    for n in range(1, 4):
        add_records(n)
    with django_assert_num_queries(13):
        text = page_text(client.get(url))
    assert "Objective 42: created" in text and "Outcome 42.1 of objective 42: deleted" in text
    assert f"Findings: – → {finding.review.code} {finding.number}" in text
