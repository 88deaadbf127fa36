"""What each action's current state (actions.ActionState) keeps of its history, besides its latest update: the day
it became achieved (`achieved_on`) and whether its latest update is its only one, transcribed from a document
(`first_recorded`). After every write path they equal what the rules decide from the whole history
(`rag._standing`), and the review trace, which rates from them (`rag.ratings_from_latest_update`), agrees with
`rag.rate`."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.db import connection

from actions import rag
from actions.models import RAG, Action, ActionState, ProgressUpdate, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def objective(kingston):
    return kingston.plans.get().objectives.get(number="5")


@pytest.fixture
def action(objective):
    return Action.objects.create(objective=objective, number="5.99", order=99, text="Crafted outcome")


def kept(action):
    state = ActionState.objects.get(action=action)
    return state.achieved_on, state.first_recorded


def decided(action):
    """What the rules read of the action's whole history (as at today: every update counts)."""
    _, achieved_on, first_recorded = rag._standing(ProgressUpdate.objects.filter(action=action), date.today())
    return achieved_on, first_recorded


def assert_kept(action, expected):
    assert kept(action) == decided(action) == expected


def test_first_update_a_later_one_achieved_and_reopened(action, record):
    assert_kept(action, (None, False))  # no update
    record(action, date(2010, 4, 1), Status.IN_PROGRESS, RAG.GREEN)
    assert_kept(action, (None, False))
    record(action, date(2010, 6, 1), Status.ACHIEVED, RAG.BLUE)
    assert_kept(action, (date(2010, 6, 1), False))
    record(action, date(2010, 8, 1), Status.ACHIEVED, RAG.BLUE)  # still achieved: since June
    assert_kept(action, (date(2010, 6, 1), False))
    record(action, date(2010, 10, 1), Status.ONGOING, RAG.AMBER)  # reopened
    assert_kept(action, (None, False))
    record(action, date(2010, 12, 1), Status.ACHIEVED, RAG.BLUE)  # achieved again: since December
    assert_kept(action, (date(2010, 12, 1), False))


def test_a_late_update_older_than_the_latest(action, record):
    record(action, date(2010, 4, 1), Status.IN_PROGRESS, RAG.GREEN)
    record(action, date(2010, 9, 1), Status.ACHIEVED, RAG.BLUE)
    assert_kept(action, (date(2010, 9, 1), False))
    # an achieved update dated between: it became achieved earlier
    record(action, date(2010, 6, 1), Status.ACHIEVED, RAG.BLUE)
    assert_kept(action, (date(2010, 6, 1), False))
    # a late update of another status between: it became achieved after it
    record(action, date(2010, 7, 1), Status.IN_PROGRESS, RAG.AMBER)
    assert_kept(action, (date(2010, 9, 1), False))


def test_a_late_update_of_an_action_not_achieved_costs_no_more_queries(action, record, django_assert_num_queries):
    record(action, date(2010, 9, 1), Status.ONGOING, RAG.GREEN, from_document=True)
    assert_kept(action, (None, True))
    state = ActionState.objects.db_manager("default")
    late = ProgressUpdate(action=action, as_at=date(2010, 6, 1), status=Status.ONGOING, rag=RAG.RED)
    late.save_base(raw=True)  # written without the signal, to count what keeping the state costs alone
    # 1-2 the state's two conditional UPDATEs (neither matches: not the newest), 3 not first recorded any more (an
    # UPDATE of the row where not achieved): as many as when only the row's existence was checked
    with django_assert_num_queries(3):
        state.recorded(late)
    assert_kept(action, (None, False))
    # an achieved action's late update (the day it became achieved may move): the three, then a refresh, which locks
    # before it reads (two late updates at once leave the later's day): 4 the action locked, 5 its state as it was,
    # 6 the action's board, objective and dates, 7 its updates, 8 the state written
    record(action, date(2010, 10, 1), Status.ACHIEVED, RAG.BLUE)
    earlier = ProgressUpdate(action=action, as_at=date(2010, 9, 15), status=Status.ACHIEVED, rag=RAG.BLUE)
    earlier.save_base(raw=True)
    with django_assert_num_queries(8):
        state.recorded(earlier)
    assert_kept(action, (date(2010, 9, 15), False))


def test_transcribed_from_a_document_then_a_second_update(action, record):
    record(action, date(2010, 4, 1), Status.ONGOING, RAG.AMBER, from_document=True)
    assert_kept(action, (None, True))
    record(action, date(2010, 7, 1), Status.ONGOING, RAG.GREEN)
    assert_kept(action, (None, False))


def test_transcribed_and_achieved(action, record):
    record(action, date(2010, 4, 1), Status.ACHIEVED, RAG.BLUE, from_document=True)
    assert_kept(action, (date(2010, 4, 1), True))
    record(action, date(2010, 7, 1), Status.ACHIEVED, RAG.BLUE, from_document=True)
    assert_kept(action, (date(2010, 4, 1), False))


def test_an_update_in_error_its_retraction_and_a_correction(action, record, manager):
    first = record(action, date(2010, 4, 1), Status.ONGOING, RAG.AMBER, from_document=True)
    wrong = record(action, date(2010, 6, 1), Status.ACHIEVED, RAG.BLUE)
    assert_kept(action, (date(2010, 6, 1), False))
    # retracted as recorded in error: the transcribed one is the only one counting again
    record(action, date(2010, 6, 1), Status.ACHIEVED, corrects=wrong, in_error=True, author=manager)
    assert_kept(action, (None, True))
    # a correction of the first, dated as it: recorded later, it wins; two updates count
    record(action, date(2010, 4, 1), Status.ACHIEVED, RAG.BLUE, corrects=first)
    assert_kept(action, (date(2010, 4, 1), False))


def test_recorded_in_bulk_and_refreshed(objective, lead):
    actions = Action.objects.bulk_create(
        Action(objective=objective, number=f"5.9{n}", order=90 + n, text="Bulk") for n in range(4)
    )
    ProgressUpdate.objects.bulk_create(
        [
            ProgressUpdate(action=actions[0], as_at=date(2010, 4, 1), status=Status.ONGOING, from_document=True),
            ProgressUpdate(action=actions[1], as_at=date(2010, 4, 1), status=Status.IN_PROGRESS, author=lead),
            ProgressUpdate(action=actions[1], as_at=date(2010, 6, 1), status=Status.ACHIEVED, author=lead),
            ProgressUpdate(action=actions[1], as_at=date(2010, 8, 1), status=Status.ACHIEVED, author=lead),
            ProgressUpdate(action=actions[2], as_at=date(2010, 4, 1), status=Status.ACHIEVED, author=lead),
            ProgressUpdate(action=actions[2], as_at=date(2010, 6, 1), status=Status.NOT_ACHIEVED, author=lead),
        ]
    )
    expected = [(None, True), (date(2010, 6, 1), False), (None, False), (None, False)]
    for action, facts in zip(actions, expected, strict=True):
        assert_kept(action, facts)
    ActionState.objects.filter(action__in=actions).update(achieved_on=date(2000, 1, 1), first_recorded=True)
    ActionState.objects.refresh([a.pk for a in actions])  # wherever in doubt: recomputed from scratch
    for action, facts in zip(actions, expected, strict=True):
        assert_kept(action, facts)


def test_deleted_with_its_action(objective, record):
    doomed = Action.objects.create(objective=objective, number="5.98", order=98, text="Doomed")
    assert ActionState.objects.filter(action=doomed).exists()
    doomed.delete()
    assert not ActionState.objects.filter(action_id=doomed.pk).exists()


def test_the_data_migration_fills_rows_written_before_it(objective, action, record, manager):
    """Migration 0021's function, on rows whose kept facts are the defaults (as before it): each row as the rules
    decide it, whatever the history."""
    record(action, date(2010, 4, 1), Status.IN_PROGRESS)
    record(action, date(2010, 6, 1), Status.ACHIEVED, RAG.BLUE)
    record(action, date(2010, 5, 1), Status.ACHIEVED, RAG.BLUE)  # late: became achieved in May
    transcribed = Action.objects.create(objective=objective, number="5.97", order=97, text="Transcribed")
    record(transcribed, date(2010, 4, 1), Status.ONGOING, from_document=True)
    retracted = Action.objects.create(objective=objective, number="5.96", order=96, text="Retracted")
    record(retracted, date(2010, 4, 1), Status.ACHIEVED, from_document=True)
    wrong = record(retracted, date(2010, 6, 1), Status.NOT_ACHIEVED)
    record(retracted, date(2010, 6, 1), Status.NOT_ACHIEVED, corrects=wrong, in_error=True, author=manager)
    ActionState.objects.update(achieved_on=None, first_recorded=False)
    migration = importlib.import_module("actions.migrations.0021_action_state_history_facts")
    migration.fill(apps, connection.schema_editor())
    states = ActionState.objects.all()
    assert states.count() > 30
    for state in states:
        assert (state.achieved_on, state.first_recorded) == decided(state.action_id), state.action_id
    assert kept(action) == (date(2010, 5, 1), False)
    assert kept(transcribed) == (None, True)
    assert kept(retracted) == (date(2010, 4, 1), True)


def copied(action):
    """The state's copy of its latest update: the update, its author, the name given where there is no account,
    and whether it came from a document."""
    state = ActionState.objects.get(action=action)
    return state.update_id, state.author_id, state.author_name, state.from_document


def test_the_state_copies_who_gave_its_latest_update(action, record, manager):
    """What a rating's reason names of the latest update ("update of 1 Jul 2010 by kingston-manager") the state
    copies as each update is recorded, and keeps when one older than the latest comes late; rows written in bulk
    get it from `refresh`. The review trace reads it there (rag.latest_update_paths), never joining the updates."""
    transcribed = record(
        action, date(2010, 4, 1), Status.ONGOING, author=None, author_name="Kingston's plan", from_document=True
    )
    assert copied(action) == (transcribed.pk, None, "Kingston's plan", True)
    latest = record(action, date(2010, 7, 1), Status.IN_PROGRESS, RAG.AMBER, author=manager)
    assert copied(action) == (latest.pk, manager.pk, "", False)
    record(action, date(2010, 5, 1), Status.IN_PROGRESS, author=None, author_name="Late", from_document=True)
    assert copied(action) == (latest.pk, manager.pk, "", False)  # late and older: the latest's copy stays
    ActionState.objects.filter(action=action).update(author=None, author_name="Stale", from_document=True)
    ActionState.objects.refresh([action.pk])  # wherever in doubt: recomputed from scratch
    assert copied(action) == (latest.pk, manager.pk, "", False)
    ratings = rag.ratings_from_latest_update(
        rag.with_latest_update(Action.objects.filter(pk=action.pk)), {action.pk: date(2010, 9, 30)}
    )
    assert ratings[action.pk].reason == f"Amber: update of 1 Jul 2010 by {manager.username}"


def test_the_data_migration_copies_each_states_latest_update(objective, action, record, manager):
    """Migration 0026's function, on rows written before it (the copies empty): each state with its latest update's
    author, name and origin; a state with no update stays empty."""
    record(action, date(2010, 4, 1), Status.IN_PROGRESS, author=manager)
    transcribed = Action.objects.create(objective=objective, number="5.97", order=97, text="Transcribed")
    record(transcribed, date(2010, 4, 1), Status.ONGOING, author=None, author_name="The plan", from_document=True)
    untouched = Action.objects.create(objective=objective, number="5.96", order=96, text="No update")
    ActionState.objects.update(author=None, author_name="", from_document=False)
    migration = importlib.import_module("actions.migrations.0026_action_state_update_author")
    migration.fill(apps, connection.schema_editor())
    states = ActionState.objects.select_related("update")
    assert states.count() > 30
    for state in states:
        update = state.update
        assert (state.author_id, state.author_name, state.from_document) == (
            (update.author_id, update.author_name, update.from_document) if update else (None, "", False)
        ), state.action_id
    assert copied(action)[1:] == (manager.pk, "", False)
    assert copied(transcribed)[1:] == (None, "The plan", True)
    assert copied(untouched) == (None, None, "", False)
