"""A list shown a page at a time: what templates/_pagination.html needs to link its pages."""


def page_links(page, query):
    """The context of templates/_pagination.html for `page` (a Django Page), whose links end in `query` (the
    list's query string without its page, "" or "?..."): the first and last pages and two either side of this
    one (90,000 actions are 1,800 pages)."""
    return {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "ellipsis": page.paginator.ELLIPSIS,
        "page_query": query,
    }
