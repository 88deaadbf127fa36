"""axe-core on every page type there is: no serious or critical WCAG 2.2 A/AA violation on any of them."""

from django.urls import reverse
from playwright.sync_api import expect

from actions.models import Action
from plans.models import Plan
from reviews.models import Review


def test_login_page(page, axe_check):
    page.goto("/accounts/login/")
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    axe_check(page, "login")


def test_login_page_after_a_wrong_password(page, axe_check):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("kingston-chair")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    axe_check(page, "login, error after a wrong password")


def test_board_list(signed_in, axe_check, kingston):
    page = signed_in("auditor")
    expect(page.get_by_role("link", name=kingston.name)).to_be_visible()
    axe_check(page, "board list (auditor: three boards)")


def test_board_list_with_no_board(signed_in, axe_check):
    page = signed_in("outsider")
    expect(page.get_by_text("You hold no role on any board yet")).to_be_visible()
    axe_check(page, "board list (outsider: no board)")


def test_board_page(signed_in, axe_check, kingston):
    page = signed_in("kingston-chair")
    page.goto(reverse("reporting:board", args=[kingston.slug]))
    expect(page.get_by_role("heading", level=1, name=kingston.name)).to_be_visible()
    axe_check(page, "board page: Kingston")


def test_plan_page_kingston_layout(signed_in, axe_check, kingston):
    plan = kingston.plans.get()
    page = signed_in("kingston-chair")
    page.goto(reverse("reporting:plan", args=[plan.pk]))
    expect(page.get_by_role("heading", level=1, name=plan.title)).to_be_visible()
    axe_check(page, "plan page: Kingston (objectives layout)")


def test_plan_page_with_an_unreadable_date(signed_in, axe_check, kingston):
    plan = kingston.plans.get()
    page = signed_in("kingston-chair")
    page.goto(reverse("reporting:plan", args=[plan.pk]) + "?as_at=not-a-date")
    expect(page.get_by_role("heading", level=1, name=plan.title)).to_be_visible()
    axe_check(page, "plan page: Kingston, unreadable 'as at' date")


def test_plan_page_llr_layout(signed_in, axe_check, llr):
    plan = llr.plans.get()
    page = signed_in("llr-manager")
    page.goto(reverse("reporting:plan", args=[plan.pk]))
    expect(page.get_by_role("heading", level=1, name=plan.title)).to_be_visible()
    axe_check(page, "plan page: LLR (outcomes and method layout)")


def test_plan_page_leeds_with_key_risks(signed_in, axe_check, leeds):
    plan = Plan.objects.filter(board=leeds, risks__isnull=False).distinct().first() or leeds.plans.first()
    page = signed_in("leeds-manager")
    page.goto(reverse("reporting:plan", args=[plan.pk]))
    expect(page.get_by_role("heading", level=1, name=plan.title)).to_be_visible()
    axe_check(page, "plan page: Leeds (with key risks)")


def test_action_page(signed_in, axe_check, kingston):
    action = Action.objects.get(objective__plan__board=kingston, number="16.1")
    page = signed_in("kingston-lead")
    page.goto(reverse("actions:detail", args=[action.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("16.1")
    axe_check(page, "action page: Kingston 16.1")


def test_action_page_with_funding(signed_in, axe_check, llr):
    action = Action.objects.get(objective__plan__board=llr, number="2.1")
    page = signed_in("llr-manager")
    page.goto(reverse("actions:detail", args=[action.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("2.1")
    axe_check(page, "action page: LLR 2.1 (funding)")


def test_review_page_local(signed_in, axe_check, kingston):
    review = Review.objects.get(board=kingston, code="PR")
    page = signed_in("kingston-chair")
    page.goto(reverse("reporting:review", args=[review.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(review.title)
    axe_check(page, "review page: PR (Kingston's peer review)")


def test_review_page_national(signed_in, axe_check, seed):
    review = Review.objects.get(board__isnull=True, code="LR")
    page = signed_in("auditor")
    page.goto(reverse("reporting:review", args=[review.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(review.title)
    axe_check(page, "review page: LR (the national Laming Review)")


def test_review_page_national_summary_and_a_boards_own_trace(signed_in, axe_check, seed, monkeypatch):
    from reporting import trace

    monkeypatch.setattr(trace, "SIDE_BY_SIDE", 1)  # the auditor's three boards: more than fit, as 300 would be
    review = Review.objects.get(board__isnull=True, code="LR")
    review.findings.create(number="1", text="Collate more multi-agency needs assessment", order=1)
    page = signed_in("auditor")
    page.goto(reverse("reporting:review", args=[review.pk]))
    expect(page.get_by_role("heading", level=2, name="Board by board")).to_be_visible()
    axe_check(page, "review page: LR summarised board by board")
    page.locator("#boards-summary").get_by_role("link", name="Kingston LSCB").click()
    expect(page.get_by_text("Only Kingston LSCB is shown.")).to_be_visible()
    axe_check(page, "review page: LR, Kingston's own trace")
