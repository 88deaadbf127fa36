"""The browser suite's axe check itself: it fails a page for a violation of any impact, and for an ARIA reference
axe can only mark "needs review" (an `aria-describedby` naming an id that is not on the page), which a screen
reader user meets as a field whose error or help is never read out."""

import pytest

from .a11y import axe_check

PAGE = """<!doctype html><html lang="en"><head><title>Check</title></head><body>{}</body></html>"""


def test_a_clean_page_passes(page):
    page.set_content(PAGE.format('<main><h1>Plan</h1><label for="a">Title</label> <input id="a"></main>'))
    assert axe_check(page, "a clean page").failing == []


def test_a_dangling_aria_describedby_fails(page):
    page.set_content(
        PAGE.format('<main><h1>Plan</h1><label for="a">Title</label> <input id="a" aria-describedby="a_error"></main>')
    )
    with pytest.raises(pytest.fail.Exception, match=r"aria-valid-attr-value[\s\S]*#a"):
        axe_check(page, "a field pointing at an error that is not there")


def test_a_moderate_violation_fails(page):
    # no <main> landmark and no h1: best-practice rules of moderate impact, once only listed
    page.set_content(PAGE.format("<p>Plan text outside any landmark</p>"))
    with pytest.raises(pytest.fail.Exception, match=r"\[moderate\]"):
        axe_check(page, "content outside landmarks")
