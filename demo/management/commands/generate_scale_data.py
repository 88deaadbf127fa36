import time

from django.core.management.base import BaseCommand, CommandError

from demo.scale import AUDITOR, generate, generate_current_plan, generate_large_plan


class Command(BaseCommand):
    help = (
        "Create synthetic boards synthetic-001 .. synthetic-N (those missing), each with 3 plans of 20 objectives "
        "of 5 actions with 12 progress updates, the same rows for the same seed (actions/scale.py). "
        f"'{AUDITOR}' is an auditor on every one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--boards", type=int, required=True, help="How many synthetic boards there should be.")
        parser.add_argument("--seed", type=int, default=1, help="The seed: the same seed gives the same data.")
        parser.add_argument(
            "--large-plan",
            type=int,
            default=0,
            metavar="ACTIONS",
            help="Also a board 'synthetic-large' with one plan of this many actions (e.g. 1700).",
        )
        parser.add_argument(
            "--current-plan",
            type=int,
            default=0,
            metavar="ACTIONS",
            help="Also a board 'synthetic-current' with one plan in force today of this many open actions (e.g. "
            "100), its manager 'bench-999-manager': the update sheet's.",
        )

    def handle(self, *args, boards, seed, **options):
        if boards < 0:
            raise CommandError("--boards must be 0 or more.")
        started = time.monotonic()

        def progress(done, total):
            if options["verbosity"] >= 1:
                self.stdout.write(f"  {done}/{total} boards written ({time.monotonic() - started:.0f} s)")

        created = generate(boards, seed, progress=progress)
        self.stdout.write(
            f"Created {len(created)} synthetic board(s) in {time.monotonic() - started:.1f} s; "
            f"{boards - len(created)} already there."
        )
        if options["large_plan"]:
            plan = generate_large_plan(seed, options["large_plan"])
            self.stdout.write(f"Large plan: {plan} (id {plan.pk}).")
        if options["current_plan"]:
            plan = generate_current_plan(seed, options["current_plan"])
            self.stdout.write(f"Plan in force: {plan} (id {plan.pk}).")
