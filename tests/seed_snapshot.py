"""The seed boards and demo accounts, loaded once per test database and put back by copying rows.

Loading the seed from its YAML files goes through the ORM, row by row (a few seconds of CPU). Most tests never pay
it again: they run in a transaction rolled back after them. But a transactional test (a live server for the browser,
a race between two requests) empties every table when it ends, and the next test that asks for the seed would load
it all over again. So the rows of every table are kept in memory once the seed is first loaded, and put back with
plain INSERTs (milliseconds), in one transaction: the database is then exactly as the first load left it, ids
included.

A transactional test ends by putting the seed back in this way (`put_back_instead_of_flushing`) rather than by
Django's flush: the flush's TRUNCATE of every table costs 0.5-1 s on PostgreSQL, and the post-migrate signal it
sends makes every content type and permission again (about 0.4 s on SQLite), only for the seed to be put back over
them when the next test asks for it.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, transaction

from boards.models import Board
from demo.accounts import create_demo_accounts
from demo.seeding import load_seed_boards

# [(table, columns, rows)] of every model's table once the seed is loaded; empty until then
_SNAPSHOT = []


def ensure_seeded():
    """The seed boards and demo accounts in the database: left alone if there, put back if a transactional test
    emptied the database, loaded (and their rows kept) the first time."""
    if Board.objects.filter(slug="kingston").exists():
        return
    if _SNAPSHOT:
        _restore()
    else:
        load_seed_boards()
        create_demo_accounts()
        _take()


def put_back_instead_of_flushing(flush_after_a_transactional_test):
    """A TransactionTestCase._fixture_teardown that leaves the database as the seed's first load left it (every
    table emptied and refilled from the rows kept), once those rows are kept; Django's flush before then."""

    def _fixture_teardown(test_case):
        if _SNAPSHOT and set(test_case._databases_names(include_mirrors=False)) <= {DEFAULT_DB_ALIAS}:
            _restore()
        else:
            flush_after_a_transactional_test(test_case)

    return _fixture_teardown


def _tables():
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _take():
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (a table name from the models)
            columns = [column[0] for column in cursor.description]
            _SNAPSHOT.append((table, columns, cursor.fetchall()))


def _restore():
    """Every table as when the seed was first loaded: emptied (of what a transactional test wrote, or of the content
    types and permissions a flush's post-migrate signal made again under new ids), then refilled. Foreign keys
    are checked at the commit (Django makes them deferrable), so the order of the tables does not matter. A flush may
    have reset PostgreSQL's sequences (`manage.py flush` does), so each is moved past the ids put back."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, _columns, _rows in _SNAPSHOT:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for table, columns, rows in _SNAPSHOT:
            if rows:
                names = ", ".join(quote(column) for column in columns)
                values = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({values})", rows)  # noqa: S608
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(statement)
    ContentType.objects.clear_cache()  # its ids are the first load's again
