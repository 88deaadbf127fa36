"""A report pack in a real browser: while its boards are made the progress bar is moved by the vendored script (the
Content-Security-Policy allows no inline script), and once the last board is made the page shows the download.
WeasyPrint is stubbed; the tasks are run here, as a worker would run them. axe-core on the progress page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from packs import rendering, tasks
from packs.models import ReportPack, ReportPackPart


@pytest.fixture
def stub_pdf(monkeypatch):
    monkeypatch.setattr("reporting.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")
    monkeypatch.setattr(rendering, "pdf_of", lambda htmls, **kwargs: b"%PDF-1.7 stub")


def test_the_bar_moves_and_the_download_appears_when_the_pack_is_made(signed_in, axe_check, kingston, llr, stub_pdf):
    from django.contrib.auth import get_user_model

    page = signed_in("auditor")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    user = get_user_model().objects.get(username="auditor")
    pack = ReportPack.objects.create(created_by=user, quarter="2010-Q2", total=2)
    first, second = (ReportPackPart.objects.create(pack=pack, board=board) for board in (kingston, llr))  # queued

    page.goto(reverse("packs:detail", args=[pack.pk]))
    expect(page.get_by_label("Boards done")).to_have_attribute("value", "0")
    expect(page.get_by_role("status")).to_have_text("0 of 2 boards done (0%): waiting for a worker.")
    axe_check(page, "report pack: waiting for a worker (progress bar)")

    tasks.render_part.call(first.pk)  # what a worker runs
    expect(page.get_by_label("Boards done")).to_have_attribute("value", "1")
    expect(page.get_by_role("status")).to_have_text("1 of 2 boards done (50%): being made.")

    tasks.render_part.call(second.pk)  # the last board, then the zip: the page goes on to the download
    expect(page.get_by_role("link", name="Download quarterly-reports-2010-Q2.zip")).to_be_visible()
    expect(page.get_by_text("The pack is ready.")).to_be_visible()
    assert errors == []
