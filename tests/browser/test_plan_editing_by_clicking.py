"""A manager keeps the plan by clicking from the home page, never typing an address: a new outcome under an
objective, an edit of it, and a move; the plan page's controls are reachable by keyboard and pass axe."""

import re

from playwright.sync_api import expect

from actions.models import Action


def test_manager_adds_edits_and_moves_an_outcome_by_clicking(signed_in, kingston, kingston_in_force, axe_check):
    page = signed_in("kingston-manager")
    page.get_by_role("link", name=kingston.name).click()
    plan = kingston.plans.get()
    page.get_by_role("link", name=plan.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    axe_check(page, "plan page with a manager's controls")

    page.get_by_role("link", name="Add an outcome to objective 17").click()
    page.get_by_role("textbox", name=re.compile(r"^Outcome")).fill(
        "A briefing on the revised Working Together for every agency"
    )
    page.get_by_role("button", name="Save").click()
    added = Action.objects.get(objective__plan=plan, text__startswith="A briefing on the revised")
    expect(page.get_by_role("status").first).to_contain_text(f"Added outcome {added.number}")

    page.get_by_role("link", name=re.compile(r"^Kingston")).first.click()
    page.get_by_role("link", name=plan.title).first.click()
    page.get_by_role("link", name=f"Edit outcome {added.number}").click()
    page.get_by_role("textbox", name=re.compile(r"^Outcome")).fill(
        "A briefing on Working Together 2010 for every member agency"
    )
    page.get_by_role("button", name="Save").click()
    added.refresh_from_db()
    assert added.text == "A briefing on Working Together 2010 for every member agency"

    page.get_by_role("link", name=re.compile(r"^Kingston")).first.click()
    page.get_by_role("link", name=plan.title).first.click()
    before = list(Action.objects.filter(objective=added.objective).order_by("order").values_list("pk", flat=True))
    move_up = page.get_by_role("button", name=f"Move up outcome {added.number}")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text(f"Moved outcome {added.number} up")
    after = list(Action.objects.filter(objective=added.objective).order_by("order").values_list("pk", flat=True))
    assert after.index(added.pk) == before.index(added.pk) - 1

    page.get_by_role("link", name=re.compile(r"^Renumber in order")).click()
    expect(page.get_by_role("table", name=re.compile(r"^Outcomes renumbered"))).to_be_visible()
    axe_check(page, "renumbering: what would change")
    page.get_by_role("button", name="Renumber these").click()
    expect(page.get_by_role("status").first).to_contain_text("Renumbered")
    added.refresh_from_db()
    assert added.number == f"17.{after.index(added.pk) + 1}"
