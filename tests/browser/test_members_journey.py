"""The board's people in a real browser: the manager reaches the Members page from the home page by clicking, invites
a new lead officer by email; the lead opens the emailed link, chooses a password, signs in and records progress on
the outcome they lead. The members page passes axe."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action


def test_a_manager_invites_a_lead_who_sets_a_password_and_records_progress(
    signed_in, browser, live_server, kingston, kingston_in_force, axe_check
):
    page = signed_in("kingston-manager")
    page.get_by_role("link", name=kingston.name).click()
    page.get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Members of")
    axe_check(page, "board members")
    page.get_by_label("Email address").fill("nia.lead@example.org")
    page.get_by_label("Full name").fill("Nia Lead")
    page.locator("#id_role").select_option(label="Lead officer")  # the invitation's role
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_role("status").first).to_contain_text("emailed them a link")
    expect(page.get_by_role("table")).to_contain_text("nia.lead@example.org")

    nia = get_user_model().objects.get(email="nia.lead@example.org")
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    action.lead_user = nia  # the manager names her lead of outcome 4.2
    action.save()
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[-1].body).group(0)

    lead_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    lead = lead_context.new_page()
    try:
        lead.goto(link)
        lead.get_by_label("New Password", exact=False).first.fill("Harbour-lights-62")
        lead.get_by_label("New Password (again)").fill("Harbour-lights-62")
        lead.get_by_role("button", name="Change password").click()
        lead.goto("/accounts/login/")
        lead.get_by_label("Username").fill(nia.username)
        lead.get_by_label("Password").fill("Harbour-lights-62")
        lead.get_by_role("button", name="Sign in").click()
        expect(lead.get_by_role("heading", level=1, name="My boards")).to_be_visible()
        lead.get_by_role("link", name="My actions").first.click()
        lead.get_by_role("link", name=re.compile(r" 4\.2$")).first.click()
        lead.get_by_role("link", name="Record progress").click()
        lead.get_by_label("Progress as at").fill(timezone.localdate().isoformat())  # a plan in force today
        lead.get_by_label("Status").select_option(label="In progress")
        lead.get_by_label("RAG rating").select_option(label="Amber")
        lead.get_by_label("Narrative").fill("First induction held")
        lead.get_by_label("Corrective action").fill("Two more induction dates")
        lead.get_by_role("button", name="Record progress").click()
        expect(lead.get_by_role("status").first).to_contain_text("Recorded progress on 4.2")
    finally:
        lead_context.close()
    assert action.updates.filter(author=nia, narrative="First induction held").exists()
