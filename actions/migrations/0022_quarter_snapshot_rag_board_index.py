from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('actions', '0021_action_state_history_facts'),
        ('boards', '0005_membership_since'),
        ('plans', '0010_objective_effective_dating'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='quartersnapshot',
            name='snapshot_quarter_rag_idx',
        ),
        migrations.AddIndex(
            model_name='quartersnapshot',
            index=models.Index(fields=['quarter_end', 'rag', 'board', 'rag_rank'], name='snapshot_quarter_rag_board_idx'),
        ),
    ]
