"""A manager keeps the plan current: plans, sections, objectives and outcomes, their order and numbering,
with every edit on the action's timeline (who, when, which field, from what to what)."""

import pytest
from django.urls import reverse

from actions.models import Action
from plans.models import Objective, Plan
from plans.numbering import next_number
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(kingston):
    return kingston.plans.get()


def test_next_number_follows_the_documents_style():
    assert next_number("9", ["9.1", "9.2", "9.2", "9.3"]) == "9.4"
    assert next_number("", ["1", "2", "17"]) == "18"
    assert next_number("2", []) == "2.1"


def test_a_new_outcome_is_offered_the_next_number_under_its_objective(login, manager, plan):
    objective = plan.objectives.get(number="9")
    client = login(manager)
    form = client.get(reverse("actions:create", args=[objective.pk])).content.decode()
    assert 'value="9.4"' in form
    response = client.post(
        reverse("actions:create", args=[objective.pk]),
        {"number": "9.4", "text": "Evaluate the DV programme", "timescale": "March 2011"},
    )
    assert response.status_code == 302
    action = Action.objects.get(objective=objective, number="9.4")
    assert action.due_date.isoformat() == "2011-03-31"  # read from the time scale
    numbers = list(Action.objects.filter(objective=objective).order_by("order").values_list("number", flat=True))
    assert numbers == ["9.1", "9.2", "9.2", "9.3", "9.4"]


def test_new_plan_with_errors_in_a_managers_words(login, manager):
    client = login(manager)
    response = client.post(
        reverse("plans:create", args=["kingston"]),
        {
            "title": "",
            "kind": "business",
            "period_start": "2012-04-01",
            "period_end": "2011-03-31",
            "status": "draft",
            "layout": "objectives",
        },
    )
    text = page_text(response)
    assert "Give the plan its title" in text
    assert "The plan's period must end after it starts." in text
    assert not Plan.objects.filter(period_start="2012-04-01").exists()


def test_a_period_ending_when_it_starts_shows_the_constraints_message_and_saves_nothing(login, manager, plan):
    before = (plan.period_start, plan.period_end, plan.version)
    response = login(manager).post(
        reverse("plans:edit", args=[plan.pk]),
        {
            "title": plan.title,
            "kind": plan.kind,
            "period_start": "2011-04-01",
            "period_end": "2011-04-01",
            "status": plan.status,
            "layout": plan.layout,
            "version": plan.version,
        },
    )
    assert response.status_code == 200
    assert "The plan's period must end after it starts." in page_text(response)
    plan.refresh_from_db()
    assert (plan.period_start, plan.period_end, plan.version) == before


def test_objective_sources_and_findings_must_agree(login, manager, plan):
    from reviews.models import Finding, Review

    objective = plan.objectives.get(number="8")
    pr_finding = Finding.objects.get(review__code="PR", number="1")
    lr = Review.objects.get(code="LR")
    response = login(manager).post(
        reverse("plans:objective_edit", args=[objective.pk]),
        {
            "number": "8",
            "title": objective.title,
            "sources": [lr.pk],
            "findings": [pr_finding.pk],
            "version": objective.version,
        },
    )
    assert "These findings come from reviews not ticked as sources: PR" in page_text(response)
    assert list(objective.sources.values_list("code", flat=True)) == ["PR"]


def test_moving_changes_order_not_numbers_and_renumbering_restores_the_style(login, manager, plan):
    client = login(manager)
    five = plan.objectives.get(number="5")
    client.post(reverse("plans:objective_move", args=[five.pk, "up"]))
    order = list(plan.objectives.order_by("order").values_list("number", flat=True))
    assert order[:6] == ["1", "2", "3", "5", "4", "6"]
    # first what would change, old and new side by side; nothing changes until the manager confirms
    preview = page_text(client.get(reverse("actions:renumber", args=[plan.pk])))
    assert "Objectives renumbered (2)" in preview
    assert f"{five.display_title[:40]}" in preview and " 5 4 " in preview
    assert "Outcomes renumbered" in preview and "9.2 9.3" in preview  # Kingston's second 9.2
    five.refresh_from_db()
    assert five.number == "5"
    client.post(reverse("actions:renumber", args=[plan.pk]))
    five.refresh_from_db()
    assert five.number == "4"
    assert list(Action.objects.filter(objective=five).order_by("order").values_list("number", flat=True)) == [
        "4.1",
        "4.2",
        "4.3",
        "4.4",
        "4.5",
    ]
    # Kingston's two 9.2s become 9.2 and 9.3 only now, when the manager asks
    nine = list(
        Action.objects.filter(objective__plan=plan, objective__number="9")
        .order_by("order")
        .values_list("number", flat=True)
    )
    assert nine == ["9.1", "9.2", "9.3", "9.4"]
    # the bulk renumbering left history, attributed to the manager
    renumbered = Action.objects.get(objective=five, number="4.1")
    latest = renumbered.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == manager and latest.number == "4.1"
    assert Objective.history.filter(id=five.pk, number="4", history_user=manager).exists()


def test_every_edit_appears_on_the_actions_timeline_with_from_and_to(login, manager, plan):
    action = Action.objects.get(objective__plan=plan, number="12.3")
    client = login(manager)
    client.post(
        reverse("actions:edit", args=[action.pk]),
        {
            "number": "12.3",
            "text": action.text,
            "timescale": "Dec 2010",
            "subgroup": action.subgroup_id,
            "version": action.version,
        },
    )
    page = page_text(client.get(reverse("actions:detail", args=[action.pk])))
    assert "Edited" in page and "by kingston-manager" in page
    assert "Timescale: – → Dec 2010 (changed from “–” to “Dec 2010”)" in page
    assert "Reports to" not in page.split("Edited")[1].split("Added to the plan")[0]  # unchanged fields not listed


def test_impact_evidenced_after_achievement_and_chased_when_the_review_is_due(login, manager, plan):
    achieved = Action.objects.get(objective__plan=plan, number="16.1")
    ongoing = Action.objects.get(objective__plan=plan, number="17.1")
    client = login(manager)
    refused = client.get(reverse("actions:impact", args=[ongoing.pk]), follow=True)
    assert "is not achieved yet" in page_text(refused)
    response = client.post(
        reverse("actions:impact", args=[achieved.pk]),
        {
            "impact_evidenced_on": "2010-11-01",
            "impact_evidence": "Audit of three agencies' training records",
            "follow_up_review_on": "2011-05-01",
            "version": achieved.version,
        },
    )
    assert response.status_code == 302
    chase = page_text(client.get(reverse("actions:chase_list", args=["kingston"])))
    assert "16.1: follow-up review was due 1 May 2011" in chase
    bad = client.post(
        reverse("actions:impact", args=[achieved.pk]),
        {
            "impact_evidenced_on": "2010-11-01",
            "impact_evidence": "x",
            "follow_up_review_on": "2010-10-01",
            "version": achieved.version + 1,
        },
    )
    assert "The follow-up review must come after the impact was evidenced." in page_text(bad)


def test_the_edit_form_reads_the_managers_role_with_the_plan(login, manager, chair, plan, django_assert_num_queries):
    client = login(manager)
    client.get(reverse("plans:edit", args=[plan.pk]))  # the session's first request renews it: not counted
    # queries: the session, the user, the plan with its board and the user's role on it (joined); nothing else
    with django_assert_num_queries(3):
        response = client.get(reverse("plans:edit", args=[plan.pk]))
    assert response.status_code == 200
    chair_client = login(chair)
    chair_client.get(reverse("reporting:plan", args=[plan.pk]))
    with django_assert_num_queries(3):  # the same one query tells the chair's role: refused without another
        assert chair_client.get(reverse("plans:edit", args=[plan.pk])).status_code == 403


def test_the_objective_form_reads_the_role_with_the_objective(login, manager, chair, plan, django_assert_num_queries):
    objective = plan.objectives.get(number="9")
    url = reverse("plans:objective_edit", args=[objective.pk])
    chair_client = login(chair)
    chair_client.get(reverse("reporting:plan", args=[plan.pk]))  # the session's first request renews it
    # queries: the session, the user, the objective with its plan, board, section and the user's role: refused
    with django_assert_num_queries(3):
        assert chair_client.get(url).status_code == 403
    assert login(manager).get(url).status_code == 200


def _submitted_unchanged(html):
    """What a browser submits for the page's main form when nobody changes anything."""
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.data, self.textarea, self.select = [], None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
                if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                    return
                value = a.get("value", "")
                if a.get("type", "text") in ("text", "search", "tel", "url", "email", "password"):
                    value = value.replace("\r", "").replace("\n", "")  # a one-line input strips line breaks (HTML)
                self.data.append((a["name"], value))
            elif tag == "textarea":
                self.textarea = [a["name"], ""]
            elif tag == "select":
                self.select = a["name"]
            elif tag == "option" and self.select and "selected" in a:
                self.data.append((self.select, a.get("value", "")))

        def handle_data(self, data):
            if self.textarea is not None:
                self.textarea[1] += data

        def handle_endtag(self, tag):
            if tag == "textarea":
                name, value = self.textarea
                self.data.append((name, value[1:] if value.startswith("\n") else value))  # the newline after <textarea>
                self.textarea = None
            elif tag == "select":
                self.select = None

    parser = Form()
    parser.feed(html[html.index("<main") :])
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def test_saving_an_objective_unchanged_keeps_its_time_scale_on_two_lines(login, manager, plan):
    objective = plan.objectives.get(number="4")
    assert objective.timescale == "Dec 2010\nDec 2010"  # as the document writes it, one line per outcome
    client = login(manager)
    url = reverse("plans:objective_edit", args=[objective.pk])
    response = client.post(url, _submitted_unchanged(client.get(url).content.decode()))
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.timescale == "Dec 2010\nDec 2010"


def test_the_renumbering_preview_for_a_plan_in_order_says_nothing_changes(
    login, manager, chair, plan, django_assert_num_queries
):
    client = login(manager)
    url = reverse("actions:renumber", args=[plan.pk])
    client.post(url)  # in order now
    # 1 session, 2 user, 3 plan with board and role, 4 its objectives, 5 their outcomes
    with django_assert_num_queries(5):
        text = page_text(client.get(url))
    assert "already numbered in its order" in text
    assert login(chair).get(url).status_code == 403
