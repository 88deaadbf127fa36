"""A manager starts next year's plan by clicking from the home page: the rollover page passes axe with and without
its errors, works by keyboard, and the new plan's page links each carried outcome back to where it came from."""

from playwright.sync_api import expect

from plans.models import Plan


def test_manager_rolls_the_plan_over_by_clicking_and_keyboard(signed_in, kingston, axe_check):
    page = signed_in("kingston-manager")
    page.get_by_role("link", name=kingston.name).click()
    plan = kingston.plans.get()
    page.get_by_role("link", name=plan.title).first.click()
    page.get_by_role("link", name="Start next year's plan from this one").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Start next year's plan from {plan.title}")
    axe_check(page, "rollover form")

    page.get_by_label("The new plan's title").fill("")
    page.get_by_role("button", name="Start the new plan").click()
    expect(page.get_by_role("heading", name="Nothing has been created: check the answers below")).to_be_visible()
    axe_check(page, "rollover form with errors shown")

    page.get_by_label("The new plan's title").fill("Improvement Plan 2011-2012")
    page.get_by_role("radio", name="Number them afresh (1, 1.1, 1.2 ...)").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Start the new plan").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Improvement Plan 2011-2012")
    new = Plan.objects.get(title="Improvement Plan 2011-2012")
    assert new.objectives.first().number == "1"
    expect(page.get_by_role("link", name=f"carried forward from {plan.title}").first).to_be_visible()
    axe_check(page, "the new plan's page with carried outcomes")
