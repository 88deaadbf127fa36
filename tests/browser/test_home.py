"""The home page in a real browser: a manager reaches the chase list of a plan in force by clicking, and a lead
their progress form; both pages pass axe."""

from django.contrib.auth.models import User
from playwright.sync_api import expect

from boards.models import Board
from tests.test_home import make_plan


def test_manager_and_lead_start_the_quarter_from_the_home_page(signed_in, axe_check, context):
    lead = User.objects.get(username="kingston-lead")
    plan, actions = make_plan(Board.objects.get(slug="kingston"), "Business Plan (current)", 3, lead_user=lead)
    try:
        page = signed_in("kingston-manager")
        table = page.get_by_role("table", name="Outcomes updated and owing")
        expect(table).to_contain_text("Business Plan (current)")
        axe_check(page, "home page (manager, a plan in force)")
        page.get_by_role("link", name="Chase list for Kingston LSCB").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Chase list")
        expect(page.locator("main")).to_contain_text("kingston-lead (3 actions)")

        context.clear_cookies()
        page = signed_in("kingston-lead")
        expect(page.get_by_role("heading", name="Your outcomes owing an update")).to_be_visible()
        axe_check(page, "home page (lead, three outcomes owing)")
        page.get_by_role("link", name="Business Plan (current) 1.1").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Record progress on 1.1")
    finally:
        plan.delete()
