"""Each board's number of actions (actions.ActionCount), kept as its actions' current states are written, is the
number of its rows of ActionState after every way an action comes or goes: one saved, many created in bulk, one
moved to another board's plan, one deleted, a plan deleted, a board deleted. The auditors' filter reads it for its
count when nothing narrows it."""

from datetime import date

import pytest
from django.db.models import Count

from actions.models import Action, ActionCount, ActionState
from boards.models import Board
from plans.models import Objective, Plan
from tests.test_audit_filter import count_of, find

pytestmark = pytest.mark.django_db


def assert_counted():
    states = dict(ActionState.objects.order_by().values_list("board").annotate(n=Count("pk")))
    counts = dict(ActionCount.objects.filter(actions__gt=0).values_list("board", "actions"))
    assert counts == states
    assert not ActionCount.objects.filter(actions__lt=0).exists()


def _objective(board):
    return Objective.objects.filter(plan__board=board).order_by("pk").first()


def test_the_seed_boards_are_counted(seed):
    assert ActionCount.objects.count() >= 3
    assert_counted()


def test_an_action_saved_created_in_bulk_moved_and_deleted(seed, kingston, llr):
    before = ActionCount.objects.of_boards([kingston.pk, llr.pk])
    objective = _objective(kingston)
    one = Action.objects.create(objective=objective, number="99.1", text="A new outcome")
    Action.objects.bulk_create(Action(objective=objective, number=f"99.{n}", text="In bulk") for n in range(2, 5))
    assert ActionCount.objects.of_boards([kingston.pk])[kingston.pk] == before[kingston.pk] + 4
    assert_counted()
    one.text = "Edited, on the same board"
    one.save()
    assert_counted()
    one.objective = _objective(llr)  # moved to another board's plan (the admin can)
    one.save()
    after = ActionCount.objects.of_boards([kingston.pk, llr.pk])
    assert after == {kingston.pk: before[kingston.pk] + 3, llr.pk: before[llr.pk] + 1}
    assert_counted()
    one.delete()
    assert_counted()


def test_a_plan_and_a_board_deleted(seed, llr):
    Plan.objects.filter(board=llr).delete()
    assert llr.pk not in ActionCount.objects.of_boards([llr.pk])
    assert_counted()
    board = Board.objects.create(name="A board to delete", short_name="Gone", slug="gone")
    plan = Plan.objects.create(
        board=board, title="Plan", kind="business", period_start=date(2024, 4, 1), period_end=date(2026, 3, 31)
    )
    objective = Objective.objects.create(plan=plan, number="1", title="Aim", order=1)
    Action.objects.bulk_create(Action(objective=objective, number=f"1.{n}", text="An outcome") for n in range(3))
    assert ActionCount.objects.of_boards([board.pk]) == {board.pk: 3}
    board.delete()
    assert not ActionCount.objects.filter(board=board.pk).exists()
    assert_counted()


def test_the_filter_counts_an_action_added(login, auditor, kingston):
    client = login(auditor)
    every = count_of(find(client))
    Action.objects.create(objective=_objective(kingston), number="99.1", text="A new outcome")
    assert count_of(find(client)) == every + 1 == Action.objects.for_boards(Board.objects.all()).count()
