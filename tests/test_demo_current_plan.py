"""`make run` gives the demo a plan in force today (the seed plans all ended years ago), so that the quarter's
work can be tried: Kingston's 2009-2010 plan carried forward by the product's own rollover, once."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action
from demo.current_plan import financial_year
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_the_demo_plan_is_in_force_and_carries_the_open_outcomes_once(seed, login, lead, manager, chair):
    kingston = seed["kingston"]
    for _ in range(2):
        call_command("load_demo_current_plan", stdout=StringIO())
    assert kingston.plans.count() == 2  # made once
    plan = kingston.plans.exclude(title="Kingston LSCB Improvement Plan 2009-2010").get()
    assert plan.title.endswith("(demo: carried forward from 2009-2010)") and plan.status == "approved"
    carried = Action.objects.filter(objective__plan=plan)
    # the document's open outcomes (not achieved: 52 less the 18 achieved by September 2010), texts as written
    assert carried.count() == 34
    assert all(a.carried_from is not None and a.text == a.carried_from.text for a in carried)
    # the lead's home page lists what they owe on it; the manager's lists the plan with its update sheet
    assert "Your outcomes owing an update" in page_text(login(lead).get(reverse("home")))
    assert plan.title in page_text(login(lead).get(reverse("home")))
    manager_home = login(manager).get(reverse("home")).content.decode()
    assert reverse("actions:update_sheet", args=[plan.pk]) in manager_home


@pytest.mark.parametrize(
    "today, year",
    [
        (date(2026, 12, 2), (date(2026, 4, 1), date(2027, 3, 31))),
        (date(2027, 2, 1), (date(2026, 4, 1), date(2027, 3, 31))),
    ],
)
def test_the_financial_year_runs_april_to_march(today, year):
    assert financial_year(today) == year
