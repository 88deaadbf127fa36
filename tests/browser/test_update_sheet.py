"""The manager's quarterly run in a real browser: every outcome of a current plan in one submit, from the plan page."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from actions.models import ProgressUpdate
from boards.models import Board
from tests.helpers import make_current_plan


def test_manager_fills_the_update_sheet_in_one_submit_and_a_row_in_error_keeps_every_row(signed_in, axe_check):
    plan, actions = make_current_plan(Board.objects.get(slug="kingston"), outcomes=5)
    page = signed_in("kingston-manager")
    page.get_by_role("link", name="Kingston Local Safeguarding Children Board").click()
    page.get_by_role("link", name="Business Plan (current)").click()
    page.get_by_role("link", name="Update sheet (this quarter)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Update sheet: Business Plan (current)")
    rows = page.locator("form[method=post] fieldset")
    expect(rows).to_have_count(5)
    expect(rows.nth(0)).to_contain_text("Last quarter: In progress, Amber")
    expect(rows.nth(0)).to_contain_text("training venue not yet booked")
    axe_check(page, "update sheet (a current plan, five outcomes)")
    for i in range(5):
        row = rows.nth(i)
        row.get_by_label("Status").select_option(label="Ongoing")
        row.get_by_label("RAG rating").select_option(label="Red" if i == 3 else "Green")
        row.get_by_label("Narrative").fill(f"Quarter note {i}")
    page.get_by_role("button", name="Record these updates").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Nothing has been saved: 1 row needs attention")
    assert not ProgressUpdate.objects.filter(narrative__startswith="Quarter note").exists()
    for i in range(5):  # every row's input is still there
        expect(rows.nth(i).get_by_label("Narrative")).to_have_value(f"Quarter note {i}")
    expect(rows.nth(3).get_by_label("RAG rating")).to_have_value("red")
    axe_check(page, "update sheet with a row in error")
    link = summary.get_by_role("link", name="Outcome 1.4")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"#outcome-{actions[3].pk}$"))
    page.locator(f"#outcome-{actions[3].pk}").get_by_label("Corrective action").fill("Escalated to the chair")
    page.get_by_role("button", name="Record these updates").click()

    expect(page.get_by_role("status").first).to_contain_text("Recorded 5 progress updates")
    updates = ProgressUpdate.objects.filter(narrative__startswith="Quarter note").select_related("author")
    assert sorted(u.narrative for u in updates) == [f"Quarter note {i}" for i in range(5)]
    assert {(u.author.username, u.as_at) for u in updates} == {("kingston-manager", timezone.localdate())}
    assert updates.get(action=actions[3]).corrective_action == "Escalated to the chair"
    expect(rows.first).to_contain_text("Updated this quarter")
