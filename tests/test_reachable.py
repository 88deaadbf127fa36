"""Done means reachable: every named route a board's people use is linked from some template, so a page (or a
button) that nobody can click to fails here, whatever its own tests say. Routes that are not pages a person
opens by a link are listed with the reason."""

import re
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = {"boards", "reviews", "plans", "actions", "reporting", "imports", "packs"}
NOT_LINKED = {
    "imports:progress": "polled by static/js/progress.js from the import page, as JSON",
    "packs:progress": "polled by static/js/progress.js from the pack page, as JSON",
    "imports:confirm": "the preview's form posts to it (its action is built from the preview's own URL)",
}


def named_routes(patterns=None, namespace=None):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from named_routes(entry.url_patterns, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name and namespace in OUR_APPS:
            yield f"{namespace}:{entry.name}"


def template_text():
    return "\n".join(p.read_text() for p in (ROOT / "templates").rglob("*.html"))


def test_every_named_route_is_linked_from_a_template():
    text = template_text()
    routes = set(named_routes())
    assert len(routes) >= 30
    unlinked = {r for r in routes if not re.search(rf"""['"]{re.escape(r)}['"]""", text)} - set(NOT_LINKED)
    assert unlinked == set(), "link these from the page where their user looks for them, or say why not"


def test_the_exceptions_are_still_routes():
    assert set(NOT_LINKED) <= set(named_routes())
