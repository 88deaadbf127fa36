"""A manager keeps the board's reference data by clicking from the home page, never typing an address: adds a
subgroup; opens the plan's history and a delete confirm page. Each page passes axe. Adding a review with three
findings and linking one to an objective on the review page is the manager's journey in test_role_journeys.py."""

from playwright.sync_api import expect


def test_manager_adds_a_subgroup_and_reads_the_plan_history_by_clicking(signed_in, kingston, axe_check):
    page = signed_in("kingston-manager")
    page.get_by_role("link", name=kingston.name).click()
    axe_check(page, "board page with a manager's reference data controls")
    page.get_by_role("link", name="New subgroup").click()
    page.get_by_label("Name").fill("Neglect Strategy")
    page.get_by_label("Terms of reference").fill("Leads the board's neglect strategy.")
    axe_check(page, "new subgroup form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added the subgroup Neglect Strategy.")).to_be_visible()

    plan = kingston.plans.get()
    page.get_by_role("link", name=plan.title).first.click()
    page.get_by_role("link", name="History").click()
    expect(page.get_by_text("Objective 4: edited").first).to_be_visible()
    axe_check(page, "plan history")
    page.go_back()
    page.get_by_role("link", name="Delete objective 4").click()
    expect(page.get_by_text("Withdraw it instead")).to_be_visible()
    axe_check(page, "delete objective refused")
