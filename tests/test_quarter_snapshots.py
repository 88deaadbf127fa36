"""Quarter snapshots for any ended quarter asked for (`manage.py snapshot_quarter`), not only at sign-off: one narrow
row per action of each plan running at the quarter end, its colour as the report decides it; rows kept at sign-off
are never rewritten."""

import importlib
from datetime import date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import RAG, Action, ProgressUpdate, QuarterSignoff, QuarterSnapshot, Status
from actions.quarters import Quarter, quarter_of
from actions.snapshots import rewrite_after
from plans.models import Objective
from reporting.reports import plan_quarters, quarterly_report

pytestmark = pytest.mark.django_db

Q2 = Quarter(2010, 2)
Q3 = Quarter(2010, 3)


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


def sign_off(plan, quarter, manager, chair):
    """The quarter signed off (as `reporting.signoff.sign_off` leaves it, less the report it renders)."""
    return QuarterSignoff.objects.create(
        plan=plan, quarter_end=quarter.end, submitted_by=manager, signed_off_by=chair, signed_off_at=timezone.now()
    )


def test_a_signed_off_quarters_rows_are_kept_as_signed_off(kingston_plan, manager, chair):
    snapshot("--quarter", "2010-Q2", "--board", "kingston")
    row = QuarterSnapshot.objects.filter(quarter_end=Q2.end).first()
    QuarterSnapshot.objects.filter(pk=row.pk).update(rag="red")  # as a sign-off wrote it
    sign_off(kingston_plan, Q2, manager, chair)
    snapshot("--quarter", "2010-Q2", "--board", "kingston")
    assert QuarterSnapshot.objects.get(pk=row.pk).rag == "red"


def test_a_quarter_not_signed_off_is_rewritten_when_asked_again(kingston_plan):
    snapshot("--quarter", "2010-Q2", "--board", "kingston")
    row = QuarterSnapshot.objects.filter(quarter_end=Q2.end).first()
    QuarterSnapshot.objects.filter(pk=row.pk).update(rag="red")  # stale: not what the rules say now
    snapshot("--quarter", "2010-Q2", "--board", "kingston")
    assert QuarterSnapshot.objects.get(pk=row.pk).rag != "red"


def test_last_names_the_latest_quarter_that_has_ended(seed):
    ended = quarter_of(timezone.localdate()).previous()
    assert f"Snapshots of {ended.label} kept for 0 plans." in snapshot("--quarter", "last")


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


def rows_as_the_report_shows(plan, quarter):
    report = quarterly_report(plan, quarter)
    return sorted(
        (
            line.action.pk,
            line.action.number,
            line.action.due_date,
            line.rating.status or "",
            line.rating.colour or "",
            line.rating.overdue,
            line.rating.missing_update,
            line.rating.completed_late,
            line.rating.update and line.rating.update.pk,
            line.rating.achieved_on,
            line.rating.first_recorded,
        )
        for line in report.lines
    )


def rows_kept(plan, quarter):
    return sorted(
        QuarterSnapshot.objects.filter(plan=plan, quarter_end=quarter.end).values_list(
            "action",
            "number",
            "due_date",
            "status",
            "rag",
            "overdue",
            "missing_update",
            "completed_late",
            "update",
            "achieved_on",
            "first_recorded",
        )
    )


def test_rows_are_what_the_quarterly_report_shows_at_every_quarter_end(kingston_plan, llr, leeds, achieved_late):
    # an outcome renumbered and given another due date since: the rows keep them as they stood, as the report does
    edited = Action.objects.filter(objective__plan=kingston_plan, due_date__isnull=False).last()
    edited.number, edited.due_date = "99.9", date(2030, 1, 1)
    edited.save()
    for plan in (kingston_plan, *llr.plans.all(), *leeds.plans.all()):
        for quarter in plan_quarters(plan):
            if quarter.end > plan.period_end:
                continue
            snapshot("--quarter", quarter.code, "--board", plan.board.slug)
            assert rows_kept(plan, quarter) == rows_as_the_report_shows(plan, quarter), (plan, quarter)
    assert QuarterSnapshot.objects.filter(action=edited).exclude(number="99.9").exists()


def reads_of_snapshot_quarter(*args):
    with CaptureQueriesContext(connection) as queries:
        call_command("snapshot_quarter", "--quarter", "2010-Q2", *args, stdout=StringIO())
    return [q["sql"].split()[0] for q in queries.captured_queries if not q["sql"].startswith("INSERT")]


def test_writing_a_quarter_reads_the_same_whatever_the_number_of_plans(seed):
    # the running plans; a savepoint; the batch's actions, the history of those edited since, their updates; the
    # rows are then written, as many statements as the database takes rows in one
    one_board = reads_of_snapshot_quarter("--board", "kingston")
    assert one_board == ["SELECT", "SAVEPOINT", "SELECT", "SELECT", "SELECT", "RELEASE"]
    assert reads_of_snapshot_quarter() == one_board
    assert QuarterSnapshot.objects.values("plan").distinct().count() >= 3


# --- kept fresh: progress recorded late for a quarter not signed off ------------------------------------------------


def test_a_late_update_rewrites_the_rows_of_the_quarters_it_changes(kingston_plan, login, auditor):
    snapshot("--quarter", "2010-Q2", "--board", "kingston")
    snapshot("--quarter", "2010-Q3", "--board", "kingston")
    # one of the five outcomes with no update as at the end of Q2
    action = Action.objects.filter(
        objective__plan=kingston_plan, snapshots__quarter_end=Q2.end, snapshots__status=""
    ).first()
    update = ProgressUpdate.objects.create(
        action=action, as_at=date(2010, 9, 1), status=Status.IN_PROGRESS, rag=RAG.AMBER, author_name="Late"
    )
    assert QuarterSnapshot.objects.get(action=action, quarter_end=Q2.end).rag == "amber"
    assert QuarterSnapshot.objects.get(action=action, quarter_end=Q3.end).update_id == update.pk
    assert rows_kept(kingston_plan, Q2) == rows_as_the_report_shows(kingston_plan, Q2)

    ProgressUpdate.objects.create(  # recorded in error: retracted, the rows go back
        action=action, as_at=update.as_at, status=update.status, corrects=update, in_error=True, author_name="Late"
    )
    assert QuarterSnapshot.objects.get(action=action, quarter_end=Q2.end).rag == ""
    assert rows_kept(kingston_plan, Q3) == rows_as_the_report_shows(kingston_plan, Q3)


def test_a_signed_off_quarters_rows_stay_and_the_late_update_is_refused(kingston_plan, manager, chair):
    snapshot("--quarter", "2010-Q2", "--board", "kingston")
    sign_off(kingston_plan, Q2, manager, chair)
    before = rows_kept(kingston_plan, Q2)
    action = Action.objects.filter(objective__plan=kingston_plan, snapshots__status="").first()
    with pytest.raises(ValidationError), transaction.atomic():
        ProgressUpdate.objects.create(
            action=action, as_at=date(2010, 9, 1), status=Status.IN_PROGRESS, rag=RAG.RED, author_name="Late"
        )
    ProgressUpdate.objects.create(  # a manager's late amendment: shown next quarter, never in the signed-off one
        action=action,
        as_at=date(2010, 9, 1),
        status=Status.IN_PROGRESS,
        rag=RAG.RED,
        author_name="Late",
        amended_after_signoff=True,
        late_reason="Missed at the meeting",
    )
    assert rows_kept(kingston_plan, Q2) == before


def test_progress_dated_in_the_current_quarter_reads_nothing_more(kingston_in_force, django_assert_num_queries):
    action = Action.objects.filter(objective__plan=kingston_in_force).first()
    today = timezone.localdate()
    with django_assert_num_queries(0):
        rewrite_after([action.pk], today)
    # dated in an ended quarter: one query, the rows to rewrite (none here)
    with django_assert_num_queries(1):
        rewrite_after([action.pk], today - timedelta(days=100))
