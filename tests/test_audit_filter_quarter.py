"""The auditors' filter as at a quarter end (`?quarter=`): the plans running at its end, rated as their quarterly
reports rate them. Where every such plan has its quarter snapshot rows, how the actions stood is read from those rows
(one indexed join) instead of the updates; otherwise the RAG rules rate them. Either way the same rows in the same
order, and the number of queries does not grow with the number of boards."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from actions import rag
from actions.models import Action
from plans.models import Plan
from reporting.audit import Search
from tests.test_audit_filter import all_ids, count_of, find, row_ids

pytestmark = pytest.mark.django_db

Q2 = "2010-Q2"  # July to September 2010: Kingston's and LLR's plans run then
Q2_END = date(2010, 9, 30)
ASKED = [
    {"sort": "rag"},
    {"sort": "-rag"},
    {"rag": "red", "sort": "rag"},
    {"rag": "none"},
    {"rag": "blue", "sort": "-board"},
    {"status": "achieved"},
    {"status": "none", "sort": "rag"},
    {"overdue": "true"},
    {"overdue": "false", "sort": "-rag"},
    {"no_update": "true", "sort": "rag"},
    {"no_update": "false"},
    {"board": "kingston", "rag": "green"},
    {"source": "PR", "sort": "rag"},
]


def snapshot(quarter=Q2):
    call_command("snapshot_quarter", "--quarter", quarter, stdout=None)


def running_at_q2_end():
    return Action.objects.filter(
        objective__plan__in=Plan.objects.filter(period_start__lte=Q2_END, period_end__gte=Q2_END)
    ).filter(joined_on__isnull=True)


def test_a_quarter_gives_the_same_rows_in_the_same_order_from_its_snapshots_as_from_the_rules(login, auditor):
    client = login(auditor)
    rated = {tuple(params.items()): all_ids(client, quarter=Q2, **params) for params in ASKED}
    assert not Search(auditor, {"quarter": Q2, "sort": "rag"}).from_snapshots
    snapshot()
    assert Search(auditor, {"quarter": Q2, "sort": "rag"}).from_snapshots
    for params in ASKED:
        assert all_ids(client, quarter=Q2, **params) == rated[tuple(params.items())], params
    # and as the RAG rules rate them as at the quarter end, over the plans running then only
    ratings = rag.ratings_for(running_at_q2_end(), Q2_END)
    red = {pk for pk, rating in ratings.items() if rating.colour == "red"}
    assert red and set(rated[(("rag", "red"), ("sort", "rag"))]) == red
    assert len(rated[(("sort", "rag"),)]) == len(ratings)


def test_a_plan_running_at_the_quarter_end_with_no_rows_has_every_plan_rated_by_the_rules(login, auditor, kingston):
    client = login(auditor)
    snapshot()
    assert Search(auditor, {"quarter": Q2, "rag": "red"}).from_snapshots
    # a plan adopted afterwards for a period covering the quarter end: the cron job wrote no rows of it
    late = Plan.objects.create(
        board=kingston,
        title="Adopted later",
        kind="business",
        period_start=date(2010, 4, 1),
        period_end=date(2011, 3, 31),
    )
    objective = late.objectives.create(number="1", title="An aim", order=1)
    action = Action.objects.create(objective=objective, number="1.1", text="Begun before the quarter end", order=1)
    action.updates.create(as_at=date(2010, 9, 1), status="in_progress", rag="red", narrative="Late to start")
    assert not Search(auditor, {"quarter": Q2, "rag": "red"}).from_snapshots
    red = all_ids(client, quarter=Q2, rag="red", sort="rag")
    ratings = rag.ratings_for(running_at_q2_end(), Q2_END)
    assert action.pk in red and set(red) == {pk for pk, rating in ratings.items() if rating.colour == "red"}


def test_a_plan_kept_at_the_quarter_end_is_covered_though_it_no_longer_runs_then(login, llr_manager, llr):
    client = login(llr_manager)
    before = all_ids(client, quarter=Q2, sort="rag")
    snapshot()
    plan = llr.plans.get()
    Plan.objects.filter(pk=plan.pk).update(period_end=date(2010, 9, 1))  # its period corrected to end before
    search = Search(llr_manager, {"quarter": Q2, "sort": "rag"})
    assert search.from_snapshots  # no plan of LLR runs at the quarter end now: its rows are what the board saw
    assert all_ids(client, quarter=Q2, sort="rag") == before


def test_a_quarter_end_typed_as_a_date_reads_the_snapshots_when_every_plan_has_them(login, auditor):
    client = login(auditor)
    before = all_ids(client, as_at="2010-09-30", rag="red", sort="rag")
    snapshot()  # Leeds' plans did not run then: they have none, so every plan is rated by the rules
    assert not Search(auditor, {"as_at": "2010-09-30", "rag": "red"}).from_snapshots
    assert all_ids(client, as_at="2010-09-30", rag="red", sort="rag") == before


def test_the_quarter_is_chosen_from_the_list_and_not_with_a_date(login, auditor):
    client = login(auditor)
    page = find(client).content.decode()
    assert '<option value="2010-Q2">Q2 2010/11 (July to September 2010)</option>' in page
    response = find(client, quarter=Q2, rag="red")
    assert "Status and RAG as at <strong>30 September 2010</strong>" in response.content.decode()
    both = find(client, quarter=Q2, as_at="2010-09-30")
    assert "Give an as-at date or a quarter, not both." in both.content.decode() and count_of(both) == 0
    assert count_of(find(client, quarter="2010-Q5")) == 0  # not one of the choices


def test_pages_across_boards_hold_every_row_once_in_order(login, auditor):
    client = login(auditor)
    snapshot()
    for params in ({"sort": "rag"}, {"sort": "-rag"}, {"sort": "board"}, {"sort": "-board"}):
        ids = all_ids(client, quarter=Q2, **params)
        assert len(ids) == len(set(ids)) == count_of(find(client, quarter=Q2, **params)), params


# ---- queries: constant in the number of boards and actions


def _count_queries(client, params, django_assert_num_queries, expected):
    with django_assert_num_queries(expected) as captured:
        response = client.get(reverse("reporting:find"), params)
    # whether a query read the updates themselves (every update of the page's actions, for the rules to pick each
    # one's latest), not each action's latest through what is kept of it (its current state, its snapshot row)
    response.read_updates = any('FROM "actions_progressupdate"' in query["sql"] for query in captured.captured_queries)
    return response


@pytest.mark.parametrize("who", ["llr_manager", "auditor"])  # one board, three boards
def test_the_first_page_and_the_red_at_a_quarter_end_run_the_same_queries_for_one_board_and_several(
    login, who, request, django_assert_num_queries
):
    user = request.getfixturevalue(who)
    client = login(user)
    # the first page of every action: 1 session, 2 user, 3 the codes and kinds of the visible reviews, 4 the span of
    # the user's plans (the quarters offered), 5 the user's boards (the Board list, and the order of the pages) with
    # each one's number of actions (actions.ActionCount), 6 the page's actions (of the boards it spans), 7 the own
    # dates of their plans, 8 their current states, each with its latest update (at their plans' own dates, today or
    # the last progress date, the latest update of each is its state's), 9 the other lists shown, together (plans,
    # sections, objectives, reviews, findings, lead users, subgroups), but those the boards' kept numbers show too long
    first = _count_queries(client, {}, django_assert_num_queries, 9)
    assert len(row_ids(first)) == min(50, count_of(first)) and not first.read_updates
    # Red as at a quarter end, sorted by RAG, not snapshotted: the rules rate every candidate. 1 session, 2 user,
    # 3 review codes and kinds, 4 plans' span, 5 how many plans the quarter covers and how many have no snapshot rows,
    # 6 the user's boards, 7 the number of matching actions per colour and board, 8 the page's actions, each with
    # whether it was edited since the quarter end (none was: no query for their history, actions.structure), 9
    # their updates, 10 the other lists
    red = {"quarter": Q2, "rag": "red", "sort": "rag"}
    assert _count_queries(client, red, django_assert_num_queries, 10).read_updates
    snapshot()
    # snapshotted: the same queries, 7, 8 and 9 reading the snapshot rows (by board and colour, then the page's,
    # then theirs, each with its update): what the board saw at the quarter end
    assert not _count_queries(client, red, django_assert_num_queries, 10).read_updates
