"""Quarter snapshots for any ended quarter asked for (`manage.py snapshot_quarter`), not only at sign-off: one narrow
row per action of each plan running at the quarter end, its colour as the report decides it; rows kept at sign-off
are never rewritten."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from actions.models import QuarterSnapshot
from actions.quarters import Quarter

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
