"""Nothing typed is lost: a lead's progress form survives the session expiring mid-typing (the browser keeps a
draft, the sign-in returns to the form through ?next=, the form offers the draft back), and the idle warning
offers to stay signed in."""

from playwright.sync_api import expect

from actions.models import Action, ProgressUpdate
from tests.browser.conftest import DEMO_PASSWORD

NARRATIVE = "Audit of section 11 returns half done: the rest by the January board"
REASON = "The audit started under this plan and finishes under it"
DRAFTS = "() => Object.keys(localStorage).filter(k => k.startsWith('lscb-draft:')).length"


def test_a_progress_form_comes_back_filled_after_the_session_expired(signed_in, context, axe_check):
    page = signed_in("kingston-lead")
    action = Action.objects.filter(lead_user__username="kingston-lead").order_by("pk").first()
    page.goto(f"/actions/{action.pk}/progress/")
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_label("RAG rating").select_option(label="Amber")
    page.get_by_label("Narrative").fill(NARRATIVE)
    page.get_by_label("Corrective action").fill("Chasing the audit dates")
    page.get_by_label("why record progress after it?").fill(REASON)  # Kingston's plan ended in 2011
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.startsWith('lscb-draft:'))")

    context.clear_cookies(name="sessionid")  # the session expired while the lead was typing
    page.get_by_role("button", name="Record progress").click()

    expect(page).to_have_url(f"/accounts/login/?next=/actions/{action.pk}/progress/")
    page.get_by_label("Username").fill("kingston-lead")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Record progress on {action.number}")
    assert not ProgressUpdate.objects.filter(narrative=NARRATIVE).exists()
    expect(page.get_by_role("status").filter(has_text="Restore what you typed on")).to_be_visible()
    axe_check(page, "progress form offering a draft back")
    page.get_by_role("button", name="Restore").click()
    expect(page.get_by_label("Narrative")).to_have_value(NARRATIVE)
    expect(page.get_by_label("RAG rating")).to_have_value("amber")
    expect(page.get_by_label("Corrective action")).to_have_value("Chasing the audit dates")
    expect(page.get_by_label("why record progress after it?")).to_have_value(REASON)
    page.get_by_role("button", name="Record progress").click()

    expect(page.get_by_role("status").first).to_contain_text(f"Recorded progress on {action.number}")
    update = ProgressUpdate.objects.get(narrative=NARRATIVE)
    assert (update.action, update.status, update.rag, update.author.username) == (
        action,
        "in_progress",
        "amber",
        "kingston-lead",
    )
    # saved: the draft is gone, and the form opened again offers nothing back
    assert page.evaluate(DRAFTS) == 0
    page.goto(f"/actions/{action.pk}/progress/")
    expect(page.get_by_label("Narrative")).to_have_value("")
    expect(page.get_by_role("button", name="Restore")).to_have_count(0)


def test_the_idle_warning_offers_to_stay_signed_in(signed_in, context, axe_check):
    page = signed_in("kingston-lead")
    page.clock.install()
    page.goto("/actions/mine/")
    warning = page.get_by_role("alertdialog", name="You will be signed out soon")
    page.clock.fast_forward("24:00")
    expect(warning).to_have_count(0)
    page.clock.fast_forward("01:01")  # 25 minutes idle: five before the 30-minute sign-out
    expect(warning).to_be_visible()
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    axe_check(page, "idle warning")
    page.keyboard.press("Enter")
    expect(warning).to_have_count(0)  # the keep-alive answered: the timer starts again

    page.clock.fast_forward("25:01")
    expect(warning).to_be_visible()
    context.clear_cookies(name="sessionid")  # signed out meanwhile (another tab, the absolute limit)
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_contain_text("You have been signed out. What you typed is kept in this browser")
    expect(page.get_by_role("link", name="Sign in again")).to_have_attribute(
        "href", "/accounts/login/?next=%2Factions%2Fmine%2F"
    )


def test_signing_out_forgets_what_was_typed(signed_in, kingston_in_force):
    page = signed_in("kingston-lead")
    page.get_by_role("link", name="My actions", exact=True).click()
    page.get_by_label("Narrative").first.fill("Half a sentence about the audit")
    page.wait_for_function("() => Object.keys(localStorage).some(k => k.startsWith('lscb-draft:'))")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/accounts/login/")
    assert page.evaluate(DRAFTS) == 0


def test_a_save_still_pending_when_signing_out_does_not_bring_the_draft_back(signed_in, kingston_in_force):
    """Clicking Sign out blurs the field just typed in, whose change event schedules a save (300 ms later): on a
    slow sign-out that save used to land after the drafts were forgotten, leaving the text on a shared computer."""
    page = signed_in("kingston-lead")
    page.clock.install()
    page.get_by_role("link", name="My actions", exact=True).click()
    narrative = page.get_by_label("Narrative").first
    narrative.fill("Half a sentence about the audit")
    page.clock.fast_forward(1000)
    assert page.evaluate(DRAFTS) == 1
    # the sign-out held back, as a slow server holds it: the form's submit is sent, the page stays
    page.evaluate(
        "() => document.querySelector('form[data-sign-out]').addEventListener('submit', e => e.preventDefault())"
    )
    narrative.dispatch_event("change")
    page.evaluate("() => document.querySelector('form[data-sign-out]').requestSubmit()")
    page.clock.fast_forward(1000)
    assert page.evaluate(DRAFTS) == 0
