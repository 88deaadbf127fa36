"""Each objective's number of actions and of achieved ones (actions.ObjectiveCount), kept as its actions' current
states are written, is the count of its rows of ActionState (and of those whose status is Achieved) after every
way an action or its status changes: an update recorded, an update recorded late (for an earlier date), a
correction retracting the latest update, an action moved to another objective or another board's plan, an action
deleted, an objective deleted, rows refreshed in bulk. A national review's summary reads it as at today and gives
the numbers the live count of the actions' states gives."""

from datetime import date, timedelta

import pytest
from django.db.models import Count, F, Q

from actions.models import Action, ActionState, ObjectiveCount, ProgressUpdate, Status
from plans.models import Objective, Plan
from reporting import trace
from reviews.models import Finding, Review
from tests.test_review_summary import add_boards

pytestmark = pytest.mark.django_db


def assert_counted():
    states = {
        objective: (n, achieved)
        for objective, n, achieved in ActionState.objects.order_by()
        .values_list("objective")
        .annotate(n=Count("pk"), achieved=Count("pk", filter=Q(status=Status.ACHIEVED)))
    }
    counts = {
        objective: (n, achieved)
        for objective, n, achieved in ObjectiveCount.objects.filter(actions__gt=0).values_list(
            "objective", "actions", "achieved"
        )
    }
    assert counts == states
    assert not ObjectiveCount.objects.filter(Q(achieved__lt=0) | Q(achieved__gt=F("actions"))).exists()


def _objective(board, n=0):
    return Objective.objects.filter(plan__board=board).order_by("pk")[n]


def _count(objective):
    row = ObjectiveCount.objects.filter(objective=objective).first()
    return (row.actions, row.achieved) if row else (0, 0)


def _record(action, status, as_at=None, **kwargs):
    return ProgressUpdate.objects.create(
        action=action, as_at=as_at or date.today(), status=status, rag="green", author_name="Test", **kwargs
    )


def test_the_seed_objectives_are_counted(seed):
    assert ObjectiveCount.objects.exists()
    assert_counted()


def test_updates_recorded_late_and_corrected(seed, kingston):
    objective = _objective(kingston)
    action = Action.objects.create(objective=objective, number="99.1", text="A new outcome")
    before = _count(objective)
    _record(action, Status.IN_PROGRESS)
    assert _count(objective) == before
    achieved = _record(action, Status.ACHIEVED)
    assert _count(objective) == (before[0], before[1] + 1)
    assert_counted()
    _record(action, Status.ACHIEVED)  # achieved again: the same
    assert _count(objective) == (before[0], before[1] + 1)
    # recorded late, for an earlier date: not the latest, nothing changes
    _record(action, Status.NOT_STARTED, as_at=date.today() - timedelta(days=3))
    assert _count(objective) == (before[0], before[1] + 1)
    assert_counted()
    # the latest two Achieved updates retracted as recorded in error: the one before them is latest again
    latest = ProgressUpdate.objects.filter(action=action, status=Status.ACHIEVED).order_by("-id").first()
    for update in (latest, achieved):
        _record(action, update.status, as_at=update.as_at, corrects=update, in_error=True)
    assert _count(objective) == before
    assert_counted()
    _record(action, Status.ACHIEVED)
    _record(action, Status.NOT_ACHIEVED)  # no longer achieved
    assert _count(objective) == before
    assert_counted()


def test_an_action_moved_to_another_objective_or_board_and_deleted(seed, kingston, llr):
    first, second, elsewhere = _objective(kingston), _objective(kingston, 1), _objective(llr)
    counts = {o.pk: _count(o) for o in (first, second, elsewhere)}
    action = Action.objects.create(objective=first, number="99.1", text="A new outcome")
    _record(action, Status.ACHIEVED)
    assert _count(first) == (counts[first.pk][0] + 1, counts[first.pk][1] + 1)
    action.text = "Edited, under the same objective"
    action.save()
    assert_counted()
    action.objective = second  # another objective of the same board
    action.save()
    assert _count(first) == counts[first.pk]
    assert _count(second) == (counts[second.pk][0] + 1, counts[second.pk][1] + 1)
    assert_counted()
    action.objective = elsewhere  # another board's plan
    action.save()
    assert _count(second) == counts[second.pk]
    assert _count(elsewhere) == (counts[elsewhere.pk][0] + 1, counts[elsewhere.pk][1] + 1)
    assert_counted()
    deleted = Action.objects.create(objective=elsewhere, number="99.2", text="To delete")
    assert _count(elsewhere) == (counts[elsewhere.pk][0] + 2, counts[elsewhere.pk][1] + 1)
    deleted.delete()
    assert _count(elsewhere) == (counts[elsewhere.pk][0] + 1, counts[elsewhere.pk][1] + 1)
    assert_counted()


def test_an_objective_and_a_plan_deleted(seed, llr):
    objective = Objective.objects.create(plan=_objective(llr).plan, number="98", title="To delete", order=98)
    Action.objects.bulk_create(Action(objective=objective, number=f"98.{n}", text="An outcome") for n in range(3))
    assert _count(objective) == (3, 0)
    objective.delete()
    assert not ObjectiveCount.objects.filter(objective=objective.pk).exists()
    assert_counted()
    Plan.objects.filter(board=llr).delete()
    assert not ObjectiveCount.objects.filter(objective__plan__board=llr).exists()
    assert_counted()


def test_rows_refreshed_in_bulk(seed, kingston):
    objective = _objective(kingston)
    before = _count(objective)
    actions = Action.objects.bulk_create(
        Action(objective=objective, number=f"97.{n}", order=n, text="In bulk") for n in range(4)
    )
    assert _count(objective) == (before[0] + 4, before[1])
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=a, as_at=date.today(), status=Status.ACHIEVED, author_name="Test") for a in actions[:3]
    )
    assert _count(objective) == (before[0] + 4, before[1] + 3)
    # a refresh of rows already right changes nothing
    ActionState.objects.refresh(Action.objects.filter(objective__plan__board=kingston).values_list("pk", flat=True))
    assert _count(objective) == (before[0] + 4, before[1] + 3)
    assert_counted()


def test_the_summary_as_at_today_gives_the_live_count(seed, auditor):
    laming = Review.objects.get(code="LR", board__isnull=True)
    Finding.objects.create(review=laming, number="1", text="A finding", order=1)
    add_boards(auditor, laming, 6)
    boards = trace.boards_shown(laming, auditor)
    assert len(boards) > trace.SIDE_BY_SIDE
    summary = trace.summarise(laming, boards)
    # the live count: the actions' states rated as at today (what an earlier date reads)
    live = {board.pk: trace.BoardSummary(board) for board in boards}
    by_finding = {}
    trace._count_states(laming, [board.pk for board in boards], date.today(), live, by_finding)
    assert {b.board.pk: b.share for b in summary.boards} == {pk: b.share for pk, b in live.items()}
    assert any(b.share.total for b in summary.boards)
    assert {row.finding.pk: (row.share.total, row.share.achieved) for row in summary.rows} == {
        finding.pk: by_finding.get(finding.pk, (0, 0)) for finding in laming.findings.all()
    }
    assert any(row.share.achieved for row in summary.rows)
