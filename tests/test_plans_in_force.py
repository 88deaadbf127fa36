"""Plans in force: a dashboard as at a date counts only the plans running on that date (their period covers it),
so a plan adopted in 2026 is not counted in Kingston's Q2 2010/11."""

from datetime import date

import pytest
from django.urls import reverse

from actions.models import Action
from boards.access import boards_readable_by
from plans.models import Objective, Plan
from reporting.dashboards import board_dashboard, cross_board_rows
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

Q2_END = date(2010, 9, 30)


@pytest.fixture
def plan_2026(kingston):
    """A plan Kingston adopts in 2026, with one outcome."""
    plan = Plan.objects.create(
        board=kingston,
        title="Kingston Business Plan 2026-27",
        kind=Plan.Kind.choices[0][0],
        period_start=date(2026, 4, 1),
        period_end=date(2027, 3, 31),
    )
    objective = Objective.objects.create(plan=plan, number="1", title="A new plan's objective")
    Action.objects.create(objective=objective, number="1.1", text="A new plan's outcome")
    return plan


def kingston_row(user, as_at):
    return next(row for row in cross_board_rows(boards_readable_by(user), as_at) if row.board.slug == "kingston")


def test_the_dashboard_across_boards_counts_only_plans_running_on_the_date(auditor, plan_2026):
    assert kingston_row(auditor, Q2_END).roll_up.total == 52  # the 2009-2010 plan only, as its document has it
    assert kingston_row(auditor, date(2026, 12, 1)).roll_up.total == 1  # the 2026-27 plan only


def test_the_boards_dashboard_as_at_a_date_shows_only_the_plans_running_then(login, manager, kingston, plan_2026):
    dashboard = board_dashboard(kingston, as_at=Q2_END)
    assert [section.plan.title for section in dashboard.sections] == ["Kingston LSCB Improvement Plan 2009-2010"]
    dashboard = board_dashboard(kingston, as_at=date(2026, 12, 1))
    assert [section.plan.title for section in dashboard.sections] == ["Kingston Business Plan 2026-27"]
    text = page_text(
        login(manager).get(reverse("reporting:board_dashboard", args=["kingston"]), {"as_at": "2012-06-30"})
    )
    assert "None of this board's plans was running on 30 June 2012: choose another date." in text


def test_a_pack_reports_only_the_plans_running_at_the_quarter_end(kingston, plan_2026):
    from actions.quarters import Quarter
    from packs.rendering import plans_in

    ended_in_q2 = Plan.objects.create(
        board=kingston,
        title="Kingston Summer Plan 2010",
        kind=Plan.Kind.BUSINESS,
        period_start=date(2010, 4, 1),
        period_end=date(2010, 8, 15),
    )
    titles = [plan.title for plan in plans_in(kingston, Quarter(2010, 2))]
    assert titles == ["Kingston LSCB Improvement Plan 2009-2010"]
    assert ended_in_q2.title in [plan.title for plan in plans_in(kingston, Quarter(2010, 1))]
    assert [plan.title for plan in plans_in(kingston, Quarter(2026, 3))] == ["Kingston Business Plan 2026-27"]
