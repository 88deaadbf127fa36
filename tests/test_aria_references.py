"""Every ARIA reference on a page points at an element that is there: a screen reader told "described by
id_q_helptext" reads nothing when no element has that id (axe lists it for review; here it fails)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REFERENCE = re.compile(r'\b(aria-describedby|aria-labelledby|aria-controls|for)="([^"]+)"')


def missing_references(html):
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    return {ref for attr, refs in REFERENCE.findall(html) for ref in refs.split()} - ids


@pytest.mark.parametrize(
    ("persona", "name", "args", "query"),
    [
        ("auditor", "reporting:find", [], {}),
        ("auditor", "reporting:find", [], {"due_from": "not a date", "rag": "purple", "q": "training"}),
        ("auditor", "reporting:dashboard", [], {"quarter": "2010-Q5"}),
        ("manager", "reporting:board_dashboard", ["kingston"], {}),
        ("manager", "reporting:board", ["kingston"], {}),
        ("manager", "reporting:reviews", [], {}),
        ("manager", "actions:my_actions", [], {}),
        ("manager", "packs:list", [], {}),
    ],
)
def test_every_aria_reference_points_at_an_element(login, request, persona, name, args, query):
    html = login(request.getfixturevalue(persona)).get(reverse(name, args=args), query).content.decode()
    assert missing_references(html) == set()


def test_the_plan_pages_references_resolve(login, manager, seed):
    client = login(manager)
    for board in seed.values():
        for plan in board.plans.all():
            html = client.get(reverse("reporting:plan", args=[plan.pk]), {"as_at": "not a date"}).content.decode()
            assert missing_references(html) == set(), plan.title


def test_section_headings_head_groups_of_rows_not_column_groups_the_table_lacks(login, llr_manager, llr):
    html = (
        login(llr_manager).get(reverse("reporting:plan", args=[llr.plans.order_by("pk").first().pk])).content.decode()
    )
    assert 'scope="colgroup"' not in html or "<colgroup" in html
    assert 'scope="rowgroup"' in html  # LLR's CORE WORK and its themes
