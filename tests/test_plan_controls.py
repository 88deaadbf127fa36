"""A manager keeps the plan from the plan page itself: every objective and outcome carries its edit, add, move and
record controls there, and the board page offers a new plan. Other roles read the same page without them."""

import pytest
from django.urls import reverse

from actions.models import Action

pytestmark = pytest.mark.django_db


def _plan_page(client, plan):
    return client.get(reverse("reporting:plan", args=[plan.pk])).content.decode()


@pytest.mark.parametrize("board_slug", ["kingston", "llr"])  # both layouts: objectives, and outcomes and method
def test_the_manager_finds_every_editing_control_on_the_plan_page(login, seed, board_slug, django_user_model):
    board = seed[board_slug]
    plan = board.plans.order_by("pk").first()
    manager = django_user_model.objects.get(username=f"{board_slug}-manager")
    html = _plan_page(login(manager), plan)
    for objective in plan.objectives.all():
        assert reverse("plans:objective_edit", args=[objective.pk]) in html
        assert reverse("actions:create", args=[objective.pk]) in html
        for direction in ("up", "down"):
            assert reverse("plans:objective_move", args=[objective.pk, direction]) in html
    for action in Action.objects.filter(objective__plan=plan):
        assert reverse("actions:edit", args=[action.pk]) in html
        assert reverse("actions:progress", args=[action.pk]) in html
        for direction in ("up", "down"):
            assert reverse("actions:move", args=[action.pk, direction]) in html


@pytest.mark.parametrize("persona", ["chair", "auditor", "lead"])
def test_read_only_roles_see_the_plan_without_the_controls(login, kingston, persona, request):
    plan = kingston.plans.get()
    html = _plan_page(login(request.getfixturevalue(persona)), plan)
    objective = plan.objectives.order_by("order").first()
    action = Action.objects.filter(objective=objective).first()
    assert reverse("reporting:plan", args=[plan.pk]) in html or objective.text in html  # the page itself shows
    for url in (
        reverse("plans:objective_edit", args=[objective.pk]),
        reverse("actions:create", args=[objective.pk]),
        reverse("actions:edit", args=[action.pk]),
        reverse("actions:move", args=[action.pk, "up"]),
        reverse("plans:objective_move", args=[objective.pk, "down"]),
    ):
        assert url not in html
    assert 'class="plan-controls"' not in html


def test_the_board_page_offers_a_new_plan_to_its_manager_only(login, manager, chair, kingston):
    url = reverse("reporting:board", args=[kingston.slug])
    new_plan = reverse("plans:create", args=[kingston.slug])
    assert new_plan in login(manager).get(url).content.decode()
    assert new_plan not in login(chair).get(url).content.decode()


def test_the_plan_page_for_a_manager_asks_what_it_asks_a_reader(login, manager, kingston, django_assert_num_queries):
    client, plan = login(manager), kingston.plans.get()
    # the controls are built from the rows already read: 1 session, 2 user, 3 plan with board and role,
    # 4 last progress date, 5 objectives, 6 sources, 7 actions (each of the two with whether it was edited since
    # that date), 8 the history of the objectives edited since (their sources, recorded when the seed was loaded;
    # no outcome was: actions.structure), 9 the snapshot rows of that quarter end (none kept in the seed), 10 the
    # actions' current states, each with its latest update in full (each state is its action's latest update at the
    # last progress date), 11 key risks
    with django_assert_num_queries(11):
        assert 'class="plan-controls"' in _plan_page(client, plan)
