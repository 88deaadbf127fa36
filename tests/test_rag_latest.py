"""`actions.rag.latest_ratings` (the latest update only, with what decides 'completed late' and 'first recorded'),
and `rag.ratings_from_latest` (the history read as the columns the rules need, then each action's latest update in
full), give the same Rating as `rag.rate` over the whole history: colour, reason in words, the update it names,
completed late and the day achieved, at every date that matters and per plan date, in one or two queries."""

from datetime import date

import pytest

from actions import rag
from actions.models import Action
from tests.test_rag_sql import DATES, HISTORIES, history, objective  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _full(rating):
    return (rating, rating.reason, rating.update, rating.first_recorded, rating.achieved_on)


# each reader of the latest updates, and its queries whatever the number of actions and updates
READERS = {
    # 1 the latest update of each action on or before the date, with its author
    "latest_ratings": (rag.latest_ratings, 1),
    # 1 every update of the actions on or before the date, the columns the rules read, 2 the latest of each in
    # full, with its author's username
    "ratings_from_latest": (rag.ratings_from_latest, 2),
}


@pytest.mark.parametrize("reader", READERS)
def test_the_latest_update_rates_as_the_whole_history_does(history, django_assert_num_queries, reader):  # noqa: F811
    read, queries = READERS[reader]
    actions = [history(due, updates) for due, updates in HISTORIES.values()]
    actions = list(Action.objects.filter(pk__in=[a.pk for a in actions]).select_related("objective"))
    for day in DATES:
        expected = rag.ratings_for(actions, day)
        with django_assert_num_queries(queries):
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
