"""actions.rag.RowLayout: the objects of one `values_list` row, made as `select_related` would give them (the
auditors' filter's page of actions, the dates of plans), with no query to read what was read."""

import pytest

from actions import rag
from actions.models import Action
from boards.models import Board
from plans.models import Objective, Plan

pytestmark = pytest.mark.django_db

LAYOUT = rag.RowLayout(
    ("", Action, ("id", "objective", "number", "due_date")),
    ("objective", Objective, ("id", "plan", "title")),
    ("objective__plan", Plan, ("id", "board", "title")),
    ("objective__plan__board", Board, ("id", "short_name")),
)


def test_a_row_layout_makes_what_select_related_gives_and_reads_nothing_more_to_show_it(
    kingston_plan, django_assert_num_queries
):
    actions = Action.objects.filter(objective__plan=kingston_plan).order_by("pk")
    expected = list(actions.select_related("objective__plan__board"))
    assert len(expected) > 5
    with django_assert_num_queries(1):  # the row of each action, and nothing to read its objective, plan or board
        made = [LAYOUT.made(row, actions.db) for row in actions.values_list(*LAYOUT.columns, "text")]
        shown = [
            (a.pk, a.number, a.due_date, a.objective.title, a.objective.plan.title, a.objective.plan.board.short_name)
            for a, _ in made
        ]
    assert shown == [
        (a.pk, a.number, a.due_date, a.objective.title, a.objective.plan.title, a.objective.plan.board.short_name)
        for a in expected
    ]
    assert [rest for _, rest in made] == [(a.text,) for a in expected]  # the values after the layout's
    action = made[0][0]
    assert action == expected[0] and action.objective_id == expected[0].objective_id
    with django_assert_num_queries(1):  # a field not read is deferred: read when asked for, as with only()
        assert action.text == expected[0].text
