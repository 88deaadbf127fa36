from django.core.management.base import BaseCommand

from lscb.backup import backup


class Command(BaseCommand):
    help = "Back up the database: pg_dump on PostgreSQL, dumpdata on SQLite. Prints the file written."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default="backups")

    def handle(self, *args, dir, **options):
        self.stdout.write(str(backup(dir)))
