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


def html_to_pdf(html, *, fetcher=None):
    """One WeasyPrint render of an HTML string to PDF bytes, with the static-files-only fetcher and no
    attachments."""
    fetcher = fetcher or StaticFilesFetcher()
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher, media_type="print").write_pdf()


def render_plan_pdf(plan, as_at):
    """The plan in its board's layout with progress as at `as_at`, as PDF bytes."""
    return html_to_pdf(plan_html(plan, as_at))


def render_quarterly_pdf(plan, quarter):
    """The chair's quarterly report for `quarter` (an `actions.rag.Quarter`), as at its last day, as PDF
    bytes."""
    return html_to_pdf(quarterly_html(plan, quarter))
