"""The quarter's sign-off in a real browser: the manager submits Q2 2010/11 of Kingston's plan from its quarterly
report, the chair signs it off with a commentary, then downloads the frozen report, labelled as signed off."""

from playwright.sync_api import expect

from actions.models import QuarterSignoff
from tests.pdf_helpers import norm, pdf_text

PLAN = "Kingston LSCB Improvement Plan 2009-2010"


def open_q2_report(page):
    page.get_by_role("link", name="Kingston Local Safeguarding Children Board").click()
    page.get_by_role("link", name=PLAN).first.click()
    page.get_by_label("Chair's quarterly report for").select_option("2010-Q2")
    page.get_by_role("button", name="Print-friendly page").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Chair's quarterly report: Q2 2010/11")


def test_manager_submits_chair_signs_off_and_downloads_the_frozen_report(signed_in, axe_check):
    page = signed_in("kingston-manager")
    open_q2_report(page)
    expect(page.locator("nav")).to_contain_text("Not submitted for sign-off.")
    page.get_by_role("link", name="Submit Q2 2010/11 for sign-off").click()
    axe_check(page, "submit a quarter for sign-off")
    page.get_by_label("Your commentary for the chair (optional)").fill("Training is behind; the rest on track.")
    page.get_by_role("button", name="Submit Q2 2010/11").click()
    expect(page.get_by_role("status").first).to_contain_text("Submitted Q2 2010/11 for the chair's sign-off.")
    expect(page.locator("nav")).to_contain_text("Submitted by kingston-manager")

    page.context.clear_cookies()
    page = signed_in("kingston-chair")
    open_q2_report(page)
    page.get_by_role("link", name="Sign off Q2 2010/11").click()
    axe_check(page, "sign off a quarter")
    page.get_by_label("Agreed at the board meeting of").fill("2010-10-12")
    page.get_by_label("The chair's commentary (optional)").fill("Agreed by the board; chase the training group.")
    page.get_by_role("button", name="Sign off Q2 2010/11").click(timeout=90_000)  # renders the frozen PDF: seconds
    expect(page.get_by_role("status").first).to_contain_text("Q2 2010/11 signed off on")
    expect(page.locator("main")).to_contain_text("agreed at the board meeting of 12 October 2010")
    expect(page.locator("main")).to_contain_text("Agreed by the board; chase the training group.")
    axe_check(page, "a signed-off quarterly report")

    with page.expect_download(timeout=90_000) as download_info:
        page.get_by_role("link", name="Download this report as a PDF").click()
    content = open(download_info.value.path(), "rb").read()
    signoff = QuarterSignoff.objects.get()
    assert content == bytes(signoff.pdf)
    text = norm(pdf_text(content))
    assert f"Signed off on {signoff.signed_off_at:%-d %B %Y} by kingston-chair" in text
    assert "Agreed by the board; chase the training group." in text
