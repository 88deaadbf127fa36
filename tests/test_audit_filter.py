"""The auditors' filter (/actions/find/): what each filter finds on the seed boards, that the URL is the
filter, that a user never sees another board's rows or names whatever ids they type, and that the number of
queries does not grow with the number of matching actions."""

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actions import rag
from actions.models import Action, ProgressUpdate, Status
from boards.models import Subgroup
from plans.models import Objective, Plan, Section
from reviews.models import Finding, Review
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

FIND = "reporting:find"
KINGSTON_DATE = date(2010, 9, 30)  # Kingston's plan has ended: it is shown as at its last progress date
ROW = re.compile(r'<tr data-action="(\d+)">(.*?)</tr>', re.S)


def find(client, **params):
    response = client.get(reverse(FIND), params)
    assert response.status_code == 200
    return response


def row_ids(response):
    return [int(pk) for pk, _ in ROW.findall(response.content.decode())]


def count_of(response):
    match = re.search(r'id="results-heading">(\d+) actions?<', response.content.decode())
    return int(match.group(1))


def all_ids(client, **params):
    """Every row over every page, in order."""
    ids, page = [], 1
    while True:
        response = find(client, **params, page=page)
        ids += row_ids(response)
        if f"page={page + 1}" not in response.content.decode():
            return ids
        page += 1


def kingston_actions(kingston):
    return Action.objects.filter(objective__plan__board=kingston)


def in_document_order(actions):
    return list(actions.order_by("objective__order", "objective_id", "order", "id").values_list("pk", flat=True))


# ---- what the filters find


def test_source_pr_finds_the_37_kingston_actions_whose_objectives_cite_the_peer_review(login, auditor, kingston):
    client = login(auditor)
    expected = in_document_order(kingston_actions(kingston).filter(objective__sources__code="PR"))
    assert len(expected) == 37
    pr = Review.objects.get(code="PR")
    for params in ({"source": "PR"}, {"review": pr.pk}, {"review_kind": "peer_review"}):
        response = find(client, **params)
        assert count_of(response) == 37, params
        assert "37 actions" in page_text(response)
        assert row_ids(response) == expected, params


def test_laming_finds_exactly_the_actions_of_objectives_4_7_9_12_and_16(login, auditor, kingston):
    response = find(login(auditor), source="LR")
    numbers = [Action.objects.get(pk=pk).number for pk in row_ids(response)]
    expected = list(
        kingston_actions(kingston)
        .filter(objective__number__in=["4", "7", "9", "12", "16"])
        .order_by("objective__order", "order", "id")
        .values_list("number", flat=True)
    )
    assert numbers == expected
    assert {n.split(".")[0] for n in numbers} == {"4", "7", "9", "12", "16"}
    assert count_of(response) == len(expected) == 16


def test_a_finding_finds_the_actions_of_the_objectives_answering_it(login, auditor, kingston):
    finding = Finding.objects.get(review__code="PR", number="8")  # serious case reviews: objective 15
    response = find(login(auditor), finding=finding.pk)
    assert row_ids(response) == in_document_order(kingston_actions(kingston).filter(objective__number="15"))


def test_source_and_status_achieved_narrow_to_the_achieved_peer_review_actions(login, auditor, kingston):
    pr_actions = kingston_actions(kingston).filter(objective__sources__code="PR")
    ratings = rag.ratings_for(pr_actions, KINGSTON_DATE)
    expected = [pk for pk in in_document_order(pr_actions) if ratings[pk].status == Status.ACHIEVED]
    response = find(login(auditor), source="PR", status="achieved")
    assert row_ids(response) == expected
    assert count_of(response) == len(expected) == 15
    # and every row says so
    for _, html in ROW.findall(response.content.decode()):
        assert ">Achieved</span>" in html and "rag rag-blue" in html


def test_source_and_subgroup_training(login, auditor, kingston):
    training = Subgroup.objects.get(board=kingston, name="Training")
    response = find(login(auditor), source="PR", subgroup=training.pk)
    expected = in_document_order(kingston_actions(kingston).filter(objective__sources__code="PR", subgroup=training))
    assert expected and row_ids(response) == expected
    # each row names its subgroup
    rows = ROW.findall(response.content.decode())
    assert len(rows) == len(expected) and all("<td>Training</td>" in html for _, html in rows)


def test_board_and_overdue_as_at_a_date(login, auditor, kingston):
    as_at = date(2011, 1, 31)
    ratings = rag.ratings_for(kingston_actions(kingston), as_at)
    expected = [pk for pk in in_document_order(kingston_actions(kingston)) if ratings[pk].overdue]
    response = find(login(auditor), board="kingston", overdue="true", as_at="2011-01-31")
    assert row_ids(response) == expected
    assert count_of(response) == 23
    assert "Status and RAG as at 31 January 2011" in page_text(response)
    # as at the plan's own date (30 September 2010) nothing is overdue yet (three are due that very day)
    assert count_of(find(login(auditor), board="kingston", overdue="true")) == 0
    # not overdue: the rest
    assert count_of(find(login(auditor), board="kingston", overdue="false", as_at="2011-01-31")) == 52 - 23


def test_rag_status_and_no_update_filters_follow_the_rag_rules(login, auditor, kingston):
    client = login(auditor)
    ratings = rag.ratings_for(kingston_actions(kingston), KINGSTON_DATE)
    for params, keep in [
        ({"rag": "blue"}, lambda r: r.colour == "blue"),
        ({"rag": "none"}, lambda r: r.colour is None),
        ({"status": "none"}, lambda r: r.status is None),
        ({"no_update": "true"}, lambda r: r.no_update_this_quarter),
    ]:
        expected = [pk for pk in in_document_order(kingston_actions(kingston)) if keep(ratings[pk])]
        assert row_ids(find(client, board="kingston", **params)) == expected, params


def test_lead_text_matches_the_action_or_its_objective(login, auditor, kingston):
    response = find(login(auditor), board="kingston", lead="chair training")
    actions = kingston_actions(kingston).select_related("objective")
    expected = [
        a.pk
        for a in actions.order_by("objective__order", "objective_id", "order", "id")
        if "chair training" in a.lead.lower() or "chair training" in a.objective.lead.lower()
    ]
    assert expected
    assert row_ids(response) == expected


def test_lead_user_and_due_date_range(login, auditor, lead, kingston):
    client = login(auditor)
    response = find(client, lead_user=lead.pk)
    assert row_ids(response) == in_document_order(kingston_actions(kingston).filter(lead_user=lead))
    # each row names its lead officer: their full name, or their username where they gave none
    lead.first_name, lead.last_name = "Lena", "Okafor"
    lead.save()
    rows = ROW.findall(find(client, lead_user=lead.pk).content.decode())
    assert rows and all('<div class="small">(Lena Okafor)</div>' in html for _, html in rows)
    lead.first_name = lead.last_name = ""
    lead.save()
    rows = ROW.findall(find(client, lead_user=lead.pk).content.decode())
    assert rows and all(f'<div class="small">({lead.username})</div>' in html for _, html in rows)
    # a row with no lead officer names none
    rows = ROW.findall(find(client, board="kingston").content.decode())
    assert any('<div class="small">' not in html for _, html in rows)
    response = find(client, board="kingston", due_from="2011-01-01", due_to="28/02/2011")
    assert row_ids(response) == in_document_order(kingston_actions(kingston).filter(due_date=date(2011, 2, 28)))


def test_a_section_finds_its_themes_too(login, auditor, llr):
    plan = Plan.objects.get(board=llr)
    workstreams = Section.objects.get(plan=plan, title="DEVELOPMENT WORKSTREAMS")
    expected = Action.objects.filter(objective__section__parent=workstreams) | Action.objects.filter(
        objective__section=workstreams
    )
    response = find(login(auditor), section=workstreams.pk)
    assert count_of(response) == expected.count() > 0


def test_free_text_finds_an_action_by_its_narrative(login, auditor, manager, kingston):
    action = kingston_actions(kingston).get(number="5.1")
    ProgressUpdate.objects.create(
        action=action,
        as_at=KINGSTON_DATE,
        status=Status.ONGOING,
        author=manager,
        narrative="Leaflets handed out at the Kingfisher leisure centre",
    )
    client = login(auditor)
    assert row_ids(find(client, q="kingfisher leisure")) == [action.pk]
    # a seed narrative: "Independent Chair has been appointed" (4.1)
    assert kingston_actions(kingston).get(number="4.1").pk in row_ids(find(client, q="independent chair has been"))


def test_sorting_paginating_and_the_count(login, auditor):
    client = login(auditor)
    first = find(client)
    # Kingston 52, LLR 18, Leeds 51 (30 in its 2010 priorities, 10 challenges for 2014/15, 11 in the 2009 appendix)
    assert count_of(first) == Action.objects.count() == 121
    assert len(row_ids(first)) == 50
    every = all_ids(client)
    assert len(every) == len(set(every)) == 121
    by_rag = all_ids(client, sort="rag")
    ratings = {}
    for response_page in range(1, 4):
        response = find(client, sort="rag", page=response_page)
        for pk, html in ROW.findall(response.content.decode()):
            ratings[int(pk)] = re.search(r'class="rag rag-(\w+)"', html).group(1)
    order = ["red", "amber", "green", "blue", "none"]
    ranks = [order.index(ratings[pk]) for pk in by_rag]
    assert ranks == sorted(ranks)
    due = [Action.objects.get(pk=pk).due_date for pk in all_ids(client, sort="due")]
    dated = [d for d in due if d]
    assert dated == sorted(dated) and due[len(dated) :] == [None] * (len(due) - len(dated))  # no date last


def test_the_url_is_the_filter_a_bookmark_gives_the_same_rows(login, auditor, chair, kingston):
    training = Subgroup.objects.get(board=kingston, name="Training")
    params = {
        "source": "PR",
        "subgroup": training.pk,
        "as_at": "2010-09-30",
        "sort": "-number",
        "overdue": "false",
    }
    url = reverse(FIND) + "?" + urlencode(params)
    first = login(auditor).get(url)
    rows = row_ids(first)
    assert rows
    assert row_ids(login(auditor).get(url)) == rows
    assert row_ids(login(chair).get(url)) == rows  # shared with a Kingston chair: the same Kingston rows
    # the form shows what the URL asked for: submitting it again gives the same rows
    resubmitted = FormValues.of(first)
    assert {k: v for k, v in resubmitted.items() if v} == {k: str(v) for k, v in params.items()}
    assert row_ids(login(auditor).get(reverse(FIND), resubmitted)) == rows


class FormValues(HTMLParser):
    """The values a browser would submit from the filter form."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._first = {}, None, False

    @classmethod
    def of(cls, response):
        html = response.content.decode()
        start = html.index('<form method="get"')
        parser = cls()
        parser.feed(html[start : html.index("</form>", start)])
        return parser.values

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select, self._first = attrs["name"], True
            self.values[self._select] = ""
        elif tag == "option" and self._select:
            if "selected" in attrs or self._first:  # no option selected: the browser sends the first
                self.values[self._select] = attrs.get("value", "")
            self._first = False

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


# ---- bad input


def test_bad_input_names_the_field_and_shows_nothing(login, auditor):
    client = login(auditor)
    response = find(client, source="PR", due_from="2010-13-45")
    text = page_text(response)
    assert "The filter was not understood" in text
    assert "Due on or after: “2010-13-45” is not a date" in text
    assert count_of(response) == 0 and row_ids(response) == []
    response = find(client, as_at="yesterday", status="finished", sort="sideways")
    text = page_text(response)
    assert "As at: “yesterday” is not a date" in text
    assert "Latest status: Choose a status from the list." in text
    assert "Sort by: Choose an order from the list." in text
    assert row_ids(response) == []


# ---- who sees what


def test_every_role_filters_over_its_own_boards(
    login, manager, lead, chair, auditor, two_board_chair, leeds_manager, kingston, llr, leeds
):
    def board_count(*boards):
        return Action.objects.filter(objective__plan__board__in=boards).count()

    for user, boards in [
        (manager, [kingston]),
        (lead, [kingston]),
        (chair, [kingston]),
        (two_board_chair, [kingston, llr]),
        (leeds_manager, [leeds]),
        (auditor, [kingston, llr, leeds]),
    ]:
        response = find(login(user))
        assert count_of(response) == board_count(*boards), user
        assert set(all_ids(login(user))) == set(
            Action.objects.filter(objective__plan__board__in=boards).values_list("pk", flat=True)
        )


def test_an_outsider_sees_an_empty_result_and_no_names(login, outsider, seed):
    response = find(login(outsider))
    assert count_of(response) == 0
    text = page_text(response)
    for board in seed.values():
        assert board.short_name not in text and board.name not in text
    assert "Kingston" not in text and "Leeds" not in text and "Leicester" not in text
    assert count_of(find(login(outsider), board="kingston")) == 0


def kingston_ids_as_parameters(kingston):
    plan = Plan.objects.get(board=kingston)
    section = Section.objects.create(plan=plan, title="Kingston's own section", order=99)
    Objective.objects.filter(plan=plan, number="3").update(section=section)
    pr = Review.objects.get(code="PR")
    kingston_lead = get_user_model().objects.get(username="kingston-lead")
    return [
        {"board": "kingston"},
        {"board": kingston.pk},
        {"plan": plan.pk},
        {"section": section.pk},
        {"objective": Objective.objects.get(plan=plan, number="15").pk},
        {"review": pr.pk},
        {"source": "PR"},
        {"source": "C&D"},
        {"review_kind": "peer_review"},
        {"finding": Finding.objects.get(review=pr, number="8").pk},
        {"subgroup": Subgroup.objects.get(board=kingston, name="Training").pk},
        {"lead_user": kingston_lead.pk},
        {"lead": "Business Manager"},
        {"q": "Independent Chair has been appointed"},
        {"source": "LR"},  # national: visible, but only LLR's own actions could match
    ]


def test_a_one_board_user_never_sees_another_boards_rows_reviews_or_names(login, llr_manager, kingston, llr):
    client = login(llr_manager)
    llr_ids = set(Action.objects.filter(objective__plan__board=llr).values_list("pk", flat=True))
    kingston_titles = [t[:40] for t in Objective.objects.filter(plan__board=kingston).values_list("title", flat=True)]
    for params in kingston_ids_as_parameters(kingston):
        response = find(client, **params)
        text = page_text(response)
        rows = all_ids(client, **params)
        # a validation message and no rows, or a valid filter over LLR's own actions: never Kingston's
        assert set(rows) <= llr_ids, params
        assert count_of(response) == len(rows) <= len(llr_ids), params
        if "The filter was not understood" in text:
            assert rows == [], params
        assert "Kingston" not in text, params
        assert "IDeA Peer Review" not in text and "Challenge and development day" not in text, params
        assert not [t for t in kingston_titles if t in text], params


# ---- queries


def _thousand(kingston, n, objective=None):
    """n more actions (and one update each) under a new objective of Kingston's plan, citing the peer
    review."""
    if objective is None:
        plan = Plan.objects.get(board=kingston)
        objective = Objective.objects.create(plan=plan, number="99", title="Bulk", order=999)
        objective.sources.add(Review.objects.get(code="PR"))
    start = Action.objects.filter(objective=objective).count()
    actions = Action.objects.bulk_create(
        Action(
            objective=objective,
            number=f"99.{i}",
            order=i,
            text=f"Bulk action {i}",
            due_date=date(2010, 12, 31),
        )
        for i in range(start, start + n)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=a,
            as_at=KINGSTON_DATE,
            status=Status.ONGOING if i % 3 else Status.ACHIEVED,
            narrative=f"Bulk narrative {i}",
        )
        for i, a in enumerate(actions)
    )
    return objective


def test_the_filter_page_runs_the_same_queries_for_10_and_1000_matching_actions(
    login, auditor, kingston, django_assert_num_queries
):
    client = login(auditor)
    objective = _thousand(kingston, 10)
    url = reverse(FIND)
    plain = {"objective": objective.pk}
    # SQL filters only: counted (by board) and paginated in the database
    # 1 session, 2 user, 3 the codes and kinds of the visible reviews (Source and Kind choice lists), 4 the span
    # of the user's plans (the quarters offered), 5 the objective asked for is one of the user's, 6 the user's
    # boards (the Board list, and the order of the pages), 7 the number of matching actions per board, 8 the page's
    # actions (with objective, plan, board, section, subgroup, lead user), 9 the own dates of their plans (no as-at
    # date given), 10 their updates, 11 the other choice lists together (test_audit_filter_lists): plans, sections,
    # objectives, reviews, findings, lead users, subgroups, but those the boards' kept numbers show too long
    with django_assert_num_queries(11):
        assert count_of(client.get(url, plain)) == 10
    # as-at-dependent filter and RAG sort: rated, filtered, counted, sorted and paginated by the database
    # (actions.rag.annotate_ratings), then the page's rows rated by rag.rate for their reasons
    # 1 session, 2 user, 3 review codes and kinds, 4 plans' span, 5 the objective is one of the user's, 6 the
    # plans' dates (every plan's: the database rates each action as at its plan's), 7 the user's boards, 8 the
    # number of matching actions per colour and board, 9 the page's actions, 10 their updates, 11 the other
    # choice lists
    rated = {"objective": objective.pk, "status": "ongoing", "sort": "rag"}
    with django_assert_num_queries(11):
        small = count_of(client.get(url, rated))
    # with a date given there is no "plans' dates" query; the page's actions are read with whether each was edited
    # since that date (none was, made in bulk: no query for their history; actions.structure); the date is a
    # quarter end, so one more: whether its plans have quarter snapshot rows (they have none: the rules rate them)
    dated = {**rated, "as_at": "2010-09-30"}
    with django_assert_num_queries(11):
        client.get(url, dated)

    _thousand(kingston, 990, objective)
    with django_assert_num_queries(11):
        response = client.get(url, plain)
    assert count_of(response) == 1000 and len(row_ids(response)) == 50
    with django_assert_num_queries(11):
        big = count_of(client.get(url, rated))
    with django_assert_num_queries(11):
        client.get(url, dated)
    ongoing = ProgressUpdate.objects.filter(action__objective=objective, status=Status.ONGOING).count()
    assert small == 6 and big == ongoing == 666
