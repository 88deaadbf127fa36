"""A list shown a page at a time: what templates/_pagination.html needs to link its pages."""


def page_links(page, query):
    """The context of templates/_pagination.html for `page` (a Django Page), whose links end in `query` (the
    list's query string without its page, "" or "?..."): the first and last pages and two either side of this
    one (90,000 actions are 1,800 pages), each as (its number, its link, whether it is this page), (None, None,
    False) for the pages left out; and the links to the previous and next pages (None at either end). Each link
    is written here once, not worked out by the template a page at a time."""
    paginator = page.paginator

    def link(number):
        return f"{query}&page={number}" if query else f"?page={number}"

    return {
        "page": page,
        "page_items": [
            (None, None, False) if number == paginator.ELLIPSIS else (number, link(number), number == page.number)
            for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ],
        "previous_link": link(page.previous_page_number()) if page.has_previous() else None,
        "next_link": link(page.next_page_number()) if page.has_next() else None,
    }
