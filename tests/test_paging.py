"""The links to the pages of a long list (lscb.paging, templates/_pagination.html): the first and last pages, two
either side of this one, the pages left out said so, Previous and Next, each link keeping the list's query."""

import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string

from lscb.paging import page_links

GAP = (None, None, False)


def test_a_middle_page_links_the_ends_its_neighbours_and_says_what_is_left_out():
    page = Paginator(range(1000), 10).get_page(50)
    links = page_links(page, "?rag=red&sort=rag")
    assert links["page_items"] == [
        (1, "?rag=red&sort=rag&page=1", False),
        GAP,
        *((n, f"?rag=red&sort=rag&page={n}", n == 50) for n in range(48, 53)),
        GAP,
        (100, "?rag=red&sort=rag&page=100", False),
    ]
    assert links["previous_link"] == "?rag=red&sort=rag&page=49"
    assert links["next_link"] == "?rag=red&sort=rag&page=51"


def test_the_first_and_last_pages_have_no_previous_and_no_next():
    first = page_links(Paginator(range(1000), 10).get_page(1), "")
    assert first["previous_link"] is None and first["next_link"] == "?page=2"
    assert first["page_items"][:4] == [(1, "?page=1", True), (2, "?page=2", False), (3, "?page=3", False), GAP]
    last = page_links(Paginator(range(1000), 10).get_page(100), "")
    assert last["next_link"] is None and last["previous_link"] == "?page=99"
    assert last["page_items"][-1] == (100, "?page=100", True)


def test_the_links_are_drawn_escaped_with_this_page_marked_and_the_gaps_said():
    html = render_to_string(
        "_pagination.html", {**page_links(Paginator(range(1000), 10).get_page(50), "?q=a"), "label": "Pages of results"}
    )
    assert '<nav aria-label="Pages of results">' in html
    assert '<a class="page-link" href="?q=a&amp;page=49">Previous</a>' in html
    assert '<a class="page-link" href="?q=a&amp;page=51">Next</a>' in html
    assert re.findall(
        r'<li class="page-item active"><a class="page-link" href="([^"]+)" aria-current="page">(\d+)<', html
    ) == [("?q=a&amp;page=50", "50")]
    assert html.count("(pages left out)") == 2
    assert re.findall(r">(\d+)</a>", html) == ["1", "48", "49", "50", "51", "52", "100"]


def test_a_list_of_one_page_draws_no_links():
    assert render_to_string("_pagination.html", page_links(Paginator(range(5), 10).get_page(1), "")).strip() == ""
