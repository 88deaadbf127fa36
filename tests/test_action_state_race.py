"""Two writers at once on one action's current state (`actions.models.ActionState`): progress updates recorded on
the same action at the same moment from two connections leave the state holding the newer update (by as-at date,
then recorded time, then id: actions.models.LATEST_FIRST), whichever commits last. Never a lost update: not
with a late update for a past quarter, nor with an update recorded in bulk (`ActionStateManager.refresh`, which
recomputes the state from every update) racing one recorded alone (`ActionStateManager.recorded`).

Each race is run so that the two really overlap, as in tests/test_lost_updates.py (threads, each with its own
connection, on a committed database): the first writer records its update and holds its transaction open until
the second is waiting for it (on PostgreSQL, seen waiting on a lock in pg_stat_activity; on SQLite, which lets one
writer at a time, a moment), then commits; the second commits last.

Each race runs twice: as the app records an update, and with the state's own receiver alone on ProgressUpdate's
post_save. Another receiver, now or later, may serialise the two writers before they reach the state: the second
run checks the state's own guarantee."""

import threading
import time
from datetime import UTC, date, datetime

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save

from actions.models import RAG, Action, ActionState, ProgressUpdate, Status

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 30  # seconds: far more than a race takes; a writer stuck this long fails the test instead of hanging it


def at(day, hour=12):
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


@pytest.fixture(params=["as recorded", "state receiver alone"])
def receivers(request):
    """ProgressUpdate's post_save receivers: all of them, or only actions' own (actions.signals.update_recorded)."""
    if request.param == "as recorded":
        yield
        return
    every = post_save.receivers
    with post_save.lock:  # a receiver is ((dispatch_uid or the receiver's id, the sender's id), receiver, is_async)
        post_save.receivers = [
            r for r in every if r[0][1] != id(ProgressUpdate) or r[0][0] == "actions.refresh_state_on_update"
        ]
        post_save.sender_receivers_cache.clear()
    try:
        yield
    finally:
        with post_save.lock:
            post_save.receivers = every
            post_save.sender_receivers_cache.clear()


@pytest.fixture
def action(seed, receivers):
    """A new Kingston action with an update of March 2010, so that its state already holds one."""
    objective = seed["kingston"].plans.get().objectives.get(number="5")
    action = Action.objects.create(objective=objective, number="5.90", order=90, text="Raced", due_date=None)
    ProgressUpdate.objects.create(
        action=action, as_at=date(2010, 3, 31), status=Status.NOT_STARTED, recorded_at=at(date(2010, 4, 2))
    )
    return action


def _wait_until_the_second_writer_waits():
    if connection.vendor != "postgresql":
        time.sleep(0.3)  # SQLite: it waits for the database's write lock, which no view shows
        return
    deadline = time.monotonic() + TIMEOUT
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # waiting for another transaction's row (not a moment's wait to extend a table, which ends by itself)
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND wait_event IN ('transactionid', 'tuple') "
                "AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("the second writer never waited for the first")


def race(first, second):
    """Run the callables `first` and `second` at the same time, each in a transaction on its own connection:
    `first` writes, then holds its transaction open until `second` is waiting for it, and commits first.
    Returns the order in which they committed."""
    written, release = threading.Event(), threading.Event()
    committed, errors = [], []

    def run_first():
        try:
            with transaction.atomic():
                first()
                written.set()
                assert release.wait(TIMEOUT), "never released"
                # noted just before the COMMIT: the second writer, waiting on it, may return from its own COMMIT
                # before this thread runs again (a busy machine), so noting it after would misreport the order
                committed.append("first")
        except BaseException as error:  # reported by the test's thread, not lost in this one
            errors.append(error)
        finally:
            written.set()
            connection.close()  # each thread has its own connection: give it back

    def run_second():
        try:
            assert written.wait(TIMEOUT), "the first writer never wrote"
            with transaction.atomic():
                second()
            committed.append("second")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    try:
        assert written.wait(TIMEOUT)
        if not errors:
            _wait_until_the_second_writer_waits()
    finally:
        release.set()
        for thread in threads:
            thread.join(TIMEOUT * 2)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads)
    return committed


def record(action, as_at, status, rag="", recorded_at=None):
    """A callable recording one update as the progress form does (`objects.create`, one per request), that keeps
    what it recorded in `.update`."""

    def _record():
        more = {"recorded_at": recorded_at} if recorded_at else {}
        _record.update = ProgressUpdate.objects.create(action=action, as_at=as_at, status=status, rag=rag, **more)

    return _record


def assert_the_state_is(action, update):
    """The action's state holds `update`, and `update` is its newest by LATEST_FIRST, read back from the database."""
    newest = ProgressUpdate.objects.filter(action=action).order_by("-as_at", "-recorded_at", "-id").first()
    assert newest.pk == update.pk
    state = ActionState.objects.get(action=action)
    assert (state.update_id, state.as_at, state.recorded_at, state.status, state.rag) == (
        update.pk,
        update.as_at,
        newest.recorded_at,
        update.status,
        update.rag,
    )


JUNE, SEPTEMBER = date(2010, 6, 30), date(2010, 9, 30)
SAME_MOMENT = at(date(2010, 10, 5))


@pytest.mark.parametrize(
    ("first", "second", "newer"),
    [
        # by as-at date, in both orders
        ((JUNE, None), (SEPTEMBER, None), "second"),
        ((SEPTEMBER, None), (JUNE, None), "first"),
        # the same as-at date: by recorded time (a correction recorded later wins), in both orders
        ((SEPTEMBER, at(date(2010, 10, 20))), (SEPTEMBER, at(date(2010, 10, 5))), "first"),
        ((SEPTEMBER, at(date(2010, 10, 5))), (SEPTEMBER, at(date(2010, 10, 20))), "second"),
        # the same as-at date and recorded time: by id (the second writer inserts after the first, so a higher id)
        ((SEPTEMBER, SAME_MOMENT), (SEPTEMBER, SAME_MOMENT), "second"),
    ],
    ids=["older-first", "newer-first", "recorded-later-first", "recorded-later-last", "same-moment"],
)
def test_two_updates_recorded_at_once_leave_the_newer_whichever_commits_last(action, first, second, newer):
    writers = {
        "first": record(action, first[0], Status.IN_PROGRESS, RAG.AMBER, first[1]),
        "second": record(action, second[0], Status.ONGOING, RAG.GREEN, second[1]),
    }
    assert race(writers["first"], writers["second"]) == ["first", "second"]
    assert_the_state_is(action, writers[newer].update)


@pytest.mark.parametrize("late_commits", ["first", "last"])
def test_a_late_update_for_a_past_quarter_racing_a_current_one_leaves_the_current_one(action, late_commits):
    # the December update and, recorded after it, a late one for June (the quarter it reports on long ended)
    current = record(action, date(2010, 12, 31), Status.ONGOING, RAG.GREEN, at(date(2011, 1, 10), 9))
    late = record(action, JUNE, Status.IN_PROGRESS, RAG.RED, at(date(2011, 1, 10), 10))
    writers = (late, current) if late_commits == "first" else (current, late)
    assert race(*writers) == ["first", "second"]
    assert_the_state_is(action, current.update)
    assert late.update.recorded_late


def record_in_bulk(action, as_at, status, rag="", recorded_at=None):
    """A callable recording one update through `bulk_create` (a lead's quarterly sheet, an import): the state is
    recomputed from every update (`ActionStateManager.refresh`) rather than compared with the one recorded."""

    def _record():
        (_record.update,) = ProgressUpdate.objects.bulk_create(
            [
                ProgressUpdate(
                    action=action, as_at=as_at, status=status, rag=rag, recorded_at=recorded_at or at(date(2011, 1, 10))
                )
            ]
        )

    return _record


@pytest.mark.parametrize("bulk_commits", ["first", "last"])
def test_an_update_recorded_in_bulk_racing_one_recorded_alone_leaves_the_newer(action, bulk_commits):
    newer = record(action, date(2010, 12, 31), Status.ONGOING, RAG.GREEN)
    older = record_in_bulk(action, JUNE, Status.IN_PROGRESS, RAG.RED)
    assert race(*((older, newer) if bulk_commits == "first" else (newer, older))) == ["first", "second"]
    assert_the_state_is(action, newer.update)
