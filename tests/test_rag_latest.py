"""`actions.rag.latest_ratings` (the latest update only, with what decides 'completed late' and 'first recorded'),
and `rag.ratings_from_latest` (the history read as the columns the rules need, or at a quarter end the quarter's
snapshot rows, then each action's latest update in full), give the same Rating as `rag.rate` over the whole history:
colour, reason in words, the update it names, completed late and the day achieved, at every date that matters and
per plan date, in a few queries whatever the number of actions."""

from datetime import date

import pytest

from actions import rag
from actions.models import Action, QuarterSnapshot
from actions.quarters import Quarter, quarter_of
from plans.models import Plan
from reporting.signoff import snapshot_quarter
from tests.test_rag_sql import DATES, HISTORIES, history, objective  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _full(rating):
    return (rating, rating.reason, rating.update, rating.first_recorded, rating.achieved_on)


# each reader of the latest updates, and its queries whatever the number of actions and updates, as at a day
READERS = {
    # 1 the latest update of each action on or before the date, with its author
    "latest_ratings": (rag.latest_ratings, lambda day: 1),
    # at a quarter end, the quarter's snapshot rows first (none kept here); then 1 every update of the actions on or
    # before the date, the columns the rules read, 2 the latest of each in full, with its author's username
    "ratings_from_latest": (rag.ratings_from_latest, lambda day: 2 + (day == quarter_of(day).end)),
}


@pytest.mark.parametrize("reader", READERS)
def test_the_latest_update_rates_as_the_whole_history_does(history, django_assert_num_queries, reader):  # noqa: F811
    read, queries = READERS[reader]
    actions = [history(due, updates) for due, updates in HISTORIES.values()]
    actions = list(Action.objects.filter(pk__in=[a.pk for a in actions]).select_related("objective"))
    for day in DATES:
        expected = rag.ratings_for(actions, day)
        with django_assert_num_queries(queries(day)):
            ratings = read(actions, day)
        for action in actions:
            assert _full(ratings[action.pk]) == _full(expected[action.pk]), (action.number, day)
            if expected[action.pk].update is not None:
                assert ratings[action.pk].update.author_label == expected[action.pk].update.author_label


@pytest.mark.parametrize("day", [date(2009, 12, 31), date(2010, 9, 30), date(2026, 11, 22)])
def test_the_seed_boards_rated_from_the_latest_as_from_the_whole_history(seed, day):
    actions = list(Action.objects.all())
    expected = rag.ratings_for(actions, day)
    ratings = rag.ratings_from_latest(actions, day)
    for action in actions:
        assert _full(ratings[action.pk]) == _full(expected[action.pk]), action.pk


def test_per_plan_date_and_the_seed_boards(seed):
    actions = list(Action.objects.select_related("objective"))
    days = (date(2009, 12, 31), date(2010, 9, 30), date(2026, 11, 22))
    plans = sorted({a.objective.plan_id for a in actions})
    for shift in range(len(days)):
        plan_dates = {plan: days[(i + shift) % len(days)] for i, plan in enumerate(plans)}
        expected = {day: rag.ratings_for(actions, day) for day in days}
        ratings = rag.latest_ratings(actions, plan_dates)
        for action in actions:
            want = expected[plan_dates[action.objective.plan_id]][action.pk]
            assert _full(ratings[action.pk]) == _full(want), (action.pk, shift)


def test_at_a_quarter_end_the_snapshots_stand_for_the_history(seed, django_assert_num_queries):
    """As at a quarter end whose snapshot rows were written (the cron job), the plan page's ratings read them and
    not the history: the same Ratings as `rate`, in one query (the rows, each joined to its latest update in full)."""
    september = Quarter(2010, 2)  # ends 30 September 2010
    snapshot_quarter(september, Plan.objects.all())  # the rows of every action of the plans running then
    actions = list(Action.objects.filter(snapshots__quarter_end=september.end))
    assert len(actions) >= 50
    expected = rag.ratings_for(actions, september.end)
    with django_assert_num_queries(1) as captured:
        ratings = rag.ratings_from_latest(actions, september.end)
    (rows,) = (query["sql"] for query in captured.captured_queries)
    assert "quartersnapshot" in rows
    assert '"as_at" <=' not in rows  # no update read by its date: the latest ones those the rows name
    for action in actions:
        assert _full(ratings[action.pk]) == _full(expected[action.pk]), action.pk
    # an action with no row of the quarter (a row deleted here) is rated from its history, and its latest update
    # read by its id: two queries more
    QuarterSnapshot.objects.filter(action=actions[0], quarter_end=september.end).delete()
    with django_assert_num_queries(3):
        ratings = rag.ratings_from_latest(actions, september.end)
    assert all(_full(ratings[a.pk]) == _full(expected[a.pk]) for a in actions)


def test_from_the_current_states_as_from_the_whole_history(history, django_assert_num_queries):  # noqa: F811
    """`current`: each action rated from its current state (ActionState: its latest update, and what the rules
    read of the history up to it) wherever the state is dated on or before the day, the same Ratings as `rate`.
    After every update's date: one query (the states, each with its update in full), no update read by its date.
    Before some of them: those actions are rated from their history (two queries more), the others from their
    states."""
    actions = [history(due, updates) for due, updates in HISTORIES.values()]
    actions = list(Action.objects.filter(pk__in=[a.pk for a in actions]).select_related("objective"))
    last = max(u.as_at for a in actions for u in a.updates.all())
    later = date(last.year + 1, 1, 15)  # no quarter end: no snapshot rows looked for
    for day in (later, *DATES):
        expected = rag.ratings_for(actions, day)
        ratings = rag.ratings_from_latest(actions, day, current=True)
        for action in actions:
            assert _full(ratings[action.pk]) == _full(expected[action.pk]), (action.number, day)
    with django_assert_num_queries(1) as captured:
        ratings = rag.ratings_from_latest(actions, later, current=True)
    (states,) = (query["sql"] for query in captured.captured_queries)
    assert "actions_actionstate" in states and '"as_at" <=' not in states
    early = date(2010, 7, 1)  # before some actions' latest updates, after others'
    assert any(a.updates.filter(as_at__gt=early).exists() for a in actions)
    with django_assert_num_queries(3):
        rag.ratings_from_latest(actions, early, current=True)


def test_per_plan_date_from_the_current_states_and_the_seed_boards(seed):
    """Each action as at its plan's date ({plan id: date}), from the states where they apply: the same Ratings."""
    actions = list(Action.objects.select_related("objective"))
    days = (date(2009, 12, 31), date(2010, 9, 30), date(2026, 11, 22))
    plans = sorted({a.objective.plan_id for a in actions})
    expected = {day: rag.ratings_for(actions, day) for day in days}
    for shift in range(len(days)):
        plan_dates = {plan: days[(i + shift) % len(days)] for i, plan in enumerate(plans)}
        ratings = rag.ratings_from_latest(actions, plan_dates, current=True)
        for action in actions:
            want = expected[plan_dates[action.objective.plan_id]][action.pk]
            assert _full(ratings[action.pk]) == _full(want), (action.pk, shift)
