"""The auditors' filter's lists at national scale: whether each capped list (plans, sections, objectives, reviews,
findings, lead users, subgroups) fits is read with the user's boards, in their one query; a list that fits is then
read in one query, a list too long in none, so the page runs no more queries at 300 boards than at 3 (and at national
scale, where every list is too long, the same at any size); a list too long says to narrow first. The lists are made
'too long' here by a small cap."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actions.models import Action
from boards.models import Board, Membership, Subgroup
from plans.models import Objective, Plan, Section
from reporting.filters import ActionFilter, CappedModelChoiceField
from reviews.models import Finding, Review
from tests.test_audit_filter import count_of, row_ids

pytestmark = pytest.mark.django_db

CAPPED = ("plan", "section", "objective", "review", "finding", "lead_user", "subgroup")
# 1 session, 2 user, 3 the codes and kinds of the visible reviews, 4 the span of the user's plans (the quarters
# offered), 5 the user's boards (the Board list, the order of the pages) with each one's number of actions (kept in
# actions.ActionCount) and how many options each capped list has (up to its cap + 1), 6 the page's actions, 7 the
# own dates of their plans, 8 their latest updates
TOO_LONG_QUERIES = 8
# and 9-15 the capped lists that fit, one query each: plans, sections, objectives, reviews, findings, lead users,
# subgroups
FIRST_PAGE_QUERIES = TOO_LONG_QUERIES + len(CAPPED)


def _options(response, name):
    return len(response.context["form"].fields[name].choices) - 1  # the first says "any"


@pytest.mark.parametrize("who", ["llr_manager", "auditor"])  # one board, three boards
def test_lists_too_long_are_not_read(login, who, request, monkeypatch, django_assert_num_queries):
    client = login(request.getfixturevalue(who))
    with django_assert_num_queries(FIRST_PAGE_QUERIES):
        fitting = client.get(reverse("reporting:find"))
    assert "too many to list" not in fitting.content.decode()
    empty = [name for name in CAPPED if not _options(fitting, name)]  # fits a cap of 0: read (LLR's lead users)
    for name in CAPPED:
        monkeypatch.setattr(ActionFilter.base_filters[name], "list_at_most", 0)
    with django_assert_num_queries(TOO_LONG_QUERIES + len(empty)):
        response = client.get(reverse("reporting:find"))
    assert len(row_ids(response)) == min(50, count_of(response))
    page = response.content.decode()
    assert '<option value="" selected>Any plan (too many to list: choose a board first)</option>' in page
    assert '<option value="" selected>Any objective (too many to list: choose a board or plan first)</option>' in page


def _add_boards(user, count):
    """`count` boards the user audits, each with a plan, a section, an objective answering a finding of its own
    review, an action led by a user of its own, and a subgroup: one more option in every capped list."""
    for n in range(1, count + 1):
        board = Board.objects.create(name=f"Board {n:02} LSCB", short_name=f"Board {n:02}", slug=f"board-{n:02}")
        Membership.objects.create(user=user, board=board, role=Membership.Role.AUDITOR)
        plan = Plan.objects.create(
            board=board,
            title=f"Board {n:02} Plan",
            kind="business",
            period_start=date(2024, 4, 1),
            period_end=date(2026, 3, 31),
            status="approved",
        )
        section = Section.objects.create(plan=plan, title=f"Section {n}", order=1)
        review = Review.objects.create(board=board, code=f"R{n}", title=f"Review {n}", kind="inspection")
        finding = Finding.objects.create(review=review, number="1", text=f"Finding {n}", order=1)
        objective = Objective.objects.create(plan=plan, section=section, number="1", title=f"Aim {n}", order=1)
        objective.sources.add(review)
        objective.findings.add(finding)
        leader = get_user_model().objects.create_user(username=f"leader-{n}")
        Action.objects.create(objective=objective, number="1.1", order=1, text=f"Outcome {n}", lead_user=leader)
        Subgroup.objects.create(board=board, name=f"Subgroup {n}", order=1)


def test_the_first_page_runs_no_more_queries_at_13_boards_than_at_3(
    login, auditor, monkeypatch, django_assert_num_queries
):
    client = login(auditor)
    url = reverse("reporting:find")
    with django_assert_num_queries(FIRST_PAGE_QUERIES):
        few = client.get(url)
    form = few.context["form"]
    # each list capped at its length at 3 boards: every one fits there, and none once 10 boards are added
    for name in CAPPED:
        monkeypatch.setattr(ActionFilter.base_filters[name], "list_at_most", len(form.fields[name].choices) - 1)
    with django_assert_num_queries(FIRST_PAGE_QUERIES):
        assert "too many to list" not in client.get(url).content.decode()
    _add_boards(auditor, 10)
    with django_assert_num_queries(TOO_LONG_QUERIES):
        many = client.get(url)
    assert many.content.decode().count("too many to list") == len(CAPPED)
    assert count_of(many) == count_of(few) + 10


def test_a_list_that_fits_is_listed(login, auditor):
    response = login(auditor).get(reverse("reporting:find"))
    form = response.context["form"]
    for name in CAPPED:
        assert isinstance(form.fields[name], CappedModelChoiceField)
        assert not form.fields[name].widget.choices.too_many, name
    assert "too many to list" not in response.content.decode()
