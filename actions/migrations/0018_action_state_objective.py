"""ActionState.objective: each action's objective, copied from the action (kept by `saved` and `refresh` from
then on), so that the review summary counts what answers a review from the state table alone."""

import django.db.models.deletion
from django.db import migrations, models


def copy_objectives(apps, schema_editor):
    """One UPDATE: each state's objective is its action's (a correlated subquery, on SQLite as on PostgreSQL)."""
    ActionState = apps.get_model("actions", "ActionState")
    Action = apps.get_model("actions", "Action")
    objective = Action.objects.filter(pk=models.OuterRef("action_id")).values("objective_id")[:1]
    ActionState.objects.using(schema_editor.connection.alias).update(objective=models.Subquery(objective))


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0017_quarter_snapshot_rating_reason"),
        ("plans", "0010_objective_effective_dating"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionstate",
            name="objective",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="plans.objective",
            ),
        ),
        migrations.RunPython(copy_objectives, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="actionstate",
            name="objective",
            field=models.ForeignKey(
                db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="plans.objective"
            ),
        ),
    ]
