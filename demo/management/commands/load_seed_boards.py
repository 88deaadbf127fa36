from django.core.management.base import BaseCommand

from demo.seeding import load_seed_boards


class Command(BaseCommand):
    help = "Load the three seed boards (Kingston, LLR, Leeds) from fixtures/; boards already loaded are left alone."

    def handle(self, *args, **options):
        created = load_seed_boards()
        for board in created:
            self.stdout.write(f"Loaded {board.name}")
        if not created:
            self.stdout.write("The seed boards are already loaded.")
