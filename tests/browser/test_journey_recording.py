"""Recording progress in a real browser: the manager's Red update on 4.2, the lead's quarterly sheet in one submit."""

import re

from playwright.sync_api import expect

from actions.models import Action, ProgressUpdate


def test_manager_records_a_red_update_on_4_2_and_the_plan_page_shows_it(signed_in, axe_check):
    page = signed_in("kingston-manager")
    page.get_by_role("link", name="Kingston Local Safeguarding Children Board").click()
    page.get_by_role("link", name="Kingston LSCB Improvement Plan 2009-2010").click()
    page.get_by_role("link", name="4.2", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Develop an Induction programme for new members.")
    page.get_by_role("link", name="Record progress").click()
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_label("RAG rating").select_option(label="Red")
    page.get_by_label("Narrative").fill("Induction programme stalled: no trainer since the restructure")
    page.get_by_label("Corrective action").fill("Trainer borrowed from the council's training team")
    page.get_by_role("button", name="Record progress").click()
    # the plan's period ended in 2011 and the progress is as at today: the form asks why, naming the end date
    reason = page.get_by_label("This plan ended on 31 March 2011: why record progress after it?")
    expect(reason).to_have_accessible_description(re.compile(r"The plan's period ended on 31 March 2011"))
    axe_check(page, "progress form asking why it is recorded after the plan's end")
    page.get_by_label("Status").focus()
    page.keyboard.press("Shift+Tab")  # by keyboard: the reason sits under the as-at date, before the status
    expect(reason).to_be_focused()
    reason.fill("The board keeps the induction on this plan until its successor is approved")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_role("status").first).to_contain_text("Recorded progress on 4.2")
    expect(page.locator("main")).to_contain_text(
        "Recorded after the plan's period ended on 31 March 2011: The board keeps the induction on this plan"
    )
    page.get_by_role("link", name="Kingston LSCB Improvement Plan 2009-2010").click()
    expect(page.locator("main")).to_contain_text("Induction programme stalled: no trainer since the restructure")
    row = page.locator("tr", has_text="Induction programme stalled")
    expect(row).to_contain_text(re.compile(r"Red"))
    update = ProgressUpdate.objects.get(narrative__startswith="Induction programme stalled")
    assert (update.rag, update.status, update.author.username) == ("red", "in_progress", "kingston-manager")


def test_lead_records_every_action_they_lead_in_one_submit(signed_in, kingston_in_force):
    page = signed_in("kingston-lead")
    page.get_by_role("link", name="My actions", exact=True).click()
    groups = page.locator("fieldset")
    expect(groups).to_have_count(5)
    for i in range(5):
        row = groups.nth(i)
        row.get_by_label("Status").select_option(label="Ongoing")
        row.get_by_label("RAG rating").select_option(label="Green")
        row.get_by_label("Narrative").fill(f"On track, quarter note {i}")
    page.get_by_role("button", name="Record these updates").click()
    expect(page.get_by_role("status").first).to_contain_text("Recorded 5 progress updates.")
    led = Action.objects.filter(lead_user__username="kingston-lead")
    assert ProgressUpdate.objects.filter(action__in=led, narrative__startswith="On track, quarter note").count() == 5
