"""QuarterSnapshot carries what its readers filter, group and sort by: the board, plan and objective, the colour's
rank, and overdue, missing update and completed late as at the quarter end.

Rows written before are filled in from what they already hold and the updates dated on or before their quarter end
(the same rules as actions.rag, written out here so that this migration does not change with that module). Updates
recorded as late amendments after a sign-off are left out, so a signed-off quarter's row says what the board saw."""

import datetime

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q, Subquery

RANK = {"red": 0, "amber": 1, "green": 2, "blue": 3}  # actions.rag.RANK; not rated: 4
CLOSED = ("achieved", "superseded")


def _quarter_start(end):
    """The first day of the UK financial-year quarter ending on `end` (30 Jun, 30 Sep, 31 Dec, 31 Mar)."""
    return datetime.date(end.year, end.month - 2, 1)


def backfill(apps, schema_editor):
    Snapshot = apps.get_model("actions", "QuarterSnapshot")
    Update = apps.get_model("actions", "ProgressUpdate")
    Objective = apps.get_model("plans", "Objective")
    rows = Snapshot.objects.using(schema_editor.connection.alias)
    if not rows.exists():
        return
    if schema_editor.connection.vendor == "postgresql":  # no deferred foreign-key checks left pending before the
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # columns are made NOT NULL below
    objective = Subquery(Objective.objects.filter(actions=OuterRef("action")).values("pk")[:1])
    plan = Subquery(Objective.objects.filter(actions=OuterRef("action")).values("plan")[:1])
    board = Subquery(Objective.objects.filter(actions=OuterRef("action")).values("plan__board")[:1])
    rows.update(objective=objective, plan=plan, board=board)
    for colour, rank in RANK.items():
        rows.filter(rag=colour).update(rag_rank=rank)
    open_ = ~Q(status__in=CLOSED)
    rows.filter(open_, due_date__lt=models.F("quarter_end")).update(overdue=True)
    # what the rules read: not a retraction, not retracted, not a late amendment made after a sign-off
    rated = (
        Update.objects.exclude(in_error=True).exclude(corrections__in_error=True).exclude(amended_after_signoff=True)
    )
    for end in rows.values_list("quarter_end", flat=True).distinct():
        at_end = rows.filter(quarter_end=end)
        in_quarter = rated.filter(action=OuterRef("action"), as_at__gte=_quarter_start(end), as_at__lte=end)
        at_end.filter(open_).exclude(Exists(in_quarter)).update(missing_update=True)
        # achieved after its due date: the latest update on or before the end that is of another status or dated
        # by the due date is not an Achieved one (actions.rag._achieved_late)
        x = (
            rated.filter(action=OuterRef("action"), as_at__lte=end)
            .filter(~Q(status="achieved") | Q(as_at__lte=OuterRef("due_date")))
            .order_by("-as_at", "-recorded_at", "-id")
            .values("status")[:1]
        )
        late = at_end.filter(status="achieved", due_date__lt=end).annotate(x=Subquery(x))
        late.filter(Q(x__isnull=True) | ~Q(x="achieved")).update(completed_late=True)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0015_progress_after_plan_end"),
        ("boards", "0005_membership_since"),
        ("plans", "0010_objective_effective_dating"),
    ]

    operations = [
        migrations.AddField(
            model_name="quartersnapshot",
            name="board",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="boards.board"
            ),
        ),
        migrations.AddField(
            model_name="quartersnapshot",
            name="plan",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.plan"
            ),
        ),
        migrations.AddField(
            model_name="quartersnapshot",
            name="objective",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.objective"
            ),
        ),
        migrations.AddField(
            model_name="quartersnapshot",
            name="rag_rank",
            field=models.PositiveSmallIntegerField(
                default=4,
                help_text="The colour's place in actions.rag.RANK (Red first), not rated last: for sorting.",
            ),
        ),
        migrations.AddField(
            model_name="quartersnapshot",
            name="overdue",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="quartersnapshot",
            name="missing_update",
            field=models.BooleanField(default=False, help_text="Open, and no update dated in the quarter."),
        ),
        migrations.AddField(
            model_name="quartersnapshot",
            name="completed_late",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="quartersnapshot",
            name="board",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="boards.board"),
        ),
        migrations.AlterField(
            model_name="quartersnapshot",
            name="plan",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.plan"),
        ),
        migrations.AlterField(
            model_name="quartersnapshot",
            name="objective",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.objective"
            ),
        ),
        migrations.AddIndex(
            model_name="quartersnapshot",
            index=models.Index(fields=["quarter_end", "board", "rag"], name="snapshot_quarter_board_rag_idx"),
        ),
        migrations.AddIndex(
            model_name="quartersnapshot",
            index=models.Index(fields=["quarter_end", "plan"], name="snapshot_quarter_plan_idx"),
        ),
        migrations.AddIndex(
            model_name="quartersnapshot",
            index=models.Index(fields=["quarter_end", "rag_rank"], name="snapshot_quarter_rank_idx"),
        ),
    ]
