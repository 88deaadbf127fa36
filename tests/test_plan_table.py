"""The plan page's table (Jinja2: reporting/plan_table.py) shows every row of its read model
(reporting.tables.plan_rows) in order, with each outcome's rating and progress, a manager's controls on every
objective and outcome still in the plan and no one else's, its text escaped, in queries that do not grow with
the plan."""

import html
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from actions.as_at import default_as_at
from actions.models import Action, ProgressUpdate, Status
from reporting.tables import plan_rows

pytestmark = pytest.mark.django_db

FORM_WITH_TOKEN = r'<form method="post" action="([^"]+)"><input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">'
READERS = {"kingston": "kingston-chair", "llr": "two-board-chair"}


def _page(client, plan):
    return client.get(reverse("reporting:plan", args=[plan.pk])).content.decode()


def _controls_expected(plan, rows):
    """The control URLs a manager must find: per objective and outcome not withdrawn."""
    urls = []
    for row in rows:
        objective = row.objective
        if not objective.withdrawn_on:
            urls += [
                reverse("plans:objective_edit", args=[objective.pk]),
                reverse("actions:create", args=[objective.pk]),
                reverse("plans:objective_move", args=[objective.pk, "up"]),
                reverse("plans:objective_move", args=[objective.pk, "down"]),
                reverse("plans:objective_delete", args=[objective.pk]),
                reverse("actions:objective_withdraw", args=[objective.pk]),
            ]
        for action in row.actions:
            if not action.withdrawn_on:
                urls += [
                    reverse("actions:edit", args=[action.pk]),
                    reverse("actions:progress", args=[action.pk]),
                    reverse("actions:move", args=[action.pk, "up"]),
                    reverse("actions:move", args=[action.pk, "down"]),
                    reverse("actions:withdraw", args=[action.pk]),
                ]
    return urls


@pytest.mark.parametrize("board_slug", ["kingston", "llr"])  # both layouts
@pytest.mark.parametrize("role", ["manager", "reader"])
def test_every_row_of_the_read_model_shows_with_its_rating_progress_and_the_roles_controls(
    login, seed, board_slug, role, django_user_model
):
    plan = seed[board_slug].plans.order_by("pk").first()
    username = f"{board_slug}-manager" if role == "manager" else READERS[board_slug]
    page = _page(login(django_user_model.objects.get(username=username)), plan)
    text = html.unescape(page)
    rows = plan_rows(plan, default_as_at(plan))
    actions = [action for row in rows for action in row.actions]
    assert len(actions) > 10
    # rated in the Progress column: each outcome (outcomes and methods), or each one the column lists (objectives:
    # those with an update, and the overdue)
    if plan.layout == plan.Layout.OUTCOMES_METHOD:
        badged = {action.pk for action in actions}
    else:
        badged = {action.pk for row in rows for entry in row.progress for action in entry.actions}
    assert badged
    # every outcome, linked by its number, in the read model's order
    position = 0
    for action in actions:
        link = f'href="{reverse("actions:detail", args=[action.pk])}">{action.number}</a>'
        found = page.find(link, position)
        assert found >= 0, action.number
        position = found
        # its rating, reason in words, and its latest progress as at the date shown
        if action.pk in badged:
            assert f'class="rag {action.rating.css_class}" title="{action.rating.reason}"' in text
        if action.latest_update and action.latest_update.narrative:
            assert " ".join(action.latest_update.narrative.split()) in " ".join(text.split())
    controls = _controls_expected(plan, rows)
    forms = re.findall(FORM_WITH_TOKEN, page)
    if role == "manager":
        for url in controls:
            assert f'"{url}"' in page, url
        # each move form carries the CSRF token
        moves = [url for url in controls if "/move/" in url]
        assert sorted(forms) == sorted(moves)
        in_plan = sum(not row.objective.withdrawn_on for row in rows) + sum(not a.withdrawn_on for a in actions)
        assert page.count('class="plan-controls"') == in_plan
    else:
        assert not any(f'"{url}"' in page for url in controls)
        assert forms == []
        assert 'class="plan-controls"' not in page


def test_the_table_escapes_what_people_typed(login, manager, kingston_plan):
    objective = kingston_plan.objectives.order_by("order").first()
    action = Action.objects.create(
        objective=objective, number="1.99", order=99, text='<script>alert("x")</script> & co', heading="<b>Heads</b>"
    )
    ProgressUpdate.objects.create(
        action=action, as_at=date(2010, 9, 30), status=Status.ONGOING, narrative="<img src=x onerror=alert(1)>"
    )
    page = _page(login(manager), kingston_plan)
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>Heads</b>" not in page
    assert "&lt;script&gt;alert(" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;b&gt;Heads&lt;/b&gt;" in page


def test_a_managers_plan_page_runs_the_same_queries_for_a_bigger_plan(
    login, manager, kingston_plan, django_assert_num_queries
):
    client = login(manager)
    # 1 session, 2 user, 3 plan with its board and the user's role on it, 4 last progress date (the plan has
    # ended), 5 objectives with sections, 6 their sources, 7 their actions (each of the two with whether it was
    # edited since that date), 8 the history of the objectives edited since (their sources, recorded when the seed
    # was loaded; no outcome was), 9 the snapshots of that quarter end (none kept in the seed), 10 the actions'
    # current states, each with its latest update in full and its author's username (each state is its action's
    # latest update at the last progress date), 11 key risks. The controls and their URLs are built from these
    # rows: no query of their own
    with django_assert_num_queries(11):
        _page(client, kingston_plan)
    earlier = Action.objects.filter(objective__plan=kingston_plan).first()
    for objective in kingston_plan.objectives.order_by("order")[:5]:
        for n in range(20):
            action = Action.objects.create(
                objective=objective, number=f"{objective.number}.{50 + n}", order=50 + n, text=f"More {n}"
            )
            ProgressUpdate.objects.create(action=action, as_at=date(2010, 9, 30), status=Status.ONGOING)
    Action.objects.filter(number__endswith=".69").update(carried_from=earlier)  # carried forward: joined, no query
    with django_assert_num_queries(11):  # a hundred more outcomes, some carried forward: the same queries
        page = _page(client, kingston_plan)
    assert page.count('class="carried-from') == 5


def test_a_move_form_on_the_table_posts_with_a_token_django_accepts(manager, kingston_plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    page = _page(client, kingston_plan)
    form = re.search(r'<form method="post" action="(/actions/\d+/move/down/)">(<input [^>]+>)', page)
    token = re.search(r'value="([^"]+)"', form.group(2)).group(1)
    assert client.post(form.group(1)).status_code == 403  # without the token: refused
    response = client.post(form.group(1), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reporting:plan", args=[kingston_plan.pk]))
