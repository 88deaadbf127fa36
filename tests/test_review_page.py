import pytest
from django.urls import reverse

from reviews.models import Review

pytestmark = pytest.mark.django_db


def test_peer_review_page_lists_findings_and_the_objectives_answering_them(login, chair):
    pr = Review.objects.get(code="PR")
    page = login(chair).get(reverse("reviews:detail", args=[pr.pk])).content.decode()
    assert "Review arrangements and capacity to undertake serious case reviews" in page
    assert "Kingston LSCB objective 15" in page


def test_review_page_runs_a_constant_number_of_queries(login, auditor, django_assert_num_queries):
    client = login(auditor)
    # 1 session, 2 user, 3 does the user have any board, 4 the review (own boards' or national),
    # 5 findings, 6 the visible objectives answering each finding, 7 visible objectives citing the review
    for code in ["PR", "LR", "SCR"]:
        url = reverse("reviews:detail", args=[Review.objects.get(code=code).pk])
        with django_assert_num_queries(7):
            assert client.get(url).status_code == 200
