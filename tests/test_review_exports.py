"""A review's trace for an inspector's evidence file: a tagged PDF and a CSV of what the review page shows, with
the page's access (another board's local review a 404; of a national review only the user's boards) and its
`?as_at=`; both linked from the review page."""

import csv
import io
import logging
from datetime import date

import pikepdf
import pytest
from django.urls import reverse

from actions import rag
from actions.models import Action
from plans.models import Objective
from reviews.models import Review
from tests.pdf_helpers import norm, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def stub_pdf(monkeypatch):
    """The HTML handed to WeasyPrint, instead of its seconds of rendering (one test renders for real)."""
    rendered = []

    def fake(html, **kwargs):
        rendered.append(html)
        return b"%PDF-1.7 stub"

    monkeypatch.setattr("reporting.pdf.html_to_pdf", fake)
    return rendered


def url(name, code, **params):
    path = reverse(f"reporting:{name}", args=[Review.objects.get(code=code).pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_an_auditor_downloads_the_peer_reviews_trace_as_csv(login, auditor, kingston, caplog):
    client = login(auditor)
    with caplog.at_level(logging.INFO, logger="lscb.security"):
        response = client.get(url("review_csv", "PR"))
    assert 'filename="review-pr-trace.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    pr = Review.objects.get(code="PR")
    actions = Action.objects.filter(objective__plan__board=kingston, objective__findings__review=pr).distinct()
    ratings = rag.ratings_for(actions, date(2010, 9, 30))
    assert {row["Board"] for row in rows} == {kingston.name}
    # every finding, every objective answering it and every one of their outcomes, with status and RAG
    for finding in pr.findings.all():
        for objective in Objective.objects.filter(findings=finding):
            for action in objective.actions.all():
                matches = [
                    r
                    for r in rows
                    if r["Finding"].startswith(f"{finding.number}. ")
                    and r["Objective"] == objective.number
                    and r["Outcome"] == action.number
                    and r["Outcome text"] == action.text  # the document numbers two outcomes of objective 9 "9.2"
                ]
                [row] = matches
                assert row["Plan"] == objective.plan.title
                assert row["Status"] == ratings[action.pk].status_label
                assert row["RAG"] == ratings[action.pk].letter
                assert row["As at"] == "2010-09-30"
    # the objectives citing it without answering a finding are there too
    assert any(row["Finding"] == "None: cites the review" for row in rows)
    assert "export" in caplog.text and "review trace CSV" in caplog.text and "user=auditor" in caplog.text


def test_the_csv_honours_the_pages_as_at(login, auditor):
    rows = csv_rows(login(auditor).get(url("review_csv", "PR", as_at="2010-03-31")))
    assert rows and {row["As at"] for row in rows} == {"2010-03-31"}


def test_a_date_that_is_not_one_exports_nothing_and_says_why(login, auditor, stub_pdf):
    client = login(auditor)
    for name in ("review_csv", "review_pdf"):
        response = client.get(url(name, "PR", as_at="2010-02-30"))
        assert response.status_code == 400
        assert "As at: “2010-02-30” is not a date" in response.content.decode()
    assert stub_pdf == []


def test_an_auditor_downloads_the_peer_reviews_trace_as_a_tagged_pdf(login, auditor, kingston):
    """One real render: the PDF is tagged (structure tree, en-GB) and holds the objectives answering the review."""
    response = login(auditor).get(url("review_pdf", "PR"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="review-pr-trace.pdf"' in response["Content-Disposition"]
    with pikepdf.open(io.BytesIO(response.content)) as document:
        assert "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == "en-GB"
        assert "/Table" in {str(e.get("/S")) for e in _elements(document.Root.StructTreeRoot)}
    text = pdf_text(response.content)
    assert "What became of the findings" in text
    pr = Review.objects.get(code="PR")
    for objective in Objective.objects.filter(findings__review=pr).distinct():
        assert norm(objective.display_title)[:30] in text


def _elements(root):
    stack = [root]
    while stack:
        element = stack.pop()
        yield element
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)


def test_the_pdf_is_built_from_the_print_document_with_a_captioned_table(login, auditor, stub_pdf):
    response = login(auditor).get(url("review_pdf", "PR", as_at="2010-03-31"))
    assert response.status_code == 200 and response.content == b"%PDF-1.7 stub"
    [html] = stub_pdf
    assert '<html lang="en-GB">' in html
    assert "<title>PR: " in html and "as at 31 March 2010" in html
    assert "<caption>" in html and '<th scope="col">Outcome text</th>' in html


@pytest.fixture
def llr_objective_citing_laming(llr):
    objective = Objective.objects.filter(plan__board=llr).order_by("pk").first()
    objective.sources.add(Review.objects.get(code="LR"))
    return objective


def test_the_llr_manager_gets_only_llrs_objectives_of_the_national_laming_review(
    login, llr_manager, kingston, llr_objective_citing_laming, stub_pdf
):
    client = login(llr_manager)
    response = client.get(url("review_csv", "LR"))
    rows = csv_rows(response)
    assert {row["Board"] for row in rows} == {llr_objective_citing_laming.plan.board.name}
    assert {row["Objective"] for row in rows} == {llr_objective_citing_laming.number}
    assert client.get(url("review_pdf", "LR")).status_code == 200
    [html] = stub_pdf
    assert llr_objective_citing_laming.display_title[:30] in html
    for content in (response.content.decode(), html):
        assert "Kingston" not in content
        assert "section 32 of the Annual Report" not in content  # Kingston's own response to Laming
        for objective in Objective.objects.filter(plan__board=kingston):
            assert objective.title[:40] not in content
        for action in Action.objects.filter(objective__plan__board=kingston):
            assert action.text[:50] not in content


def test_an_outsider_and_another_boards_manager_get_404(login, outsider, llr_manager, stub_pdf):
    for user, code in ((outsider, "PR"), (outsider, "LR"), (llr_manager, "PR")):
        client = login(user)
        for name in ("review_csv", "review_pdf"):
            assert client.get(url(name, code)).status_code == 404, (user, code, name)
    assert stub_pdf == []


def test_the_csv_runs_a_constant_number_of_queries(login, auditor, django_assert_num_queries):
    client = login(auditor)
    # 1 session, 2 user, 3 the review (own boards' or national), 4 the boards shown, 5 findings, 6 the objectives
    # of those boards citing the review or answering one of its findings, with which finding each answers, joined
    # to their actions with each one's latest update and what its current state keeps of its history, 7 the plans'
    # own dates
    for code in ["PR", "LR", "SCR"]:
        address = url("review_csv", code)
        with django_assert_num_queries(7):
            assert client.get(address).status_code == 200


def test_the_review_page_links_both_downloads_with_its_date(login, chair):
    client = login(chair)
    pr = Review.objects.get(code="PR")
    html = client.get(reverse("reporting:review", args=[pr.pk])).content.decode()
    assert f'<a href="/reviews/{pr.pk}/trace.pdf">PDF of this review\'s trace</a>' in html
    assert f'<a href="/reviews/{pr.pk}/trace.csv">CSV of this review\'s trace</a>' in html
    html = client.get(reverse("reporting:review", args=[pr.pk]), {"as_at": "2010-03-31"}).content.decode()
    assert f'href="/reviews/{pr.pk}/trace.pdf?as_at=2010-03-31"' in html
    assert f'href="/reviews/{pr.pk}/trace.csv?as_at=2010-03-31"' in html
