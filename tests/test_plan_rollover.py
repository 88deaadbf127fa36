"""Plan rollover (issue 20): a manager starts next year's plan from the plan page, choosing which objectives and
open outcomes carry forward, keeping their numbers or numbering them afresh, with or without their leads and
their sources and findings. Each carried outcome links to the one it came from, whose updates and history stay
on the old plan; the new plan's page says "carried forward from <plan> <number>", linked. Managers only: another
board's plan is 404, read-only roles and lead officers 403, and nothing is written."""

from datetime import date

import pytest
from django.urls import reverse

from actions.models import Action, ProgressUpdate, Status
from actions.rollover import open_actions
from plans.models import Plan
from tests.helpers import assert_board_contents_kept, assert_review_links_kept, page_text, row_counts

pytestmark = pytest.mark.django_db


def rollover_url(plan):
    return reverse("actions:rollover", args=[plan.pk])


def form_data(plan, objectives, actions, **changes):
    return {
        "title": "Improvement Plan 2011-2012",
        "period_start": "2011-04-01",
        "period_end": "2012-03-31",
        "numbering": "keep",
        "leads": "on",
        "sources": "on",
        "objectives": [o.pk for o in objectives],
        "actions": [a.pk for a in actions],
        **changes,
    }


def test_the_manager_reaches_it_from_the_plan_page_with_next_years_dates(login, manager, kingston_plan):
    client = login(manager)
    plan_page = client.get(reverse("reporting:plan", args=[kingston_plan.pk])).content.decode()
    assert f'href="{rollover_url(kingston_plan)}"' in plan_page and "Start next year's plan from this one" in plan_page
    page = client.get(rollover_url(kingston_plan))
    html = page.content.decode()
    assert page.status_code == 200
    assert (
        'value="Improvement plan 2011-2012"' in html and 'value="2011-04-01"' in html and 'value="2012-03-31"' in html
    )
    still_open = open_actions(kingston_plan)
    assert still_open and len(still_open) < Action.objects.filter(objective__plan=kingston_plan).count()
    assert all(f'id="action-{a.pk}" checked' in html for a in still_open)  # every open outcome offered, ticked


def test_chosen_objectives_and_open_outcomes_carry_forward_linked_back_and_the_old_plan_is_unchanged(
    login, manager, kingston_plan
):
    still_open = open_actions(kingston_plan)
    objective = still_open[0].objective
    carried = [a for a in still_open if a.objective_id == objective.pk]
    old_updates = ProgressUpdate.objects.filter(action__objective__plan=kingston_plan).count()
    response = login(manager).post(rollover_url(kingston_plan), form_data(kingston_plan, [objective], carried))
    new = Plan.objects.get(title="Improvement Plan 2011-2012")
    assert response.status_code == 302 and response["Location"] == reverse("reporting:plan", args=[new.pk])
    assert (new.board, new.status, new.period_start, new.period_end) == (
        kingston_plan.board,
        Plan.Status.DRAFT,
        date(2011, 4, 1),
        date(2012, 3, 31),
    )
    new_objective = new.objectives.get()
    assert (new_objective.number, new_objective.title) == (objective.number, objective.title)
    assert list(new_objective.sources.all()) == list(objective.sources.all())
    assert_review_links_kept()
    assert_board_contents_kept()
    actions = list(Action.objects.filter(objective__plan=new).order_by("order"))
    assert [(a.number, a.text, a.lead, a.carried_from) for a in actions] == [
        (a.number, a.text, a.lead, a) for a in carried
    ]
    assert not ProgressUpdate.objects.filter(action__objective__plan=new).exists()  # history stays behind
    assert ProgressUpdate.objects.filter(action__objective__plan=kingston_plan).count() == old_updates
    text = page_text(login(manager).get(reverse("reporting:plan", args=[new.pk])))
    assert f"carried forward from {kingston_plan.title} {carried[0].number}" in text
    html = login(manager).get(reverse("reporting:plan", args=[new.pk])).content.decode()
    assert f'href="{reverse("actions:detail", args=[carried[0].pk])}">carried forward from' in html
    action_page = page_text(login(manager).get(reverse("actions:detail", args=[actions[0].pk])))
    assert f"Carried forward from {kingston_plan.title} {carried[0].number}, where its earlier progress is kept." in (
        action_page
    )


def test_renumbered_without_leads_or_sources(login, manager, kingston_plan):
    still_open = open_actions(kingston_plan)
    objectives = list(dict.fromkeys(a.objective for a in still_open))[:2]
    chosen = [a for a in still_open if a.objective in objectives]
    data = form_data(kingston_plan, objectives, chosen, numbering="renumber")
    del data["leads"], data["sources"]
    assert login(manager).post(rollover_url(kingston_plan), data).status_code == 302
    new = Plan.objects.get(title="Improvement Plan 2011-2012")
    assert list(new.objectives.values_list("number", flat=True)) == ["1", "2"]
    numbers = list(Action.objects.filter(objective__plan=new).values_list("number", flat=True))
    first = sum(1 for a in chosen if a.objective == objectives[0])
    assert numbers[:2] == ["1.1", "1.2"][: min(2, first)] + (["2.1"] if first == 1 else [])
    assert set(Action.objects.filter(objective__plan=new).values_list("lead", flat=True)) == {""}
    assert not new.objectives.filter(sources__isnull=False).exists()


def test_an_outcome_without_its_objective_or_a_bad_period_is_named_and_nothing_is_written(
    login, manager, kingston_plan
):
    still_open = open_actions(kingston_plan)
    other = [o for o in kingston_plan.objectives.all() if o != still_open[0].objective][0]
    client = login(manager)
    before = row_counts()
    response = client.post(rollover_url(kingston_plan), form_data(kingston_plan, [other], [still_open[0]]))
    assert response.status_code == 400
    assert f"Outcome {still_open[0].number} can only be carried forward with its objective" in page_text(response)
    response = client.post(
        rollover_url(kingston_plan),
        form_data(kingston_plan, [still_open[0].objective], [], period_end="2031-03-31"),
    )
    assert response.status_code == 400 and "A plan's period may last at most 10 years" in page_text(response)
    response = client.post(rollover_url(kingston_plan), form_data(kingston_plan, [], []))
    assert "Choose at least one objective to carry forward." in page_text(response)
    assert row_counts() == before


@pytest.mark.parametrize("persona, status", [("chair", 403), ("auditor", 403), ("lead", 403), ("llr_manager", 404)])
def test_only_the_boards_managers_may_roll_a_plan_over(request, login, persona, status, kingston_plan):
    client = login(request.getfixturevalue(persona))
    before = row_counts()
    still_open = open_actions(kingston_plan)
    data = form_data(kingston_plan, [still_open[0].objective], still_open[:1])
    assert client.get(rollover_url(kingston_plan)).status_code == status
    assert client.post(rollover_url(kingston_plan), data).status_code == status
    assert row_counts() == before
    if persona != "llr_manager":
        plan_page = client.get(reverse("reporting:plan", args=[kingston_plan.pk])).content.decode()
        assert rollover_url(kingston_plan) not in plan_page


def test_open_means_not_achieved_or_superseded_now(kingston_plan):
    closed = {a.pk for a in Action.objects.filter(objective__plan=kingston_plan, state__status__in=[Status.ACHIEVED])}
    assert closed and not closed & {a.pk for a in open_actions(kingston_plan)}


def test_the_rollover_page_and_the_carrying_run_a_fixed_number_of_queries(
    login, manager, kingston_plan, django_assert_num_queries
):
    client = login(manager)
    # 1 session, 2 user, 3 the plan with its board and the user's role on it, 4 its open outcomes (actions
    # joined to their current state) with their objectives, 5 the plan's objectives
    with django_assert_num_queries(5):
        assert client.get(rollover_url(kingston_plan)).status_code == 200
    still_open = open_actions(kingston_plan)
    objective = still_open[0].objective
    carried = [a for a in still_open if a.objective_id == objective.pk]
    client.post(rollover_url(kingston_plan), form_data(kingston_plan, [objective], carried))
    new = Plan.objects.get(title="Improvement Plan 2011-2012")
    # as many as the old plan's: the new plan has no progress yet, so its actions' current states (no update in
    # any) are what the rules read (actions.rag.ratings_from_latest), as the old plan's at its last progress date
    with django_assert_num_queries(_plan_page_queries(client, kingston_plan)):
        client.get(reverse("reporting:plan", args=[new.pk]))


def _plan_page_queries(client, plan):
    """The plan page's queries for the old plan: a carried plan's page runs as many for its rows (the link is
    joined)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("reporting:plan", args=[plan.pk]))
    return len(captured)
