"""The auditors' filter's lists at national scale: the capped lists (plans, sections, objectives, reviews, findings,
lead users, subgroups) are read in one query, each unless the boards' kept numbers show it too long
(reporting.filter_lists), so the page runs the same queries at 300 boards as at 3; a list too long says to narrow
first. The lists are made 'too long' here by a
small cap. Each list offers its options labelled and ordered as each option's own object, read in the list's order,
is labelled."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.board_contents import BoardContents
from actions.models import Action, ActionCount
from boards.access import boards_readable_by
from boards.models import Board, Membership, Subgroup
from plans.models import Objective, Plan, Section
from reporting.filters import ActionFilter, CappedModelChoiceField
from reviews.access import reviews_visible_to
from reviews.models import Finding, Review
from tests.test_audit_filter import count_of, row_ids

pytestmark = pytest.mark.django_db

CAPPED = ("plan", "section", "objective", "review", "finding", "lead_user", "subgroup")
# 1 session, 2 user, 3 the codes and kinds of the visible reviews, 4 the span of the user's plans (the quarters
# offered), 5 the user's boards (the Board list, the order of the pages) with each one's number of actions (kept in
# actions.ActionCount, and its numbers of plans, objectives, reviews... in actions.BoardContents), 6 the page's
# actions, 7 the own dates of their plans, 8 their updates, 9 the capped lists, at most their cap + 1 options of each
# (plans, sections, objectives, reviews, findings, lead users, subgroups) not known from those numbers to be too long
# (the lead users always)
FIRST_PAGE_QUERIES = 9


def _options(response, name):
    return len(response.context["form"].fields[name].choices) - 1  # the first says "any"


@pytest.mark.parametrize("who", ["llr_manager", "auditor"])  # one board, three boards
def test_lists_too_long_are_read_in_the_same_queries_and_say_to_narrow(
    login, who, request, monkeypatch, django_assert_num_queries
):
    client = login(request.getfixturevalue(who))
    with django_assert_num_queries(FIRST_PAGE_QUERIES):
        fitting = client.get(reverse("reporting:find"))
    assert "too many to list" not in fitting.content.decode()
    empty = [name for name in CAPPED if not _options(fitting, name)]  # fits a cap of 0 (LLR's lead users)
    for name in CAPPED:
        monkeypatch.setattr(ActionFilter.base_filters[name], "list_at_most", 0)
    with django_assert_num_queries(FIRST_PAGE_QUERIES):
        response = client.get(reverse("reporting:find"))
    assert response.content.decode().count("too many to list") == len(CAPPED) - len(empty)
    assert len(row_ids(response)) == min(50, count_of(response))
    page = response.content.decode()
    assert '<option value="" selected>Any plan (too many to list: choose a board first)</option>' in page
    assert '<option value="" selected>Any objective (too many to list: choose a board or plan first)</option>' in page


def _lists_read(client, url):
    """The page and the names of the lists its query of the capped lists read (each part's first column)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    (lists,) = [q["sql"] for q in captured if 'AS "list"' in q["sql"]]
    return response, {name for name in CAPPED if f"'{name}' AS \"list\"" in lists}


@pytest.mark.parametrize("who", ["llr_manager", "auditor"])  # one board, three boards
def test_a_list_the_boards_numbers_show_too_long_is_not_read(login, who, request, monkeypatch):
    client = login(request.getfixturevalue(who))
    url = reverse("reporting:find")
    assert _lists_read(client, url)[1] == set(CAPPED)  # each fits: each read
    # capped below the boards' own objectives (LLR has 9, Kingston 17), their reviews (LLR 3) and their subgroups
    for name in ("objective", "review", "subgroup"):
        monkeypatch.setattr(ActionFilter.base_filters[name], "list_at_most", 2)
    response, read = _lists_read(client, url)
    assert read == set(CAPPED) - {"objective", "review", "subgroup"}
    page = response.content.decode()
    assert '<option value="" selected>Any objective (too many to list: choose a board or plan first)</option>' in page
    assert '<option value="" selected>Any review (too many to list: choose a board first)</option>' in page
    assert '<option value="" selected>Any subgroup (too many to list: choose a board first)</option>' in page
    # narrowed to one plan, its objectives are not counted (LLR's plan has 9): read, and still too long
    plan = Plan.objects.get(board__slug="llr")
    response, read = _lists_read(client, f"{url}?plan={plan.pk}")
    assert "objective" in read and "too many to list: choose a board or plan first" in response.content.decode()


def test_a_review_list_the_boards_own_reviews_fit_is_read_with_the_national_ones(login, llr_manager, monkeypatch):
    """The boards' numbers count their own reviews only: the national ones are added to every board's list, so a
    list of reviews the board's own fit is read, and is too long with the national ones."""
    client = login(llr_manager)
    own = Review.objects.filter(board__slug="llr").count()
    national = Review.objects.filter(board=None).count()
    assert own and national
    monkeypatch.setattr(ActionFilter.base_filters["review"], "list_at_most", own)
    response, read = _lists_read(client, reverse("reporting:find"))
    assert "review" in read
    assert '<option value="" selected>Any review (too many to list: choose a board first)</option>' in (
        response.content.decode()
    )


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


def test_the_first_page_runs_the_same_queries_at_13_boards_as_at_3(
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
    with django_assert_num_queries(FIRST_PAGE_QUERIES):
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


def _offered(response, name):
    """The list's options after its first ("any"): (value, label)."""
    return [(str(value), label) for value, label in response.context["form"].fields[name].choices][1:]


# each list's options as the filter listed them before the lists were read together: the objects of the user's
# boards (of the national reviews they may see), with the related objects their labels name, in each list's order
# (a plan's own order, board then newest first then title, where a list is ordered by "plan")
def _as_listed_one_by_one(user, board=None, plan=None):
    boards = boards_readable_by(user)
    reviews = reviews_visible_to(user)
    plans = Plan.objects.filter(board__in=boards)
    sections = Section.objects.filter(plan__board__in=boards)
    objectives = Objective.objects.filter(plan__board__in=boards)
    findings = Finding.objects.filter(review__in=reviews)
    leads = get_user_model().objects.filter(pk__in=Action.objects.for_boards(boards).values("lead_user"))
    subgroups = Subgroup.objects.filter(board__in=boards)
    if board is not None:
        plans, subgroups = plans.filter(board=board), subgroups.filter(board=board)
        sections, objectives = sections.filter(plan__board=board), objectives.filter(plan__board=board)
        reviews = reviews.filter(Q(board=board) | Q(board__isnull=True))
        findings = findings.filter(Q(review__board=board) | Q(review__board__isnull=True))
        leads = leads.filter(pk__in=Action.objects.filter(objective__plan__board=board).values("lead_user"))
    if plan is not None:
        sections, objectives = sections.filter(plan=plan), objectives.filter(plan=plan)
    return {
        "plan": plans.select_related("board").order_by("board__name", "-period_start", "title"),
        "section": sections.select_related("plan__board").order_by("plan__board__name", "plan", "order", "id"),
        "objective": objectives.select_related("plan__board", "section").order_by(
            "plan__board__name", "plan", "order", "id"
        ),
        "review": reviews.select_related("board").order_by("code", "date", "pk"),
        "finding": findings.select_related("review__board").order_by(
            "review__code", "review__date", "review_id", "order", "id"
        ),
        "lead_user": leads.order_by("last_name", "first_name", "username"),
        "subgroup": subgroups.select_related("board").order_by("board__name", "order", "name"),
    }


@pytest.mark.parametrize("who", ["llr_manager", "auditor", "two_board_chair"])
@pytest.mark.parametrize("narrowed", ["", "board", "plan"])
def test_each_list_offers_its_options_labelled_and_ordered_as_their_own_objects(login, who, narrowed, request, llr):
    user = request.getfixturevalue(who)
    board = llr if narrowed == "board" else None
    plan = Plan.objects.filter(board=llr).order_by("period_start", "id").first() if narrowed == "plan" else None
    params = {"board": board.slug} if board else {"plan": plan.pk} if plan else {}
    response = login(user).get(reverse("reporting:find"), params)
    form = response.context["form"]
    expected = _as_listed_one_by_one(user, board, plan)
    assert "too many to list" not in response.content.decode()
    listed = 0
    for name in CAPPED:
        label = form.fields[name].label_from_instance
        assert _offered(response, name) == [(str(o.pk), label(o)) for o in expected[name]], name
        listed += len(expected[name])
    assert listed > 2 * len(CAPPED)  # the seed lists something in most of them


def test_a_list_too_long_offers_the_chosen_option_alone_labelled_as_its_object(login, auditor, llr, monkeypatch):
    for name in CAPPED:
        monkeypatch.setattr(ActionFilter.base_filters[name], "list_at_most", 1)
    objective = Objective.objects.filter(plan__board=llr, title="").select_related("plan__board", "section").first()
    response = login(auditor).get(reverse("reporting:find"), {"objective": objective.pk})
    label = response.context["form"].fields["objective"].label_from_instance
    assert _offered(response, "objective") == [(str(objective.pk), label(objective))]
    assert objective.section.title in label(objective)  # an objective with no title is named by its section's
    page = response.content.decode()
    assert '<option value="">Any objective (too many to list: choose a board or plan first)</option>' in page


@pytest.mark.parametrize("cap", [None, 0])  # every list fits; every list but the empty ones is too long
@pytest.mark.parametrize("params", [{}, {"board": "llr"}, {"quarter": "2010-Q2", "rag": "red", "sort": "rag"}])
def test_a_user_of_one_board_and_a_user_of_three_run_the_same_queries(
    login, llr_manager, auditor, cap, params, monkeypatch, django_assert_num_queries
):
    if cap is not None:
        for name in CAPPED:
            monkeypatch.setattr(ActionFilter.base_filters[name], "list_at_most", cap)
    counts = []
    for user in (llr_manager, auditor):
        client = login(user)
        client.get(reverse("reporting:find"), params)  # the session's idle timer renewed (lscb.security)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reporting:find"), params).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_two_filters_at_once_each_filter_their_own_users_boards(llr_manager, auditor):
    """Each filter copies the class's filters one level deep (reporting.filters): two at once, for different users,
    share no filter, field or list, and each filters by its own choices through its own methods."""
    query = QueryDict("quarter=2010-Q2&source=PR")
    llr, every = ActionFilter(query, user=llr_manager), ActionFilter(query, user=auditor)
    for name, base in ActionFilter.base_filters.items():
        assert len({id(llr.filters[name]), id(every.filters[name]), id(base)}) == 3, name
        assert llr.filters[name].extra is not base.extra, name
        assert llr.form.fields[name] is not every.form.fields[name], name
    assert set(llr.form.fields["plan"].queryset) == set(Plan.objects.filter(board__slug="llr"))
    assert set(every.form.fields["plan"].queryset) == set(Plan.objects.all())
    # Kingston's peer review (PR) is not LLR's: the LLR manager's filter is refused the code, the auditor's finds it
    assert ("PR", "PR") not in llr.form.fields["source"].choices and ("PR", "PR") in every.form.fields["source"].choices
    assert not llr.is_valid() and every.is_valid()
    assert every.qs.exists() and not every.qs.exclude(objective__plan__board__slug="kingston").exists()


def test_a_list_the_boards_numbers_show_to_fit_is_read_whole_and_still_cut_off_past_its_cap(
    login, auditor, monkeypatch
):
    """A list whose length the boards' kept numbers give, and which fits, is read whole (no picking of its cap + 1
    options first): listed as its own objects. Were those numbers ever short of the truth, a list past its cap is
    still too long, never a list past its cap."""
    client = login(auditor)
    plans = Plan.objects.filter(board__in=boards_readable_by(auditor)).order_by("board__name", "-period_start", "title")
    response, read = _lists_read(client, reverse("reporting:find"))
    assert "plan" in read
    listed = [value for value, _ in response.context["form"].fields["plan"].choices][1:]
    assert [int(str(value)) for value in listed] == [plan.pk for plan in plans]
    monkeypatch.setattr(ActionFilter.base_filters["plan"], "list_at_most", len(plans) - 1)
    BoardContents.objects.update(plans=0)  # short of the truth
    response, read = _lists_read(client, reverse("reporting:find"))
    assert "plan" in read
    assert '<option value="" selected>Any plan (too many to list: choose a board first)</option>' in (
        response.content.decode()
    )


def test_a_board_with_no_numbers_kept_yet_counts_as_empty(login, auditor):
    """A board none of whose numbers were ever kept (no row of actions.ActionCount or BoardContents: a board made
    today) is listed and counts nothing: no list is too long for it, and its actions are none of the count."""
    client = login(auditor)
    before = count_of(client.get(reverse("reporting:find")))
    board = Board.objects.create(name="Newtown Safeguarding Children Partnership", short_name="Newtown", slug="newtown")
    Membership.objects.create(user=auditor, board=board, role=Membership.Role.AUDITOR)
    ActionCount.objects.filter(board=board).delete()
    BoardContents.objects.filter(board=board).delete()
    response = client.get(reverse("reporting:find"))
    assert count_of(response) == before
    assert "newtown" in [str(value) for value, _ in response.context["form"].fields["board"].choices]
    assert "too many to list" not in response.content.decode()
