"""A board manager keeps the board's reviews and findings in the browser, and links a finding that no objective
answers to an objective from the review page. Other boards 404, read-only roles 403, and nothing is written."""

import pytest
from django.urls import reverse

from plans.models import Objective
from reviews.models import Finding, Review
from tests.helpers import page_text, row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def pr():
    return Review.objects.get(code="PR")


def test_manager_adds_a_review_from_the_board_page_and_its_findings_from_the_review_page(login, manager, kingston):
    client = login(manager)
    board_page = client.get(reverse("reporting:board", args=["kingston"])).content.decode()
    assert reverse("reviews:create", args=["kingston"]) in board_page
    response = client.post(
        reverse("reviews:create", args=["kingston"]),
        {"code": "JAR", "title": "Joint Area Review", "kind": "inspection", "date": "2008-11-01", "summary": "Two"},
    )
    review = Review.objects.get(board=kingston, code="JAR")
    assert response.url == reverse("reporting:review", args=[review.pk])
    page = client.get(response.url).content.decode()
    assert reverse("reviews:finding_create", args=[review.pk]) in page
    for number, text in [("1", "Thresholds unclear"), ("2", "Audit weak"), ("3", "Training patchy")]:
        client.post(reverse("reviews:finding_create", args=[review.pk]), {"number": number, "text": text})
    assert list(review.findings.values_list("number", flat=True)) == ["1", "2", "3"]
    page = page_text(client.get(reverse("reporting:review", args=[review.pk])))
    assert "3 of 3 findings are answered by no objective" in page
    # the audit trail: who added it
    assert review.history.get().history_user == manager
    assert review.findings.get(number="2").history.get().history_user == manager


def test_manager_edits_a_review_and_a_finding(login, manager, pr):
    client = login(manager)
    page = client.get(reverse("reporting:review", args=[pr.pk])).content.decode()
    finding = pr.findings.first()
    assert reverse("reviews:edit", args=[pr.pk]) in page
    assert reverse("reviews:finding_edit", args=[finding.pk]) in page
    data = {
        "code": "PR",
        "title": "IDeA Peer Review (revised)",
        "kind": pr.kind,
        "date": pr.date.isoformat() if pr.date else "",
        "date_as_written": pr.date_as_written,
        "summary": pr.summary,
    }
    client.post(reverse("reviews:edit", args=[pr.pk]), data)
    client.post(reverse("reviews:finding_edit", args=[finding.pk]), {"number": finding.number, "text": "Reworded"})
    pr.refresh_from_db()
    finding.refresh_from_db()
    assert pr.title == "IDeA Peer Review (revised)" and finding.text == "Reworded"
    changed = pr.history.latest()
    assert changed.history_user == manager
    assert [c.field for c in changed.diff_against(changed.prev_record).changes] == ["title"]


def test_a_code_or_number_already_used_is_refused_by_name_and_nothing_is_written(login, manager, kingston, pr):
    client = login(manager)
    before = row_counts()
    data = {"code": "PR", "title": "Another", "kind": "inspection"}
    response = client.post(reverse("reviews:create", args=["kingston"]), data)
    assert "The board already has a review coded “PR”" in page_text(response)
    taken = pr.findings.first().number
    response = client.post(reverse("reviews:finding_create", args=[pr.pk]), {"number": taken, "text": "x"})
    assert f"This review already has a finding numbered “{taken}”" in page_text(response)
    response = client.post(reverse("reviews:finding_create", args=[pr.pk]), {"number": "", "text": ""})
    assert "Give the finding its number as the review writes it" in page_text(response)
    assert row_counts() == before


@pytest.mark.parametrize("persona", ["chair", "auditor", "lead"])
def test_read_only_roles_get_403_and_nothing_is_written(request, login, persona, pr):
    client = login(request.getfixturevalue(persona))
    finding = pr.findings.first()
    before = row_counts()
    page = client.get(reverse("reporting:review", args=[pr.pk])).content.decode()
    assert reverse("reviews:edit", args=[pr.pk]) not in page and "finding-link" not in page
    for url in [
        reverse("reviews:create", args=["kingston"]),
        reverse("reviews:edit", args=[pr.pk]),
        reverse("reviews:finding_create", args=[pr.pk]),
        reverse("reviews:finding_edit", args=[finding.pk]),
        reverse("plans:finding_link", args=[finding.pk]),
    ]:
        assert (
            client.post(url, {"code": "Z", "title": "Z", "kind": "other", "number": "9", "text": "Z"}).status_code
            == 403
        )
    assert row_counts() == before


def test_another_boards_manager_gets_404(login, llr_manager, pr):
    client = login(llr_manager)
    finding = pr.findings.first()
    for url in [
        reverse("reviews:edit", args=[pr.pk]),
        reverse("reviews:finding_create", args=[pr.pk]),
        reverse("reviews:finding_edit", args=[finding.pk]),
        reverse("plans:finding_link", args=[finding.pk]),
    ]:
        assert client.get(url).status_code == 404
    assert client.get(reverse("reviews:create", args=["kingston"])).status_code == 404


def test_a_national_review_is_not_kept_by_a_board_manager(login, manager):
    laming = Review.objects.get(code="LR")
    assert laming.is_national
    client = login(manager)
    assert client.get(reverse("reviews:edit", args=[laming.pk])).status_code == 403
    assert "review-controls" not in client.get(reverse("reporting:review", args=[laming.pk])).content.decode()


def test_manager_links_an_unanswered_finding_to_an_objective_on_the_review_page(login, manager, chair, kingston, pr):
    finding = Finding.objects.create(review=pr, number="99", text="Nobody answers this yet", order=99)
    client = login(manager)
    page = client.get(reverse("reporting:review", args=[pr.pk])).content.decode()
    assert reverse("plans:finding_link", args=[finding.pk]) in page
    objective = Objective.objects.filter(plan__board=kingston).exclude(sources=pr).first()
    response = client.post(reverse("plans:finding_link", args=[finding.pk]), {"objective": objective.pk})
    assert response.status_code == 302
    assert finding in objective.findings.all() and pr in objective.sources.all()
    text = page_text(client.get(response.url))
    assert f"Finding 99 is now answered by objective {objective.number}" in text
    assert objective.history.latest().history_user == manager  # on the objective's audit trail


def test_linking_without_an_objective_or_to_another_boards_is_refused_by_name(login, manager, llr, pr):
    finding = Finding.objects.create(review=pr, number="98", text="Unanswered", order=98)
    client = login(manager)
    before = row_counts()
    response = client.post(reverse("plans:finding_link", args=[finding.pk]), {}, follow=True)
    assert "Finding 98 was not linked: Choose the objective that answers this finding." in page_text(response)
    theirs = Objective.objects.filter(plan__board=llr).first()
    response = client.post(reverse("plans:finding_link", args=[finding.pk]), {"objective": theirs.pk}, follow=True)
    assert "Choose one of the board's objectives from the list." in page_text(response)
    assert row_counts() == before


def test_the_review_list_offers_a_new_review_to_managers_only(login, manager, chair):
    url = reverse("reviews:create", args=["kingston"])
    assert url in login(manager).get(reverse("reporting:reviews")).content.decode()
    assert url not in login(chair).get(reverse("reporting:reviews")).content.decode()


def test_review_page_with_its_keeping_links_runs_a_constant_number_of_queries(
    login, manager, pr, django_assert_num_queries
):
    for n in range(3):
        Finding.objects.create(review=pr, number=f"9{n}", text="Unanswered", order=90 + n)
    client = login(manager)
    # 1 session, 2 user, 3 the review, 4 the boards shown, 5 findings, 6 the objectives citing it or answering
    # one of its findings, with which finding each answers, joined to their actions with each one's latest update
    # and what its current state keeps of its history, 7 the plans' own dates, 8 the board's response, 9 the boards
    # the user keeps, 10 their objectives to link a finding to
    with django_assert_num_queries(10):
        page = client.get(reverse("reporting:review", args=[pr.pk])).content.decode()
    assert page.count('class="mt-2 finding-link"') >= 3
