"""Keyboard only: sign in, skip to the content, see where the focus is, open a plan, without a mouse."""

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from actions.models import Action
from reviews.models import Review

# what has the focus, and whether it can be seen: an outline or a box shadow, :focus-visible, in the viewport
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'), href: el.getAttribute('href'),
    type: el.getAttribute('type'),
    text: (el.innerText || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 80),
    inMain: !!el.closest('main'),
    focusVisible: el.matches(':focus-visible'),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
      ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` : null,
    // a shadow counts unless it is none or transparent and zero-sized (a transition's starting point)
    boxShadow: style.boxShadow !== 'none' && !/^rgba\\([^)]*, 0\\) 0px 0px 0px( 0px)?$/.test(style.boxShadow)
      ? style.boxShadow : null,
    inViewport: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < window.innerHeight && box.left < window.innerWidth,
  };
}"""
MAX_TAB_STOPS = 400
# Chromium's date and time fields take several Tab stops (day, month, year, then the calendar button); on
# the calendar button, inside the browser's own shadow DOM, the field no longer matches :focus-visible and
# Chromium draws its own focus ring round the button, which a page's script cannot read.
DATE_TYPES = ("date", "datetime-local", "month", "time", "week")


def focused(page):
    return page.evaluate(FOCUSED)


def describe(el):
    where = el["href"] or el["name"] or ""
    return f"<{el['tag']}{' #' + el['id'] if el['id'] else ''}> {where} {el['text']!r}"


def tab_until(page, matches, limit=60):
    """Press Tab until the focused element matches (it may already): return it, or fail after `limit`."""
    seen = []
    for _ in range(limit + 1):
        el = focused(page)
        if el and matches(el):
            return el
        seen.append(describe(el) if el else "(nothing)")
        page.keyboard.press("Tab")
    pytest.fail(f"not reached after {limit} Tabs; the focus went to:\n  " + "\n  ".join(seen))


def _same(a, b):
    return all(a[key] == b[key] for key in ("tag", "id", "name", "type", "href", "text"))


def assert_focus_visible(page, el):
    if not el["inViewport"]:  # Bootstrap scrolls smoothly: give the scroll to the focused element time to end
        try:
            page.wait_for_function(f"() => ({FOCUSED})()?.inViewport", timeout=5_000)  # slower on a busy machine
        except PlaywrightTimeoutError:
            pass
        el = focused(page)
    if el["tag"] in ("a", "button", "input", "select", "textarea", "summary"):
        assert el["outline"] or el["boxShadow"], f"no visible focus indicator on {describe(el)}"
        assert el["focusVisible"], f"{describe(el)} does not match :focus-visible after a Tab"
    assert el["inViewport"], f"the focused element is out of sight: {describe(el)}"


def test_sign_in_with_the_keyboard_alone(page, live_server, seed):
    page.goto("/accounts/login/")
    el = tab_until(page, lambda el: el["name"] == "login", limit=5)  # the login form focuses it on load
    assert_focus_visible(page, el)
    page.keyboard.type("kingston-chair")
    page.keyboard.press("Tab")
    el = focused(page)
    assert el["name"] == "password", el
    assert_focus_visible(page, el)
    page.keyboard.press("Tab")
    el = focused(page)
    assert el["tag"] == "button" and el["text"] == "Sign in", el
    assert_focus_visible(page, el)
    page.keyboard.press("Shift+Tab")
    assert focused(page)["name"] == "password"
    page.keyboard.type("safeguarding")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="My boards")).to_be_visible()
    assert page.url == live_server.url + reverse("home")


def _pages(kingston):
    plan = kingston.plans.get()
    action = Action.objects.get(objective__plan=plan, number="16.1")
    return {
        "board list": reverse("home"),
        "board page": reverse("reporting:board", args=[kingston.slug]),
        "plan page": reverse("reporting:plan", args=[plan.pk]),
        "action page": reverse("actions:detail", args=[action.pk]),
        "review page": reverse("reporting:review", args=[Review.objects.get(board=kingston, code="PR").pk]),
    }


PAGE_NAMES = ["board list", "board page", "plan page", "action page", "review page"]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_skip_link_first_and_the_focus_always_visible(signed_in, kingston, name):
    """The first Tab is the skip link, and Enter on it moves the focus to main; then Tab through the whole
    page: every link, button and field shows where the focus is, and is in sight."""
    page = signed_in("kingston-chair")
    # as for someone who asks for reduced motion: Bootstrap then scrolls to the focus at once, not smoothly, so
    # whether the focused element is in sight does not depend on how fast a busy machine animates the scroll
    page.emulate_media(reduced_motion="reduce")
    page.goto(_pages(kingston)[name])
    assert focused(page) is None
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip and skip["text"] == "Skip to main content" and skip["href"] == "#main", skip
    assert_focus_visible(page, skip)

    stops = [skip]
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        el = focused(page)
        if el is None or _same(el, skip):
            break  # past the last stop, or round to the first again
        if not (el["tag"] == "input" and el["type"] in DATE_TYPES and _same(el, stops[-1])):
            assert_focus_visible(page, el)
        stops.append(el)
    else:
        pytest.fail(f"more than {MAX_TAB_STOPS} Tab stops on the {name}")
    assert any(el["inMain"] for el in stops), f"no Tab stop in main: {[describe(e) for e in stops]}"

    page.reload()
    page.keyboard.press("Tab")
    assert _same(focused(page), skip)
    page.keyboard.press("Enter")
    el = focused(page)
    assert el and el["tag"] == "main" and el["id"] == "main", el
    page.keyboard.press("Tab")
    el = focused(page)
    assert el and el["inMain"], f"the Tab after the skip link left main: {el}"


def test_tab_reaches_the_plan_from_the_board_page_and_enter_opens_it(signed_in, kingston, live_server):
    plan = kingston.plans.get()
    url = reverse("reporting:plan", args=[plan.pk])
    page = signed_in("kingston-chair")
    page.goto(reverse("reporting:board", args=[kingston.slug]))
    el = tab_until(page, lambda el: el["href"] == url)
    assert el["text"] == plan.title
    assert_focus_visible(page, el)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name=plan.title)).to_be_visible()
    assert page.url == live_server.url + url
