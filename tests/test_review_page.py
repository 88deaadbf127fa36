import pytest
from django.urls import reverse

from reviews.models import Review

pytestmark = pytest.mark.django_db


def test_peer_review_page_lists_findings_and_the_objectives_answering_them(login, chair):
    pr = Review.objects.get(code="PR")
    page = login(chair).get(reverse("reporting:review", args=[pr.pk])).content.decode()
    assert "Review arrangements and capacity to undertake serious case reviews" in page
    assert "Kingston LSCB objective 15" in page


def test_review_page_runs_a_constant_number_of_queries(login, auditor, django_assert_num_queries):
    client = login(auditor)
    # 1 session, 2 user, 3 the review (own boards' or national; "has the user any board?" is an EXISTS inside
    # it), 4 the boards shown (the review's own, or for a national review every board the user may see),
    # 5 findings, 6 the objectives of those boards citing the review or answering one of its findings, with
    # which finding each answers, joined to their actions with each one's latest update and what its current state
    # keeps of its history, 7 the plans' own dates, 8 what the user's boards wrote of it (BoardResponse), 9 the
    # boards the user keeps (none: no links offered)
    for code in ["PR", "LR", "SCR"]:
        url = reverse("reporting:review", args=[Review.objects.get(code=code).pk])
        with django_assert_num_queries(9):
            assert client.get(url).status_code == 200
