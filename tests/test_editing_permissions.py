"""Every editing and recording URL, for every persona: the manager of the board may; a lead may record progress on
their own actions only; chair and auditor get 403; anyone of another board or none gets 404.
No refused request writes anything (row counts of every table, history included, before and after)."""

from datetime import date

import pytest
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from tests.helpers import row_counts

pytestmark = pytest.mark.django_db

ALLOWED = "allowed"


@pytest.fixture
def objects(kingston):
    plan = kingston.plans.get()
    own = Action.objects.get(objective__plan=plan, number="3.1")  # led by kingston-lead
    other = Action.objects.get(objective__plan=plan, number="4.2")
    achieved = Action.objects.get(objective__plan=plan, number="4.1")
    return {
        "plan": plan,
        "objective": plan.objectives.get(number="4"),
        "own": own,
        "other": other,
        "achieved": achieved,
        "own_update": own.updates.get(),
        "other_update": other.updates.get(),
    }


def update_data(**extra):
    return {
        "as_at": "2010-12-31",
        "status": "in_progress",
        "rag": "amber",
        "narrative": "Draft in circulation",
        "corrective_action": "Comments chased by the business manager",
        **extra,
    }


def endpoints(o):
    """(name, url, POST data or None for GET-only, who besides the manager may: 'lead' or None)."""
    plan, objective = o["plan"], o["objective"]
    return [
        (
            "new plan",
            reverse("plans:create", args=["kingston"]),
            {
                "title": "Plan 2011-12",
                "kind": "business",
                "period_start": "2011-04-01",
                "period_end": "2012-03-31",
                "status": "draft",
                "layout": "objectives",
            },
            None,
        ),
        (
            "edit plan",
            reverse("plans:edit", args=[plan.pk]),
            {
                "title": "Renamed",
                "kind": "improvement",
                "period_start": "2009-04-01",
                "period_end": "2011-03-31",
                "status": "approved",
                "layout": "objectives",
                "version": plan.version,
            },
            None,
        ),
        ("renumber", reverse("actions:renumber", args=[plan.pk]), {}, None),
        ("new section", reverse("plans:section_create", args=[plan.pk]), {"title": "CORE WORK"}, None),
        (
            "new objective",
            reverse("plans:objective_create", args=[plan.pk]),
            {"number": "18", "title": "New aim"},
            None,
        ),
        (
            "edit objective",
            reverse("plans:objective_edit", args=[objective.pk]),
            {"number": "4", "title": "Changed", "version": objective.version},
            None,
        ),
        ("move objective", reverse("plans:objective_move", args=[objective.pk, "up"]), {}, None),
        (
            "new outcome",
            reverse("actions:create", args=[objective.pk]),
            {"number": "4.5", "text": "A new outcome"},
            None,
        ),
        (
            "edit outcome",
            reverse("actions:edit", args=[o["other"].pk]),
            {"number": "4.2", "text": "Changed", "version": o["other"].version},
            None,
        ),
        ("move outcome", reverse("actions:move", args=[o["other"].pk, "down"]), {}, None),
        ("record on own action", reverse("actions:progress", args=[o["own"].pk]), update_data(), "lead"),
        ("record on another's action", reverse("actions:progress", args=[o["other"].pk]), update_data(), None),
        (
            "correct own update",
            reverse("actions:correct", args=[o["own"].pk, o["own_update"].pk]),
            # dated otherwise than the update it corrects: the correction says why
            update_data(date_reason="Reported at the quarter's end"),
            "lead",
        ),
        (
            "correct another's update",
            reverse("actions:correct", args=[o["other"].pk, o["other_update"].pk]),
            # dated otherwise than the update it corrects: the correction says why
            update_data(date_reason="Reported at the quarter's end"),
            None,
        ),
        (
            "impact",
            reverse("actions:impact", args=[o["achieved"].pk]),
            {
                "impact_evidenced_on": "2010-10-01",
                "impact_evidence": "Induction feedback",
                "follow_up_review_on": "2011-04-01",
                "version": o["achieved"].version,
            },
            None,
        ),
        ("chase list", reverse("actions:chase_list", args=["kingston"]), None, None),
        ("send reminders", reverse("actions:chase_send", args=["kingston"]), {}, None),
    ]


PERSONAS = {
    "manager": "manager",
    "lead": "lead",
    "chair": 403,
    "auditor": 403,
    "llr_manager": 404,
    "outsider": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_matrix(request, login, objects, persona):
    user = request.getfixturevalue(persona)
    client = login(user)
    checked = 0
    for name, url, data, also in endpoints(objects):
        if persona == "manager" or (persona == "lead" and also == "lead"):
            expected = ALLOWED
        elif persona == "lead":
            expected = 403
        else:
            expected = PERSONAS[persona]
        get = client.get(url)
        if data is None or get.status_code != 405:
            assert get.status_code in ((200, 302) if expected == ALLOWED else (expected,)), (persona, name, "GET")
        if data is None:
            continue
        before = row_counts()
        post = client.post(url, data)
        if expected == ALLOWED:
            assert post.status_code == 302, (persona, name, post.status_code, post.content[:3000])
        else:
            assert post.status_code == expected, (persona, name, "POST")
            assert row_counts() == before, (persona, name, "wrote something")
        checked += 1
    assert checked == 16


def test_a_refused_write_changes_no_field(login, chair, objects):
    action = objects["other"]
    login(chair).post(reverse("actions:edit", args=[action.pk]), {"number": "9.9", "text": "Hijacked", "version": 1})
    action.refresh_from_db()
    assert action.number == "4.2" and action.text.startswith("Develop an Induction programme")


def test_requests_without_the_csrf_token_are_refused(objects, manager):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    before = ProgressUpdate.objects.count()
    response = client.post(reverse("actions:progress", args=[objects["other"].pk]), update_data())
    assert response.status_code == 403
    assert ProgressUpdate.objects.count() == before
    assert date(2010, 12, 31) not in objects["other"].updates.values_list("as_at", flat=True)
