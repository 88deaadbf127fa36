"""The reports as PDF: the HTML of `reporting.reports`, rendered once by WeasyPrint, fetching nothing but our own
static files.

Safety. WeasyPrint fetches what a document points at (stylesheets, images, fonts, `<link rel="attachment">`
files it would embed) through a URL fetcher. Ours, `StaticFilesFetcher`, serves only URLs under STATIC_URL
on the document's own (made-up, unroutable) base URL, read from disk through the staticfiles finders; it
refuses everything else (file://, http(s):// elsewhere, data:, paths outside the static files, anything
that would climb out of them) and follows no redirect, since it never opens a connection. Each URL asked for
is recorded on the fetcher (`served`, `refused`) and each refusal is logged on the `reporting.pdf` logger. No
attachment is ever passed to WeasyPrint, and the reports' templates escape all user text (Django's
autoescape, never `|safe`), so a narrative reading `<link rel="attachment" href="file:///etc/passwd">` is
printed as those characters, not made into an element.

Cost. The HTML is built once and handed to WeasyPrint once; what WeasyPrint takes is the PDF's cost (about
half a second a landscape page). A benchmark can time `render_plan_pdf` against `html_to_pdf` (WeasyPrint on
the same string) with `plan_html` built beforehand.
"""

import logging
import mimetypes
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .reports import plan_html, quarterly_html

logger = logging.getLogger(__name__)

# The document's base URL: relative URLs (our `{% static %}` links) resolve against it. `.invalid` is reserved
# (RFC 2606): nothing there can ever be reached, and the fetcher never tries.
BASE_URL = "https://lscb-plan-tracker.invalid/"


class RefusedURL(ValueError):
    """WeasyPrint asked for something other than one of our static files."""


class StaticFilesFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves only the app's static files, from disk, and refuses all else."""

    def __init__(self):
        # no protocol allowed and no redirects, should anything ever reach URLFetcher's own opener
        super().__init__(allowed_protocols=(), allow_redirects=False, timeout=1)
        self.prefix = urljoin(BASE_URL, settings.STATIC_URL)
        self.served = []  # URLs served from the static files
        self.refused = []  # (URL, reason)

    def fetch(self, url, headers=None):
        try:
            path = self._static_file(url)
        except RefusedURL as refusal:
            self.refused.append((url, str(refusal)))
            logger.warning("PDF rendering: refused to fetch %.200r: %s", url, refusal)
            raise
        with open(path, "rb") as file:  # a path the finders gave
            body = file.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type == "image/svg+xml":
            content_type += "; charset=utf-8"
        self.served.append(url)
        logger.debug("PDF rendering: served %s from %s", url, path)
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    def open(self, url, data=None, timeout=None):  # URLFetcher's urllib entry point: same rules
        return self.fetch(getattr(url, "full_url", url))

    def _static_file(self, url):
        """The file on disk of a URL under STATIC_URL on our base URL; RefusedURL for anything else."""
        if not isinstance(url, str) or not url.startswith(self.prefix):
            raise RefusedURL("not one of the app's static files")
        parts = urlsplit(url)
        name = unquote(parts.path[len(urlsplit(self.prefix).path) :])
        pure = PurePosixPath(name)
        if (
            not name
            or name.startswith(("/", "\\"))
            or "\\" in name
            or "\x00" in name
            or any(part in ("..", ".") for part in pure.parts)
        ):
            raise RefusedURL("not a static file's path")
        try:
            path = finders.find(name) or self._collected_original(name)
        except SuspiciousFileOperation as error:
            raise RefusedURL("outside the static files") from error
        if not path:
            raise RefusedURL("no such static file")
        return path

    @staticmethod
    def _collected_original(name):
        """With a manifest storage (production), `{% static %}` names a hashed copy ('print.1a2b3c.css'):
        find the file it was made from."""
        hashed = getattr(staticfiles_storage, "hashed_files", None) or {}
        original = next((source for source, copy in hashed.items() if copy == name), None)
        return finders.find(original) if original else None


def _number(reference):
    """The object number of a pydyf reference (b'12 0 R')."""
    return int(bytes(reference).split()[0])


def running_heads_as_artifacts(document, pdf):
    """A WeasyPrint finisher: the page margins' text (the board, the as-at date, 'Page N of M' on every page) made
    an /Artifact, so that a screen reader does not read it out on every page.

    WeasyPrint 70 tags the margin boxes' text as marked content (/Span with an MCID) whose structure elements it
    keeps out of the structure tree (PDF 1.7 has no artifact structure element). Here, the MCIDs of each page
    that no element of the tree reaches are rewritten '/Artifact BMC' in the page's content stream, and their
    entries in the parent tree emptied."""
    if "StructTreeRoot" not in pdf.catalog:
        return
    root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    reachable, stack = set(), list(root["K"])
    while stack:
        kid = stack.pop()
        if not isinstance(kid, bytes):  # an MCID
            continue
        number = _number(kid)
        if number not in reachable:
            reachable.add(number)
            kids = getattr(pdf.objects[number], "get", lambda key: None)("K")
            stack.extend(kids if isinstance(kids, list) else ())
    nums = pdf.objects[_number(root["ParentTree"])]["Nums"]
    for page_number, elements in zip(nums[0::2], nums[1::2], strict=True):
        if not isinstance(elements, list):  # an annotation's entry, not a page's
            continue
        hidden = {mcid for mcid, element in enumerate(elements) if _number(element) not in reachable}
        if not hidden:
            continue
        page = pdf.objects[_number(pdf.page_references[page_number])]
        stream = pdf.objects[_number(page["Contents"])]
        items, rewritten, i = stream.stream, [], 0
        while i < len(items):
            marks = items[i + 1] if i + 2 < len(items) and items[i + 2] == b"BDC" else None
            if isinstance(marks, dict) and marks.get("MCID") in hidden:
                rewritten += ["/Artifact", b"BMC"]
                i += 3
            else:
                rewritten.append(items[i])
                i += 1
        stream.stream = rewritten
        for mcid in hidden:
            elements[mcid] = b"null"


# Every PDF the app makes is tagged PDF/UA-1 (published board papers must meet WCAG 2.2 AA): a structure tree in
# document order (headings, lists, tables with their header cells, figures with alternative text), /MarkInfo
# Marked, the title from <title> shown by viewers (DisplayDocTitle), /Lang from <html lang="en-GB">.
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html, *, fetcher=None, tagged=True):
    """One WeasyPrint render of an HTML string to PDF bytes, with the static-files-only fetcher and no
    attachments; tagged PDF/UA-1 (`tagged=False`, WeasyPrint's plain output, only for the benchmark's
    comparison)."""
    fetcher = fetcher or StaticFilesFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher, media_type="print")
    if not tagged:
        return document.write_pdf()
    return write_tagged(document.render(pdf_variant=PDF_VARIANT))


def render(html):
    """An HTML string laid out by WeasyPrint (with the static-files-only fetcher) for a tagged PDF: a
    `weasyprint.Document` whose pages can be joined with others' (`write_tagged`)."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher(), media_type="print").render(
        pdf_variant=PDF_VARIANT
    )


def write_tagged(document, *, title=None):
    """A laid-out `weasyprint.Document` as tagged PDF/UA-1 bytes; `title` (shown by viewers) replaces the one
    of its HTML's <title>."""
    if title:
        document.metadata.title = title
    return document.write_pdf(pdf_variant=PDF_VARIANT, finisher=running_heads_as_artifacts)


def render_plan_pdf(plan, as_at):
    """The plan in its board's layout with progress as at `as_at`, as PDF bytes."""
    return html_to_pdf(plan_html(plan, as_at))


def render_quarterly_pdf(plan, quarter):
    """The chair's quarterly report for `quarter` (an `actions.rag.Quarter`), as at its last day, as PDF
    bytes."""
    return html_to_pdf(quarterly_html(plan, quarter))
