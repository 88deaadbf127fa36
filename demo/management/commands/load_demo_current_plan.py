from django.core.management.base import BaseCommand

from demo.current_plan import ensure_current_plan


class Command(BaseCommand):
    help = "Development only: a Kingston plan in force this financial year, carried forward from its 2009-2010 plan."

    def handle(self, *args, **options):
        plan, created = ensure_current_plan()
        outcomes = sum(objective.actions.count() for objective in plan.objectives.all())
        self.stdout.write(
            f"{'Started' if created else 'Kept'} the demo's plan in force: {plan.title} ({outcomes} outcomes)"
        )
