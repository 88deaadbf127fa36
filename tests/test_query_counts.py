"""The queries of the read helpers that pages are built from, counted: a helper that starts asking once per plan,
objective or action fails here, where its docstring could only have drifted. Each count names its queries."""

from datetime import date

import pytest

from actions import rag
from actions.as_at import default_as_at
from actions.models import Action
from actions.progress import latest_updates
from actions.quarters import Quarter
from packs.services import boards_for_pack, get_pack_for_user, start_pack
from reporting import audit
from reporting.dashboards import board_dashboard, cross_board_rows
from reporting.reports import _sources_of, default_quarter
from reporting.tables import plan_rows
from reviews.access import reviews_visible_to

pytestmark = pytest.mark.django_db

SEPTEMBER_2010 = date(2010, 9, 30)


def test_reviews_visible_to_a_user(auditor, outsider, django_assert_num_queries):
    # 1: the reviews of the user's boards and the national ones, the "has a board?" test inside it (EXISTS)
    with django_assert_num_queries(1):
        assert len(list(reviews_visible_to(auditor))) > 0
    with django_assert_num_queries(1):
        assert list(reviews_visible_to(outsider)) == []


def test_the_date_a_plan_is_shown_as_at(kingston_plan, django_assert_num_queries):
    # 1: the plan's last progress date (its period has ended)
    with django_assert_num_queries(1):
        assert default_as_at(kingston_plan, today=date(2026, 12, 2)) == SEPTEMBER_2010
    # none while the period runs: today
    with django_assert_num_queries(0):
        assert default_as_at(kingston_plan, today=date(2010, 1, 1)) == date(2010, 1, 1)


def test_latest_updates_of_many_actions(kingston_plan, django_assert_num_queries):
    actions = Action.objects.filter(objective__plan=kingston_plan)
    updated = actions.filter(updates__as_at__lte=SEPTEMBER_2010).distinct().count()
    # 1 the ids of each action's latest update on or before the date, 2 those updates
    with django_assert_num_queries(2):
        latest = latest_updates(actions, SEPTEMBER_2010)
    assert len(latest) == updated == 47  # five of Kingston's outcomes had no progress recorded by then


def test_every_update_up_to_a_date_in_one_query(kingston_plan, django_assert_num_queries):
    actions = Action.objects.filter(objective__plan=kingston_plan)
    # 1: every update of the plan's actions up to the date (the actions a subquery)
    with django_assert_num_queries(1):
        history = rag.history_by_action(actions, SEPTEMBER_2010)
    assert len(history) == 47


def test_roll_ups_are_counted_by_the_database(kingston, django_assert_num_queries):
    actions = Action.objects.filter(objective__plan__board=kingston)
    # 1: the counts per colour (and status) of every plan, grouped in SQL
    with django_assert_num_queries(1):
        counts = rag.roll_ups(actions, "objective__plan", SEPTEMBER_2010)
    assert sum(r.total for r in counts.values()) == 52


def test_the_plan_table(kingston_plan, django_assert_num_queries):
    # 1 objectives with sections, 2 their sources, 3 their actions with the plan each was carried forward from
    # (each objective and action with whether it was edited since the date), 4 the history of the objectives edited
    # since (their sources, recorded when the seed was loaded; actions.structure: the plan as it stood then; none
    # as at today; no outcome was edited since, so none of theirs), 5 the quarter snapshots of that quarter end
    # (none kept: the seed's quarters were not snapshotted), 6 every update of the actions without one up to the
    # date, the columns the RAG rules read, 7 each action's latest of them in full, with its author's username
    # (actions.rag.ratings_from_latest)
    with django_assert_num_queries(7):
        rows = plan_rows(kingston_plan, SEPTEMBER_2010)
    assert len(rows) == 17


def test_a_plans_sources(kingston_plan, django_assert_num_queries):
    # 1: the reviews the objectives cite
    with django_assert_num_queries(1):
        assert len(_sources_of(kingston_plan, with_findings=False)) >= 3
    # 1 the reviews, 2 their findings, 3 what this board wrote of a national review
    with django_assert_num_queries(3):
        _sources_of(kingston_plan, with_findings=True)


def test_the_default_quarter_of_an_ended_plan(kingston_plan, django_assert_num_queries):
    # 1: the plan's last progress date
    with django_assert_num_queries(1):
        assert default_quarter(kingston_plan, today=date(2026, 12, 2)) == Quarter(2010, 2)


def test_the_board_dashboard(kingston, llr, django_assert_num_queries):
    # 1 the board's plans with their last progress dates, 2 the quarter snapshots' mixes of the quarter ends the
    # sections read and 3 their rows at each plan's date and the quarter end before (none here), 4 the plans'
    # objectives joined to their actions, each with whether it was edited since the plans' earliest date, 5 the
    # history of the objectives edited since (Kingston's: their sources, recorded when the seed was loaded; none of
    # LLR's, and no action of either, was: no query for them, actions.structure), 6 the narrow columns of the
    # actions' updates up to the latest date shown, with their authors' names: the same for a board whose updates
    # are rated (Kingston) and one with no progress by its plans' dates (LLR)
    for board, queries in ((kingston, 6), (llr, 5)):
        with django_assert_num_queries(queries):
            dashboard = board_dashboard(board, today=date(2026, 12, 2))
        assert dashboard.sections


def test_the_rows_of_the_dashboard_across_boards(auditor, django_assert_num_queries):
    from boards.access import boards_readable_by

    # 1 the boards, 2 (a quarter end) the plans running then and whether each has quarter snapshot rows (none
    # here), 3 their roll-ups counted by the database
    with django_assert_num_queries(3):
        rows = cross_board_rows(boards_readable_by(auditor), SEPTEMBER_2010)
    assert len(rows) == 3


def test_the_filters_dates_and_ratings(auditor, kingston_plan, django_assert_num_queries):
    from boards.access import boards_readable_by

    # 1: the boards' plans with their last progress dates
    with django_assert_num_queries(1):
        as_at = audit.AsAt.for_boards(boards_readable_by(auditor))
    # none when a date is chosen
    with django_assert_num_queries(0):
        audit.AsAt.for_boards(boards_readable_by(auditor), chosen=SEPTEMBER_2010)
    actions = list(Action.objects.filter(objective__plan=kingston_plan).select_related("objective"))
    # 1: every update up to the latest date
    with django_assert_num_queries(1):
        ratings, _ = audit.rate(actions, as_at)
    assert len(ratings) == 52


def test_a_packs_boards_and_the_pack_itself(chair, kingston, django_assert_num_queries):
    # 1 the user's roles on the boards named, 2 those boards
    with django_assert_num_queries(2):
        boards = boards_for_pack(chair, [kingston.slug])
    pack = start_pack(user=chair, boards=boards, quarter=Quarter(2010, 2))
    # 1: the pack, if it is the user's and every board of it is still theirs to read
    with django_assert_num_queries(1):
        assert get_pack_for_user(chair, pack.pk) == pack
