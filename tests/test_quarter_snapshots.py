"""Quarter snapshots for any ended quarter asked for (`manage.py snapshot_quarter`), not only at sign-off: one narrow
row per action of each plan running at the quarter end, its colour as the report decides it; rows kept at sign-off
are never rewritten."""

import importlib
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from actions.models import RAG, Action, ProgressUpdate, QuarterSnapshot, Status
from actions.quarters import Quarter
from plans.models import Objective
from reporting.reports import quarterly_report

pytestmark = pytest.mark.django_db

Q2 = Quarter(2010, 2)


def snapshot(*args):
    out = StringIO()
    call_command("snapshot_quarter", *args, stdout=out)
    return out.getvalue()


def test_any_ended_quarter_is_snapshotted_once_per_action(kingston_plan, llr):
    assert "kept for 1 plan." in snapshot("--quarter", "Q2 2010/11", "--board", "kingston")
    rows = QuarterSnapshot.objects.filter(quarter_end=Q2.end)
    assert rows.count() == 52  # Kingston's 52 outcomes, as the Q2 2010/11 report counts them
    assert rows.filter(rag="blue").count() == 18 and set(rows.values_list("action__objective__plan", flat=True)) == {
        kingston_plan.pk
    }
    snapshot("--quarter", "2010-Q2", "--board", "kingston")
    assert QuarterSnapshot.objects.filter(quarter_end=Q2.end).count() == 52  # asked again: nothing doubled


def test_a_signed_off_quarters_rows_are_kept_as_signed_off(kingston_plan):
    snapshot("--quarter", "2010-Q2", "--board", "kingston")
    row = QuarterSnapshot.objects.filter(quarter_end=Q2.end).first()
    QuarterSnapshot.objects.filter(pk=row.pk).update(rag="red")  # as a sign-off wrote it
    snapshot("--quarter", "2010-Q2", "--board", "kingston")
    assert QuarterSnapshot.objects.get(pk=row.pk).rag == "red"


def test_plans_not_running_at_the_quarter_end_are_left_out(seed):
    assert "kept for 0 plans." in snapshot("--quarter", "Q2 2000/01")
    assert not QuarterSnapshot.objects.exists()


@pytest.mark.parametrize("quarter", ["Q5 2010/11", "2999-Q1", "next quarter"])
def test_a_quarter_that_will_not_do_is_named(seed, quarter):
    with pytest.raises(CommandError):
        snapshot("--quarter", quarter)
    assert not QuarterSnapshot.objects.exists()


FILLED = ("board", "plan", "objective", "rag_rank", "overdue", "missing_update", "completed_late")


Q4 = Quarter(2010, 4)  # Kingston's last quarter: 26 outcomes overdue, 34 missing their update


@pytest.fixture
def achieved_late(kingston_plan):
    """One of Kingston's overdue outcomes, achieved in February 2011: completed late as at the end of Q4."""
    action = Action.objects.filter(objective__plan=kingston_plan, due_date__lt=date(2011, 1, 1)).exclude(
        updates__status=Status.ACHIEVED
    )[0]
    ProgressUpdate.objects.create(
        action=action, as_at=date(2011, 2, 1), status=Status.ACHIEVED, rag=RAG.BLUE, author_name="Business Manager"
    )
    return action


def test_rows_carry_what_readers_filter_group_and_sort_by(kingston_plan, achieved_late):
    snapshot("--quarter", "2010-Q4", "--board", "kingston")
    report = quarterly_report(kingston_plan, Q4)
    rows = {row.action_id: row for row in QuarterSnapshot.objects.filter(quarter_end=Q4.end)}
    for line in report.lines:
        row = rows[line.action.pk]
        assert (row.board_id, row.plan_id, row.objective_id) == (
            kingston_plan.board_id,
            kingston_plan.pk,
            line.action.objective_id,
        )
        assert (row.overdue, row.missing_update, row.completed_late) == (
            line.rating.overdue,
            line.rating.missing_update,
            line.rating.completed_late,
        )
        assert row.rag_rank == (line.rating.rank if line.rating.rated else 4)
    assert report.summary.overdue and report.summary.completed_late and report.missing_update  # each flag is tried
    # sorted by the database: Red first, not rated last
    ranked = list(QuarterSnapshot.objects.filter(quarter_end=Q4.end).order_by("rag_rank").values_list("rag", flat=True))
    assert ranked[0] == "red" and ranked[-1] == "" and "red" not in ranked[ranked.index("blue") :]


def test_the_migration_fills_in_rows_written_before_it(kingston_plan, achieved_late, leeds):
    snapshot("--quarter", "2010-Q2", "--board", "kingston")
    snapshot("--quarter", "2010-Q4", "--board", "kingston")
    rows = QuarterSnapshot.objects.all()
    expected = sorted(rows.values_list("action", *FILLED))
    elsewhere = Objective.objects.filter(plan__board=leeds).select_related("plan").first()
    rows.update(  # as a row written before the migration: the new columns hold nothing of use
        board=elsewhere.plan.board_id,
        plan=elsewhere.plan,
        objective=elsewhere,
        rag_rank=4,
        overdue=False,
        missing_update=False,
        completed_late=False,
    )
    migration = importlib.import_module("actions.migrations.0016_quarter_snapshot_read_columns")
    migration.backfill(apps, connection.schema_editor())
    assert sorted(rows.values_list("action", *FILLED)) == expected
