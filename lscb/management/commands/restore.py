from django.core.management.base import BaseCommand, CommandError

from lscb.backup import restore


class Command(BaseCommand):
    help = "Restore a backup written by `manage.py backup`, replacing the database's contents."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, path, yes, **options):
        if not yes and input(f"Replace everything in the database with {path}? Type yes: ").strip() != "yes":
            raise CommandError("Restore cancelled: nothing was changed.")
        restore(path)
        self.stdout.write(f"Restored {path}")
