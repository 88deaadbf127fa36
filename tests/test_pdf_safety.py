"""Rendering is safe: user text prints as text, WeasyPrint fetches nothing but our own static files, and
nothing is embedded in the PDF.

A narrative that reads like markup (`<link rel="attachment" href="file:///etc/passwd">`, an image from the
cloud metadata address) is escaped by the templates, so it prints as those characters; the fetcher is never
asked for it (a spy on the fetcher records every URL WeasyPrint asks for); the PDF holds no embedded file.
And should markup ever reach WeasyPrint, the fetcher refuses it: file://, http(s)://, data:, paths outside
the static files.
"""

import logging
from datetime import date

import pytest
from django.urls import reverse
from weasyprint.urls import URLFetcherResponse

from actions import rag
from actions.models import RAG, Action, ProgressUpdate, Status
from reporting import pdf

from .pdf_helpers import pdf_bytes_and_streams, pdf_text, squash

pytestmark = pytest.mark.django_db

ATTACHMENT = '<link rel="attachment" href="file:///etc/passwd">'
METADATA = '<img src="http://169.254.169.254/latest/meta-data/">'
STYLE = "<style>@import url(https://evil.example/x.css);</style>"
NARRATIVE = f"Corrective action {ATTACHMENT} then {METADATA} and {STYLE} end."
STATIC = pdf.BASE_URL + "static/"


@pytest.fixture
def malicious_update(kingston_plan, manager):
    action = Action.objects.get(objective__plan=kingston_plan, number="6.1")
    return ProgressUpdate.objects.create(
        action=action,
        as_at=date(2010, 9, 30),
        status=Status.IN_PROGRESS,
        rag=RAG.AMBER,
        narrative=NARRATIVE,
        corrective_action=NARRATIVE,
        author=manager,
    )


@pytest.fixture
def asked(monkeypatch):
    """Every URL WeasyPrint asks the fetcher for, served or refused."""
    urls = []
    fetch = pdf.StaticFilesFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(pdf.StaticFilesFetcher, "fetch", spy)
    return urls


def test_a_malicious_narrative_prints_as_text_and_fetches_nothing(kingston_plan, malicious_update, asked, caplog):
    caplog.set_level(logging.DEBUG, logger="reporting.pdf")
    content = pdf.render_plan_pdf(kingston_plan, date(2010, 9, 30))
    text = pdf_text(content)
    # printed as the characters typed (the narrative may wrap, so compare without whitespace)
    for markup in (ATTACHMENT, METADATA, STYLE):
        assert squash(markup) in squash(text)
    # WeasyPrint asked for our stylesheet and nothing else
    assert asked == [STATIC + "css/print.css"]
    assert not [r for r in caplog.records if "refused" in r.getMessage()]
    # nothing embedded, no link to the addresses
    searched = pdf_bytes_and_streams(content)
    assert b"/EmbeddedFile" not in searched and b"/Filespec" not in searched
    assert b"/URI" not in searched


def test_the_quarterly_report_prints_it_as_text_too(kingston_plan, malicious_update, asked):
    content = pdf.render_quarterly_pdf(kingston_plan, rag.Quarter(2010, 2))
    text = squash(pdf_text(content))
    assert text.count(squash(ATTACHMENT)) == 2  # an exception's corrective action (Amber), and the plan table
    assert asked == [STATIC + "css/print.css"]
    searched = pdf_bytes_and_streams(content)
    assert b"/EmbeddedFile" not in searched and b"/Filespec" not in searched


def test_the_print_pages_escape_it(login, chair, kingston_plan, malicious_update):
    client = login(chair)
    for url, query in (
        (reverse("reporting:print", args=[kingston_plan.pk]), {}),
        (reverse("reporting:quarterly", args=[kingston_plan.pk]), {"quarter": "2010-Q2"}),
    ):
        page = client.get(url, query).content.decode()
        assert "&lt;link rel=&quot;attachment&quot; href=&quot;file:///etc/passwd&quot;&gt;" in page
        assert '<link rel="attachment"' not in page and "<img" not in page
        assert "evil.example/x.css);</style>" not in page


def test_even_raw_markup_given_to_weasyprint_cannot_fetch_or_embed(caplog):
    """Defence in depth: were markup ever to reach WeasyPrint unescaped, the fetcher still refuses it."""
    caplog.set_level(logging.WARNING, logger="reporting.pdf")
    fetcher = pdf.StaticFilesFetcher()
    html = (
        '<!doctype html><html><head><link rel="attachment" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="https://evil.example/x.css">'
        '<link rel="stylesheet" href="/static/css/print.css"></head><body><p>Hello</p>'
        '<img src="http://169.254.169.254/latest/meta-data/"><img src="file:///etc/hostname">'
        '<img src="data:image/png;base64,iVBORw0KGgo="><img src="/static/../../etc/passwd">'
        '<img src="/media/evidence/2010/09/report.pdf"></body></html>'
    )
    content = pdf.html_to_pdf(html, fetcher=fetcher)
    assert fetcher.served == [STATIC + "css/print.css"]
    refused = [url for url, _ in fetcher.refused]
    for url in (
        "file:///etc/passwd",
        "https://evil.example/x.css",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/hostname",
        "data:image/png;base64,iVBORw0KGgo=",
        pdf.BASE_URL + "media/evidence/2010/09/report.pdf",
    ):
        assert url in refused, url
    assert not any("etc/passwd" in url for url in fetcher.served)
    assert any("refused to fetch 'file:///etc/passwd'" in r.getMessage() for r in caplog.records)
    searched = pdf_bytes_and_streams(content)
    assert b"/EmbeddedFile" not in searched and b"/Filespec" not in searched
    assert "Hello" in pdf_text(content)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/static/css/print.css",  # our own file, but not by URL
        "http://169.254.169.254/latest/meta-data/",
        "http://lscb-plan-tracker.invalid/static/css/print.css",  # the right path on another origin
        "https://example.com/static/css/print.css",
        "https://lscb-plan-tracker.invalid.example.com/static/css/print.css",
        "data:text/css,body{}",
        pdf.BASE_URL + "media/evidence/2010/09/report.pdf",
        pdf.BASE_URL + "accounts/login/",
        STATIC,
        STATIC + "../../../etc/passwd",
        STATIC + "%2e%2e/%2e%2e/etc/passwd",
        STATIC + "css/%2e%2e/%2e%2e/lscb/settings/base.py",
        STATIC + "%2Fetc%2Fpasswd",
        STATIC + "css\\..\\..\\manage.py",
        STATIC + "css/does-not-exist.css",
    ],
)
def test_the_fetcher_refuses_all_but_static_files(url):
    fetcher = pdf.StaticFilesFetcher()
    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused[0][0] == url and fetcher.served == []


def test_the_fetcher_serves_static_files_from_disk():
    fetcher = pdf.StaticFilesFetcher()
    response = fetcher.fetch(STATIC + "css/print.css?v=1")
    assert isinstance(response, URLFetcherResponse)
    assert response.content_type == "text/css" and response.charset == "utf-8"
    assert b"@page" in response.read()
    response.close()
    assert fetcher.served == [STATIC + "css/print.css?v=1"] and fetcher.refused == []


def test_no_attachment_is_ever_passed(monkeypatch, kingston_plan):
    """We call write_pdf with no attachments (and WeasyPrint finds no <link rel=attachment>: all escaped)."""
    from weasyprint.document import Document

    calls = []
    original = Document.write_pdf

    def write_pdf(self, *args, **kwargs):
        calls.append(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Document, "write_pdf", write_pdf)
    pdf.html_to_pdf('<html lang="en-GB"><p>Plain</p></html>')
    # tagged PDF/UA-1, and nothing else asked of WeasyPrint: no attachments
    assert calls == [{"pdf_variant": "pdf/ua-1", "finisher": pdf.running_heads_as_artifacts}]
