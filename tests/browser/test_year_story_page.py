"""axe-core on the year's story, reached by keyboard from the plan page's Print block; with a bad year, the
message and the chooser."""

from django.urls import reverse
from playwright.sync_api import expect


def test_the_years_story_from_the_plan_page(signed_in, axe_check, kingston):
    plan = kingston.plans.get()
    page = signed_in("kingston-chair")
    page.goto(reverse("reporting:plan", args=[plan.pk]))
    link = page.get_by_role("link", name="financial year 2010/11")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("The year's story: financial year 2010/11")
    axe_check(page, "the year's story, print page (2010/11)")

    page.goto(reverse("reporting:year", args=[plan.pk]) + "?year=2030-31")
    expect(page.get_by_text("is not a financial year of this plan")).to_be_visible()
    axe_check(page, "the year's story with a bad year")
