"""`actions.rag.ratings_from_latest` (the history read as the columns the rules need, then each action's latest update
in full) gives the same Rating as `rag.rate` over the whole history: colour, reason in words, the update it names,
first recorded and the day achieved, at every date that matters, in two queries."""

from datetime import date

import pytest

from actions import rag
from actions.models import Action
from tests.test_rag_sql import DATES, HISTORIES, history, objective  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _full(rating):
    return (rating, rating.reason, rating.update, rating.first_recorded, rating.achieved_on)


def test_rated_from_the_latest_as_from_the_whole_history(history, django_assert_num_queries):  # noqa: F811
    actions = [history(due, updates) for due, updates in HISTORIES.values()]
    actions = list(Action.objects.filter(pk__in=[a.pk for a in actions]))
    for day in DATES:
        expected = rag.ratings_for(actions, day)
        # 1 every update of the actions on or before the date, the columns the rules read, 2 the latest of each in
        # full, with its author's username (whatever the number of actions and updates)
        with django_assert_num_queries(2):
            ratings = rag.ratings_from_latest(actions, day)
        for action in actions:
            assert _full(ratings[action.pk]) == _full(expected[action.pk]), (action.number, day)
            if expected[action.pk].update is not None:
                assert ratings[action.pk].update.author_label == expected[action.pk].update.author_label


@pytest.mark.parametrize("day", [date(2009, 12, 31), date(2010, 9, 30), date(2026, 11, 22)])
def test_the_seed_boards(seed, day):
    actions = list(Action.objects.all())
    expected = rag.ratings_for(actions, day)
    ratings = rag.ratings_from_latest(actions, day)
    for action in actions:
        assert _full(ratings[action.pk]) == _full(expected[action.pk]), action.pk
