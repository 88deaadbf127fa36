
from django.db import migrations, models

ACTIONS_AT_ONCE = 5000  # a batch's updates (a dozen an action) are read into memory together


def standing(updates):
    """(the latest update that counts, the day it became achieved where it says Achieved, whether it is the only one
    counting and was transcribed from a document) of one action's updates (any order): the rules of
    actions.rag._standing as they stand at this migration (a migration never imports the code it may outlive)."""
    retracted = {u.corrects_id for u in updates if u.in_error}
    history = sorted(
        (u for u in updates if not u.in_error and u.id not in retracted), key=lambda u: (u.as_at, u.recorded_at, u.id)
    )
    if not history:
        return None, None, False
    latest, since = history[-1], None
    for update in history:
        since = (since or update.as_at) if update.status == "achieved" else None
    return latest, since if latest.status == "achieved" else None, len(history) == 1 and latest.from_document


def fill(apps, schema_editor):
    """Each current state's `achieved_on` and `first_recorded`, from its action's updates, a batch of actions at a
    time; only the rows where either differs from its default are written (an achieved action, or one whose only
    update was transcribed): the others hold the defaults already."""
    db = schema_editor.connection.alias
    State = apps.get_model("actions", "ActionState")
    Update = apps.get_model("actions", "ProgressUpdate")
    ids = list(State.objects.using(db).order_by("pk").values_list("pk", flat=True))
    columns = ("id", "action_id", "as_at", "recorded_at", "status", "in_error", "corrects_id", "from_document")
    for start in range(0, len(ids), ACTIONS_AT_ONCE):
        batch = ids[start : start + ACTIONS_AT_ONCE]
        history = {}
        for row in (
            Update.objects.using(db)
            .filter(action__in=batch)
            .order_by()
            .values_list(*columns, named=True)
        ):
            history.setdefault(row.action_id, []).append(row)
        changed = []
        for pk, updates in history.items():
            _, achieved_on, first_recorded = standing(updates)
            if achieved_on is not None or first_recorded:
                changed.append(State(pk=pk, achieved_on=achieved_on, first_recorded=first_recorded))
        State.objects.using(db).bulk_update(changed, ["achieved_on", "first_recorded"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("actions", "0020_objective_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionstate",
            name="achieved_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="actionstate",
            name="first_recorded",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
