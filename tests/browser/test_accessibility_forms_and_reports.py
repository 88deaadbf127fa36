"""axe-core on the pages people work in: forms with their errors shown, the lead's sheet, the chase list, the
dashboards, the auditor's filter and the printable reports. One sign-in per role, many pages each."""

from django.urls import reverse
from playwright.sync_api import expect

from actions.models import Action


def test_manager_pages(signed_in, axe_check, kingston):
    plan = kingston.plans.get()
    action = Action.objects.get(objective__plan=plan, number="4.2")
    page = signed_in("kingston-manager")

    page.goto(reverse("actions:progress", args=[action.pk]))
    page.get_by_label("Progress as at").fill("")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("Say what date this progress is as at.").first).to_be_visible()
    axe_check(page, "progress form with errors shown")

    page.goto(reverse("actions:edit", args=[action.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit outcome 4.2")
    axe_check(page, "edit outcome form")

    page.goto(reverse("plans:objective_edit", args=[action.objective_id]))
    axe_check(page, "edit objective form (sources and findings)")

    page.goto(reverse("actions:chase_list", args=["kingston"]))
    expect(page.get_by_role("heading", level=1, name="Chase list")).to_be_visible()
    axe_check(page, "chase list")

    page.goto(reverse("reporting:board_dashboard", args=["kingston"]))
    expect(page.locator("svg").first).to_be_visible()
    axe_check(page, "board dashboard (Kingston)")

    page.goto(reverse("reporting:quarterly", args=[plan.pk]) + "?quarter=2010-Q2")
    axe_check(page, "quarterly report, print page (Q2 2010/11)")

    page.goto(reverse("reporting:print", args=[plan.pk]))
    axe_check(page, "plan report, print page")


def test_lead_sheet_with_errors(signed_in, axe_check, kingston_in_force):
    page = signed_in("kingston-lead")
    page.get_by_role("link", name="My actions", exact=True).click()
    first = page.locator("fieldset").first
    first.get_by_label("Status").select_option(label="Ongoing")
    page.get_by_role("button", name="Record these updates").click()
    expect(page.get_by_text("Nothing has been saved")).to_be_visible()
    axe_check(page, "my actions (a row with errors)")


def test_auditor_pages(signed_in, axe_check):
    page = signed_in("auditor")
    page.goto(reverse("reporting:dashboard"))
    axe_check(page, "dashboard across boards (auditor)")
    page.goto(reverse("reporting:find") + "?source=PR")
    axe_check(page, "find actions with results")
    page.goto(reverse("reporting:reviews"))
    axe_check(page, "reviews list")
