"""A board manager keeps a plan's key risks (and the objectives they bear on) from the plan page, and an outcome's
funding lines from its page; budget and funding show on the outcome's page and in the LLR layout. Other boards
404, read-only roles 403 and nothing is written; every write is on the audit trail."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Action, Funding
from plans.models import Risk
from tests.helpers import page_text, row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def leeds_plan(leeds):
    return leeds.plans.filter(risks__isnull=False).distinct().first()


@pytest.fixture
def llr_action(llr):
    """LLR's 2.1, with a budget of £40,000 from two funders."""
    return Action.objects.get(objective__plan__board=llr, number="2.1")


def test_manager_adds_and_edits_a_key_risk_from_the_plan_page(login, leeds_manager, leeds_plan):
    client = login(leeds_manager)
    plan_url = reverse("reporting:plan", args=[leeds_plan.pk])
    assert reverse("plans:risk_create", args=[leeds_plan.pk]) in client.get(plan_url).content.decode()
    first, second = leeds_plan.objectives.all()[:2]
    data = {"number": "R9", "text": "Agencies withdraw funding", "objectives": [first.pk]}
    response = client.post(reverse("plans:risk_create", args=[leeds_plan.pk]), data)
    assert response.status_code == 302
    risk = leeds_plan.risks.get(number="R9")
    assert f"Agencies withdraw funding (objective {first.number})" in page_text(client.get(plan_url))
    assert reverse("plans:risk_edit", args=[risk.pk]) in client.get(plan_url).content.decode()
    client.post(reverse("plans:risk_edit", args=[risk.pk]), {**data, "objectives": [first.pk, second.pk]})
    assert set(risk.objectives.all()) == {first, second}
    assert risk.history.latest().history_user == leeds_manager


def test_a_risk_without_text_or_with_another_plans_objective_is_refused(login, leeds_manager, leeds_plan, kingston):
    client = login(leeds_manager)
    before = row_counts()
    response = client.post(reverse("plans:risk_create", args=[leeds_plan.pk]), {"number": "R9", "text": ""})
    assert "Describe the risk as the board names it." in page_text(response)
    theirs = kingston.plans.get().objectives.first()
    data = {"text": "Something", "objectives": [theirs.pk]}
    response = client.post(reverse("plans:risk_create", args=[leeds_plan.pk]), data)
    assert f"Select a valid choice. {theirs.pk} is not one of the available choices." in page_text(response)
    assert row_counts() == before


def test_manager_adds_edits_and_removes_a_funding_line_from_the_outcome_page(login, llr_manager, llr_action):
    client = login(llr_manager)
    page_url = reverse("actions:detail", args=[llr_action.pk])
    page = client.get(page_url)
    assert "Budget £40,000.00" in page_text(page)
    assert "£35,000 from Leicester City Council" in page_text(page)
    assert reverse("actions:funding_create", args=[llr_action.pk]) in page.content.decode()
    client.post(reverse("actions:funding_create", args=[llr_action.pk]), {"funder": "NSPCC", "amount": "2500"})
    line = llr_action.funding.get(funder="NSPCC")
    assert "£2,500 from NSPCC" in page_text(client.get(page_url))
    client.post(reverse("actions:funding_edit", args=[line.pk]), {"funder": "NSPCC", "amount": "3000"})
    line.refresh_from_db()
    assert line.amount == Decimal("3000")
    client.post(reverse("actions:funding_remove", args=[line.pk]))
    assert not llr_action.funding.filter(funder="NSPCC").exists()
    kinds = list(Funding.history.filter(id=line.pk).order_by("history_date").values_list("history_type", flat=True))
    assert kinds == ["+", "~", "-"]
    assert {h.history_user for h in Funding.history.filter(id=line.pk)} == {llr_manager}


def test_a_funding_line_needs_a_funder_and_a_positive_amount(login, llr_manager, llr_action):
    client = login(llr_manager)
    before = row_counts()
    url = reverse("actions:funding_create", args=[llr_action.pk])
    assert "Name who pays" in page_text(client.post(url, {"funder": "", "amount": "10"}))
    assert "Enter the amount in pounds" in page_text(client.post(url, {"funder": "X", "amount": "lots"}))
    assert "The amount is more than £0" in page_text(client.post(url, {"funder": "X", "amount": "-5"}))
    assert row_counts() == before


def test_the_llr_layout_shows_budget_and_funding_lines(login, two_board_chair, llr, llr_action):
    text = page_text(login(two_board_chair).get(reverse("reporting:plan", args=[llr_action.objective.plan_id])))
    assert "Budget £40,000.00; funded: £35,000 from Leicester City Council, £5,000 from Police" in text


@pytest.mark.parametrize("persona", ["llr_manager", "two_board_chair", "auditor"])
def test_read_only_roles_get_403_another_board_404_and_nothing_is_written(
    request, login, persona, leeds_plan, llr_action
):
    """The LLR manager is of another board than Leeds; the chair of two boards and the auditor read only."""
    client = login(request.getfixturevalue(persona))
    risk = leeds_plan.risks.first()
    line = llr_action.funding.first()
    before = row_counts()
    expected = {
        "llr_manager": {"risk": 404, "funding": None},
        "two_board_chair": {"risk": 403, "funding": 403},
        "auditor": {"risk": 403, "funding": 403},
    }[persona]
    roles = dict(request.getfixturevalue(persona).memberships.values_list("board__slug", "role"))
    if "leeds" not in roles:
        expected["risk"] = 404
    for url in [reverse("plans:risk_create", args=[leeds_plan.pk]), reverse("plans:risk_edit", args=[risk.pk])]:
        assert client.post(url, {"text": "X"}).status_code == expected["risk"], url
    if expected["funding"]:
        for url in [
            reverse("actions:funding_create", args=[llr_action.pk]),
            reverse("actions:funding_edit", args=[line.pk]),
            reverse("actions:funding_remove", args=[line.pk]),
        ]:
            assert client.post(url, {"funder": "X", "amount": "1"}).status_code == expected["funding"], url
        page = client.get(reverse("actions:detail", args=[llr_action.pk])).content.decode()
        assert "/funding/" not in page
    assert row_counts() == before


def test_a_risk_is_not_kept_from_another_board(login, manager, leeds_plan):
    client = login(manager)
    risk = leeds_plan.risks.first()
    assert client.get(reverse("plans:risk_edit", args=[risk.pk])).status_code == 404
    assert client.get(reverse("plans:risk_create", args=[leeds_plan.pk])).status_code == 404
    assert Risk.objects.filter(pk=risk.pk).exists()
