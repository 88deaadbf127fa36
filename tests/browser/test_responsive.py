"""A phone-width screen (390 px): the page never scrolls sideways; a wide table scrolls in its own box."""

from django.urls import reverse
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}

WIDTHS = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  // the elements that stick out past the right edge, outermost first, for the failure message
  wider: [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5
      && !el.closest('.table-responsive-page, .table-responsive, .visually-hidden, .skip-link'))
    .slice(0, 8)
    .map(el => `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
      + `${el.className ? ' .' + String(el.className).trim().split(/\\s+/).join('.') : ''}>`
      + ` right=${Math.round(el.getBoundingClientRect().right)}`),
})"""


def assert_no_horizontal_scroll(page):
    widths = page.evaluate(WIDTHS)
    assert widths["scrollWidth"] <= widths["innerWidth"], (
        f"the page scrolls sideways at {widths['innerWidth']} px: it is {widths['scrollWidth']} px wide; "
        f"sticking out: {widths['wider']}"
    )


def test_board_list_at_390px(signed_in):
    page = signed_in("auditor")
    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_role("heading", level=1, name="My boards")).to_be_visible()
    assert_no_horizontal_scroll(page)


def test_kingston_plan_page_at_390px(signed_in, kingston):
    plan = kingston.plans.get()
    page = signed_in("kingston-chair")
    page.set_viewport_size(PHONE)
    page.goto(reverse("reporting:plan", args=[plan.pk]))
    expect(page.get_by_role("heading", level=1, name=plan.title)).to_be_visible()
    assert_no_horizontal_scroll(page)
    # the table is wider than the screen and scrolls inside its own container
    box = page.evaluate("""() => {
      const el = document.querySelector('.table-responsive-page');
      return {overflowX: getComputedStyle(el).overflowX, clientWidth: el.clientWidth};
    }""")
    assert box["overflowX"] in ("auto", "scroll"), box
    assert box["clientWidth"] <= PHONE["width"], box


NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 Reflow: 320 CSS px


def _pages(kingston):
    plan = kingston.plans.get()
    action = plan.objectives.order_by("order").first().actions.order_by("order").first()
    review = kingston.reviews.order_by("pk").first()
    return [
        reverse("home"),
        reverse("reporting:board", args=[kingston.slug]),
        reverse("reporting:plan", args=[plan.pk]),
        reverse("reporting:board_dashboard", args=[kingston.slug]),
        reverse("reporting:dashboard"),
        reverse("reporting:reviews"),
        reverse("reporting:review", args=[review.pk]),
        reverse("reporting:find"),
        reverse("reporting:print", args=[plan.pk]),
        reverse("reporting:quarterly", args=[plan.pk]) + "?quarter=2010-Q2",
        reverse("actions:detail", args=[action.pk]),
        reverse("actions:my_actions"),
        reverse("actions:chase_list", args=[kingston.slug]),
        reverse("packs:list"),
        reverse("imports:start", args=[kingston.slug]),
    ]


def test_every_page_reflows_at_320px(signed_in, kingston):
    page = signed_in("kingston-manager")
    page.set_viewport_size(NARROW)
    failures = []
    for url in _pages(kingston):
        page.goto(url)
        widths = page.evaluate(WIDTHS)
        if widths["scrollWidth"] > widths["innerWidth"]:
            failures.append(f"{url}: {widths['scrollWidth']} px wide; sticking out: {widths['wider']}")
    assert failures == [], "\n".join(failures)
