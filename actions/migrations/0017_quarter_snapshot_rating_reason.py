"""QuarterSnapshot keeps what the rating's reason is said from: the latest update then, the day an achieved action
became achieved, and whether its only update was transcribed from a document.

Rows written before are filled in from the updates dated on or before their quarter end, by the same rules as
actions.rag (written out here so that this migration does not change with that module), leaving out late
amendments made after a sign-off: a signed-off quarter's row still says what the board saw."""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    Snapshot = apps.get_model("actions", "QuarterSnapshot")
    Update = apps.get_model("actions", "ProgressUpdate")
    db = schema_editor.connection.alias
    rows = Snapshot.objects.using(db)
    for end in rows.values_list("quarter_end", flat=True).distinct():
        at_end = list(rows.filter(quarter_end=end))
        updates = defaultdict(list)
        for update in (
            Update.objects.using(db)
            .filter(action__in=[row.action_id for row in at_end], as_at__lte=end, amended_after_signoff=False)
            .order_by("as_at", "recorded_at", "id")
        ):
            updates[update.action_id].append(update)
        for row in at_end:
            mine = updates[row.action_id]
            retracted = {u.corrects_id for u in mine if u.in_error}
            history = [u for u in mine if not u.in_error and u.id not in retracted]
            latest = history[-1] if history else None
            since = None
            for update in history:
                since = (since or update.as_at) if update.status == "achieved" else None
            row.update_id = latest and latest.id
            row.achieved_on = since if latest is not None and latest.status == "achieved" else None
            row.first_recorded = len(history) == 1 and latest.from_document
        Snapshot.objects.using(db).bulk_update(at_end, ["update", "achieved_on", "first_recorded"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0016_quarter_snapshot_read_columns"),
    ]

    operations = [
        migrations.AddField(
            model_name="quartersnapshot",
            name="update",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="actions.progressupdate",
            ),
        ),
        migrations.AddField(
            model_name="quartersnapshot",
            name="achieved_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="quartersnapshot",
            name="first_recorded",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
