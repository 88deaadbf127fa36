"""Kingston's points on the Laming review are Kingston's own response (its Annual Report, section 32), not the
national review's findings: Kingston's members read them, nobody on LLR or Leeds does, on any page, PDF, pack
or export. Every GET route is walked as the LLR and the Leeds manager, with the HTML of every PDF captured."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from actions.quarters import quarter_of
from packs.rendering import board_quarterly_pdf
from reviews.models import Review
from tests.helpers import page_text
from tests.test_url_matrix import all_patterns, build_url, ids_for

pytestmark = pytest.mark.django_db

KINGSTONS_POINTS = [
    "The LSCB has recognised the need to collate more multi-agency based needs assessment",
    "The LSCB together with the QA Framework will receive performance information",
    "The LSCB is planning to develop a Lead Child Protection Training Group",
    "The LSCB is going to review its chairing arrangements within the next 6 months.",
    "In future the LSCB will provide an annual report on the effectiveness of safeguarding to the Trust Board",
    "Kingston’s response is detailed in section 32 of the Annual Report",
]


@pytest.fixture
def pdf_html(monkeypatch):
    """Every HTML document sent to WeasyPrint, instead of rendering it."""
    captured = []

    def capture(html, **kwargs):
        captured.append(html)
        return b"%PDF-1.7 captured"

    monkeypatch.setattr("reporting.pdf.html_to_pdf", capture)
    return captured


def kingstons_words_in(text):
    return [point for point in KINGSTONS_POINTS if point in text]


@pytest.mark.parametrize("username", ["llr-manager", "leeds-manager"])
def test_no_llr_or_leeds_user_reads_kingstons_points_anywhere(seed, username, pdf_html):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    board = user.memberships.get().board
    objects = ids_for(board)
    laming = Review.objects.get(code="LR")
    urls = {reverse("reporting:review", args=[laming.pk])}  # the national review, shared by every board
    for route, _entry in all_patterns():
        url = build_url(route, board, objects)
        if url:
            urls.add(url)
    assert len(urls) >= 30
    seen = 0
    for url in sorted(urls):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 200 and not response.streaming:
            body = response.content.decode("utf-8", errors="replace")
            assert kingstons_words_in(body) == [], f"{username} reads Kingston's words at {url}"
            seen += 1
    for html in pdf_html:
        assert kingstons_words_in(html) == [], f"{username} reads Kingston's words in a PDF"
    # the board's quarterly pack PDF, as the pack task renders it
    for plan in board.plans.all():
        board_quarterly_pdf(board, quarter_of(plan.period_start))
    assert pdf_html and all(kingstons_words_in(html) == [] for html in pdf_html)
    assert seen >= 20


def test_the_laming_review_page_tells_llr_nothing_is_unanswered(login, llr_manager):
    text = page_text(login(llr_manager).get(reverse("reporting:review", args=[Review.objects.get(code="LR").pk])))
    assert "answered by no objective" not in text
    assert "No findings recorded." in text


def test_kingstons_members_read_its_response_on_the_review_page_and_in_its_plan_report(login, chair, kingston):
    laming = reverse("reporting:review", args=[Review.objects.get(code="LR").pk])
    text = page_text(login(chair).get(laming))
    assert kingstons_words_in(text) == KINGSTONS_POINTS
    plan = kingston.plans.get()
    from reporting.reports import plan_html

    assert kingstons_words_in(plan_html(plan, plan.period_end)) == KINGSTONS_POINTS
