"""A manager keeps the board's reference data by clicking from the home page, never typing an address: adds a
review with three findings and links one finding to an objective on the review page; adds a subgroup; opens the
plan's history and a delete confirm page. Each page passes axe."""

import re

from playwright.sync_api import expect

from reviews.models import Review


def test_manager_adds_a_review_with_findings_and_links_one_by_clicking(signed_in, kingston, axe_check):
    page = signed_in("kingston-manager")
    page.get_by_role("link", name=kingston.name).click()
    axe_check(page, "board page with a manager's reference data controls")
    page.get_by_role("link", name="New review").click()
    page.get_by_label("Code").fill("JAR")
    page.get_by_label("Title").fill("Joint Area Review")
    page.get_by_label("Kind").select_option(label="Inspection")
    axe_check(page, "new review form")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Joint Area Review")
    for number, text in [("1", "Thresholds are unclear"), ("2", "Audit is weak"), ("3", "Training is patchy")]:
        page.get_by_role("link", name="Add a finding").click()
        page.get_by_label("Number").fill(number)
        page.get_by_label("Text").fill(text)
        page.get_by_role("button", name="Save").click()
    review = Review.objects.get(board=kingston, code="JAR")
    assert review.findings.count() == 3
    axe_check(page, "review page with findings to link")
    finding = review.findings.get(number="2")
    plan = kingston.plans.get()
    objective = plan.objectives.get(number="4")
    page.get_by_label("Objective of Kingston LSCB that answers finding 2").select_option(str(objective.pk))
    page.get_by_role("button", name="Link finding 2").click()
    expect(page.get_by_role("status").first).to_contain_text("Finding 2 is now answered by objective 4")
    assert finding in objective.findings.all()

    page.get_by_role("link", name=re.compile(r"^Kingston")).first.click()
    page.get_by_role("link", name="New subgroup").click()
    page.get_by_label("Name").fill("Neglect Strategy")
    page.get_by_label("Terms of reference").fill("Leads the board's neglect strategy.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added the subgroup Neglect Strategy.")).to_be_visible()

    page.get_by_role("link", name=plan.title).first.click()
    page.get_by_role("link", name="History").click()
    expect(page.get_by_text("Objective 4: edited").first).to_be_visible()
    axe_check(page, "plan history")
    page.go_back()
    page.get_by_role("link", name="Delete objective 4").click()
    expect(page.get_by_text("Withdraw it instead")).to_be_visible()
    axe_check(page, "delete objective refused")
