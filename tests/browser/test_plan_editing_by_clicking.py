"""A manager keeps the plan's order by keyboard from the home page, never typing an address: moves an outcome up
with Enter on its control, then renumbers the plan after seeing what will change. Adding, editing, moving and
withdrawing outcomes by clicking is the manager's journey in test_role_journeys.py."""

import re

from playwright.sync_api import expect

from actions.models import Action


def test_manager_moves_an_outcome_by_keyboard_and_renumbers(signed_in, kingston, kingston_in_force, axe_check):
    page = signed_in("kingston-manager")
    page.get_by_role("link", name=kingston.name).click()
    plan = kingston.plans.get()
    page.get_by_role("link", name=plan.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    axe_check(page, "plan page with a manager's controls")

    moved = Action.objects.get(objective__plan=plan, number="17.2")
    before = list(Action.objects.filter(objective=moved.objective).order_by("order").values_list("pk", flat=True))
    move_up = page.get_by_role("button", name="Move up outcome 17.2")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Moved outcome 17.2 up")
    after = list(Action.objects.filter(objective=moved.objective).order_by("order").values_list("pk", flat=True))
    assert after.index(moved.pk) == before.index(moved.pk) - 1

    page.get_by_role("link", name=re.compile(r"^Renumber in order")).click()
    expect(page.get_by_role("table", name=re.compile(r"^Outcomes renumbered"))).to_be_visible()
    axe_check(page, "renumbering: what would change")
    page.get_by_role("button", name="Renumber these").click()
    expect(page.get_by_role("status").first).to_contain_text("Renumbered")
    moved.refresh_from_db()
    assert moved.number == f"17.{after.index(moved.pk) + 1}"
