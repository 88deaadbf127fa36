"""A transactional test ends with the seed put back (tests/seed_snapshot.py), in place of Django's flush; the seed put
back, then or after a flush, is row for row the seed first loaded, so the tests that follow see the same boards, plans
and accounts either way."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TransactionTestCase

from boards.models import Board
from tests import seed_snapshot


def rows_of_every_table():
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = {}
        for table, _columns, _rows in seed_snapshot._SNAPSHOT:
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            tables[table] = sorted(cursor.fetchall(), key=repr)
    return tables


def seed_ids():
    (columns, rows) = next(
        (columns, rows) for table, columns, rows in seed_snapshot._SNAPSHOT if table == "boards_board"
    )
    return [row[columns.index("id")] for row in rows]


@pytest.mark.django_db(transaction=True)
def test_the_seed_put_back_after_a_flush_is_the_seed_first_loaded(seed, login, django_user_model):
    assert seed_snapshot._SNAPSHOT  # kept when the seed was first loaded
    first = {table: sorted(rows, key=repr) for table, _columns, rows in seed_snapshot._SNAPSHOT}
    assert first["boards_board"] and first["auth_user"]
    call_command("flush", interactive=False, verbosity=0)  # as at the end of a transactional test
    seed_snapshot.ensure_seeded()
    assert rows_of_every_table() == first
    auditor = django_user_model.objects.get(username="auditor")
    assert auditor.check_password("safeguarding")  # the demo accounts' password, as before
    assert "Kingston" in login(auditor).get("/").content.decode()
    # `manage.py flush` also starts the ids again at 1: new rows still take ids past the rows put back
    assert Board.objects.create(slug="new", name="A new board", short_name="New").pk > max(seed_ids())


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_ends_with_the_seed_first_loaded_not_an_empty_database(seed, django_user_model):
    first = {table: sorted(rows, key=repr) for table, _columns, rows in seed_snapshot._SNAPSHOT}
    Board.objects.create(slug="new", name="A new board", short_name="New")
    Board.objects.get(slug="leeds").plans.update(title="Changed")
    django_user_model.objects.filter(username="auditor").update(first_name="Changed")
    TransactionTestCase()._fixture_teardown()  # what ends this test (pytest-django's transactional teardown)
    assert rows_of_every_table() == first
