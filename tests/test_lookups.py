"""lscb.lookups: `in_ids`, the `in` lookup for a list of ids a page already holds."""

import pytest

from actions.models import Action, ProgressUpdate
from actions.structure import historical_model

pytestmark = pytest.mark.django_db


def test_in_ids_finds_what_in_finds_on_a_primary_key_a_foreign_key_and_an_integer_field(kingston_plan):
    actions = list(Action.objects.filter(objective__plan=kingston_plan).values_list("pk", flat=True))[:7]
    some = [actions[3], actions[0], actions[3], actions[5]]  # in any order, one twice
    assert set(Action.objects.filter(pk__in_ids=some)) == set(Action.objects.filter(pk__in=some))
    updates = ProgressUpdate.objects.filter(action__in_ids=actions)
    assert updates.exists() and set(updates) == set(ProgressUpdate.objects.filter(action__in=actions))
    historical = historical_model(Action).objects  # its `id` an integer field, not its primary key
    assert set(historical.filter(id__in_ids=some)) == set(historical.filter(id__in=some))


def test_in_ids_writes_the_sql_of_in(kingston_plan):
    ids = [3, 1, 3, 2]
    assert str(Action.objects.filter(pk__in_ids=ids).query) == str(Action.objects.filter(pk__in=ids).query)
    assert str(ProgressUpdate.objects.filter(action__in_ids=ids).query) == str(
        ProgressUpdate.objects.filter(action__in=ids).query
    )


def test_in_ids_of_no_ids_finds_nothing_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list(Action.objects.filter(pk__in_ids=[])) == []
