from django.core.management.base import BaseCommand

from actions.rebuild import rebuild_kept


class Command(BaseCommand):
    help = (
        "Write every table kept from others again (actions' current states, the boards' and objectives' numbers, "
        "the objectives' answers to reviews), after the database was changed behind the app's back. Not the quarter "
        "snapshots. One transaction: run it when few are writing."
    )

    def handle(self, *args, **options):
        for table, rows in rebuild_kept().items():
            self.stdout.write(f"{table}: {rows} rows")
