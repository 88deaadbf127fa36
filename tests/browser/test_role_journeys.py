"""Each role starts at the home page and reaches every page it uses by clicking links and buttons only: the only
typed address is the sign-in page. Every page reached passes axe (tests/browser/a11y.py). A page that a role needs
but that nothing links to fails here, as the outcome and review pages once would have.

Inviting a member by email is proven by test_members_journey.py; renumbering and moving by keyboard by
test_plan_editing_by_clicking.py; subgroups, the plan's history and the delete page by
test_reference_data_by_clicking.py."""

import re
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action
from boards.access import boards_readable_by
from plans.models import Objective
from reporting.dashboards import cross_board_rows
from reviews.models import Review
from tests.test_dashboards import add_boards


def _back_to_plan(page, plan):
    """From any page under the plan, its breadcrumb back to the plan page."""
    page.get_by_role("navigation", name=re.compile("readcrumb")).get_by_role("link", name=plan.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)


def test_manager_keeps_the_plan_and_the_reviews_by_clicking(signed_in, kingston, kingston_in_force, axe_check):
    plan = kingston_in_force
    page = signed_in("kingston-manager", through_form=True)
    axe_check(page, "home (manager)")
    page.get_by_role("link", name=kingston.name).click()
    axe_check(page, "board page (manager)")
    page.get_by_role("link", name=plan.title).first.click()
    axe_check(page, "plan page (manager)")

    # a new objective
    page.get_by_role("link", name="Add an objective").click()
    axe_check(page, "new objective form")
    page.get_by_label("Title").fill("Neglect is recognised early by every agency")
    page.get_by_role("button", name="Save").click()
    objective = Objective.objects.get(plan=plan, title="Neglect is recognised early by every agency")
    expect(page.get_by_role("status").first).to_contain_text(f"Added objective {objective.number}")

    # two outcomes under it
    texts = ["A neglect toolkit for every agency", "Neglect training for two hundred front-line staff"]
    for text in texts:
        page.get_by_role("link", name=f"Add an outcome to objective {objective.number}").click()
        axe_check(page, "new outcome form")
        page.get_by_role("textbox", name=re.compile(r"^Outcome")).fill(text)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("status").first).to_contain_text("Added outcome")
        axe_check(page, "outcome page (manager)")
        _back_to_plan(page, plan)
    first, second = (Action.objects.get(objective=objective, text=text) for text in texts)

    # edit one
    page.get_by_role("link", name=f"Edit outcome {first.number}").click()
    axe_check(page, "edit outcome form")
    page.get_by_role("textbox", name=re.compile(r"^Outcome")).fill("A neglect toolkit adopted by every agency")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Saved outcome {first.number}")
    first.refresh_from_db()
    assert first.text == "A neglect toolkit adopted by every agency"

    # move one
    _back_to_plan(page, plan)
    page.get_by_role("button", name=f"Move up outcome {second.number}").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Moved outcome {second.number} up")
    order = list(Action.objects.filter(objective=objective).order_by("order").values_list("pk", flat=True))
    assert order == [second.pk, first.pk]

    # withdraw one, with its reason
    page.get_by_role("link", name=f"Withdraw outcome {first.number}").click()
    axe_check(page, "withdraw outcome form")
    page.get_by_label("Why is it withdrawn?").fill("Replaced by the county's neglect toolkit")
    page.get_by_role("button", name="Withdraw outcome").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Withdrew outcome {first.number}")
    first.refresh_from_db()
    assert first.withdrawn_on == timezone.localdate()
    assert first.withdrawn_reason == "Replaced by the county's neglect toolkit"

    # a review with three findings, one linked to the new objective from the review page
    page.get_by_role("navigation", name=re.compile("readcrumb")).get_by_role(
        "link", name=kingston.short_name, exact=True
    ).click()
    page.get_by_role("link", name="New review").click()
    axe_check(page, "new review form")
    page.get_by_label("Code").fill("NSR")
    page.get_by_label("Title").fill("Neglect Strategy Review")
    page.get_by_label("Kind").select_option(label="Inspection")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Neglect Strategy Review")
    for number, text in [("1", "Neglect is seen late"), ("2", "Toolkits differ"), ("3", "Training is patchy")]:
        page.get_by_role("link", name=re.compile(r"^Add (a|the first) finding")).first.click()
        if number == "1":
            axe_check(page, "new finding form")
        page.get_by_label("Number").fill(number)
        page.get_by_label("Text").fill(text)
        page.get_by_role("button", name="Save").click()
    review = Review.objects.get(board=kingston, code="NSR")
    assert list(review.findings.order_by("number").values_list("text", flat=True)) == [
        "Neglect is seen late",
        "Toolkits differ",
        "Training is patchy",
    ]
    axe_check(page, "review page with findings to link")
    page.get_by_label("Objective of Kingston LSCB that answers finding 2").select_option(str(objective.pk))
    page.get_by_role("button", name="Link finding 2").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"Finding 2 is now answered by objective {objective.number}"
    )
    assert list(objective.findings.values_list("text", flat=True)) == ["Toolkits differ"]

    # the board's members
    page.get_by_role("navigation", name=re.compile("readcrumb")).get_by_role(
        "link", name=kingston.short_name, exact=True
    ).click()
    page.get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Members of")
    axe_check(page, "members (manager)")


def test_lead_records_progress_from_my_actions_by_clicking(signed_in, kingston, kingston_in_force, axe_check):
    page = signed_in("kingston-lead", through_form=True)
    axe_check(page, "home (lead)")
    page.get_by_role("link", name="My actions", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My actions")
    axe_check(page, "my actions (lead)")
    page.get_by_role("link", name=re.compile(rf"^{re.escape(kingston.short_name)} \d+\.\d+$")).first.click()
    number = page.get_by_role("heading", level=1).inner_text()
    action = Action.objects.get(
        objective__plan=kingston_in_force, number=re.search(r"\d+\.\d+", number.split("\n")[0]).group(0)
    )
    axe_check(page, "outcome page (lead)")
    expect(page.get_by_role("link", name="Edit outcome")).to_have_count(0)  # a lead records, never edits
    page.get_by_role("link", name="Record progress").click()
    axe_check(page, "record progress form (lead)")
    page.get_by_label("Progress as at").fill(timezone.localdate().isoformat())
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_label("RAG rating").select_option(label="Green")
    page.get_by_label("Narrative").fill("Every agency has named a neglect champion")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_role("status").first).to_contain_text(f"Recorded progress on {action.number}")
    axe_check(page, "outcome page after recording (lead)")
    assert action.updates.filter(
        narrative="Every agency has named a neglect champion", author__username="kingston-lead"
    )


def test_chair_reads_the_dashboard_the_plan_and_its_quarterly_report_by_clicking(
    signed_in, kingston, kingston_in_force, axe_check
):
    plan = kingston_in_force
    page = signed_in("kingston-chair", through_form=True)
    axe_check(page, "home (chair)")
    page.get_by_role("link", name=kingston.name).click()
    axe_check(page, "board page (chair)")
    expect(page.get_by_role("link", name="New review")).to_have_count(0)  # the chair reads; the manager keeps
    page.get_by_role("main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("dashboard")
    axe_check(page, "board dashboard (chair)")
    # the direction of travel lists the actions that moved; every action is one click away, in Find actions
    page.get_by_role("link", name=re.compile(r"^this plan's actions as at .+, Red first$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find actions")
    expect(page.get_by_label("Plan", exact=True)).to_have_value(str(plan.pk))
    expect(page.get_by_label("Sort by")).to_have_value("rag")
    page.go_back()
    page.get_by_role("navigation", name=re.compile("readcrumb")).get_by_role(
        "link", name=kingston.short_name, exact=True
    ).click()
    page.get_by_role("link", name=plan.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(plan.title)
    axe_check(page, "plan page (chair)")
    expect(page.get_by_role("link", name="Add an objective")).to_have_count(0)
    expect(page.get_by_role("link", name="PDF of the plan")).to_have_attribute(
        "href", re.compile(r"/print\.pdf\?as_at=")
    )
    expect(page.get_by_role("button", name="PDF of the quarterly report")).to_be_visible()
    page.get_by_role("button", name="Print-friendly page").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chair's quarterly report")
    axe_check(page, "quarterly report page (chair)")
    expect(page.get_by_role("link", name="Download this report as a PDF")).to_have_attribute(
        "href", re.compile(r"quarter=\d{4}-Q[1-4]")
    )


def test_auditor_finds_actions_reads_a_review_trace_and_exports_by_clicking(signed_in, kingston, axe_check):
    page = signed_in("auditor", through_form=True)
    axe_check(page, "home (auditor)")
    page.get_by_role("link", name="Find actions").click()
    axe_check(page, "find actions (auditor)")
    page.get_by_label("Source (code)").select_option("PR")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("main")).to_contain_text("37 actions")
    axe_check(page, "find actions with results (auditor)")
    expect(page.get_by_role("link", name="Excel (XLSX)").first).to_have_attribute("href", re.compile(r"source=PR"))
    expect(page.get_by_role("link", name="CSV").first).to_have_attribute("href", re.compile(r"source=PR"))
    page.get_by_role("main").get_by_role("link", name="Reviews").click()
    axe_check(page, "reviews (auditor)")
    expect(page.get_by_role("link", name=re.compile("^New review"))).to_have_count(0)
    review = Review.objects.filter(board=kingston, code="PR").get()
    page.get_by_role("link", name=review.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(review.title)
    axe_check(page, "review trace (auditor)")
    expect(page.get_by_role("link", name="CSV of this review's trace")).to_be_visible()
    expect(page.get_by_role("link", name="Add a finding")).to_have_count(0)


def test_auditor_reads_a_boards_plan_in_force_then_every_plan_by_clicking(signed_in, leeds, axe_check):
    """Leeds keeps three plans, none in force: its dashboard shows the most recent and says so; Every plan shows
    the three, one plan's link that plan alone."""
    plans = list(leeds.plans.order_by("-period_end", "title"))
    page = signed_in("auditor")
    page.get_by_role("link", name=leeds.name).click()
    page.get_by_role("main").get_by_role("link", name="Dashboard").click()
    sections = page.locator("main h2.h4")
    expect(sections).to_have_text([plans[0].title])
    expect(page.locator("main")).to_contain_text("None of the board's plans is in force today")
    picker = page.get_by_role("navigation", name="Plans of the board")
    expect(picker.get_by_role("link", name="Plans in force")).to_have_attribute("aria-current", "page")
    picker.get_by_role("link", name="Every plan").click()
    expect(sections).to_have_count(3)
    expect(picker.get_by_role("link", name="Every plan")).to_have_attribute("aria-current", "page")
    axe_check(page, "board dashboard, every plan (auditor)")
    picker.get_by_role("link", name=plans[-1].title).click()
    expect(sections).to_have_text([plans[-1].title])


def test_auditor_of_thirty_boards_reads_them_together_then_a_page_at_a_time_by_clicking(signed_in, axe_check):
    """30 boards: the dashboard across boards heads each page with all of them together, then 25 boards a page;
    the second page holds the seed boards, whose dashboard links keep the date chosen."""
    add_boards(27, get_user_model().objects.get(username="auditor"))
    page = signed_in("auditor")
    page.get_by_role("link", name="Dashboard across my boards").click()
    page.get_by_label("or the end of the quarter").fill("2010-Q2")
    page.get_by_role("button", name="Show").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("rowheader")).to_have_count(26)
    expect(table.get_by_role("rowheader").first).to_have_text("All 30 boards (every page)")
    pages = page.get_by_role("navigation", name="Pages of boards")
    expect(pages.get_by_role("link", name="1", exact=True)).to_have_attribute("aria-current", "page")
    pages.get_by_role("link", name="2", exact=True).click()
    expect(table.get_by_role("rowheader")).to_have_count(6)
    expect(table.get_by_role("rowheader").first).to_have_text("All 30 boards (every page)")
    expect(pages.get_by_role("link", name="2", exact=True)).to_have_attribute("aria-current", "page")
    axe_check(page, "dashboard across boards, second page of boards (auditor)")
    table.get_by_role("link", name="Dashboard of Kingston LSCB").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kingston Local Safeguarding Children Board: dashboard")
    expect(page).to_have_url(re.compile(r"/boards/kingston/dashboard/\?quarter=2010-Q2$"))
    # back to the boards, the most Red first: the heading of the column sorts by it
    page.go_back()
    auditor = get_user_model().objects.get(username="auditor")
    reddest = max(cross_board_rows(boards_readable_by(auditor), date(2010, 9, 30)), key=lambda row: row.roll_up.red)
    table.get_by_role("link", name="Red (R)").click()
    expect(table.get_by_role("columnheader", name="Red (R)")).to_have_attribute("aria-sort", "descending")
    assert reddest.board.name != "Extra Board 00"  # not the first by name
    expect(table.get_by_role("rowheader").nth(1)).to_have_text(reddest.board.name)
    expect(pages.get_by_role("link", name="2", exact=True)).to_have_attribute(
        "href", "?quarter=2010-Q2&sort=red&page=2"
    )
