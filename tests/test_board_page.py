import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_board_page_lists_agencies_subgroups_plans_and_the_source_key(login, chair):
    page = login(chair).get(reverse("reporting:board", args=["kingston"])).content.decode()
    for text in [
        "Metropolitan Police",
        "Faith Groups",
        "Serious case Reviews",
        "E- Safety",
        "Kingston LSCB Improvement Plan 2009-2010",
        "IDeA Peer Review",
        "Challenge and development day",
        "The Laming Review",
        "Working Together to Safeguard Children",
        "Four times a year",
    ]:
        assert text in page, text
    # a national review another board cites but Kingston does not is not in Kingston's source key
    assert "Victoria Climbié" not in page


def test_board_page_runs_a_constant_number_of_queries(login, auditor, django_assert_num_queries):
    client = login(auditor)
    # 1 session, 2 user, 3 board with the user's role on it (scoped: one join on the user's membership),
    # 4 plans with objective counts, 5 reviews (own and cited national) with finding counts, 6 their objectives on
    # this board, 7 agencies, 8 subgroups
    for slug in ["kingston", "llr", "leeds"]:
        with django_assert_num_queries(8):
            assert client.get(reverse("reporting:board", args=[slug])).status_code == 200


def test_board_page_lists_plans_newest_first_and_reviews_by_date(login, auditor, leeds):
    # Django drops Meta.ordering once a count is annotated: PostgreSQL then lists the groups in any order. Made in
    # the wrong order on purpose, so a page that follows the database's order fails here on SQLite as well.
    from datetime import date

    from plans.models import Plan
    from reviews.models import Review

    start = leeds.plans.order_by("-period_start").first().period_start
    for title in ("Zebra crossings plan", "Adoption plan"):
        Plan.objects.create(board=leeds, title=title, period_start=start, period_end=date(start.year + 3, 3, 31))
    for code, day in (("LATE", date(2030, 1, 1)), ("EARLY", date(1990, 1, 1))):
        Review.objects.create(board=leeds, code=code, title=f"Review {code}", kind=Review.Kind.OTHER, date=day)
    page = login(auditor).get(reverse("reporting:board", args=["leeds"])).content.decode()
    plans = [plan.title for plan in leeds.plans.order_by("-period_start", "title")]
    assert [page.index(f">{title}</a>") for title in plans] == sorted(page.index(f">{title}</a>") for title in plans)
    assert page.index(">Adoption plan</a>") < page.index(">Zebra crossings plan</a>")
    assert page.index(">Review EARLY</a>") < page.index(">Review LATE</a>")
