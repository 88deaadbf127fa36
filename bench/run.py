"""`make bench`: national scale, measured side by side in one run on this machine's PostgreSQL.

Grows one database (bench/run.sh makes it) from 3 to 30 to 300 synthetic boards (`generate_scale_data`, seed 1;
300 boards are 90,000 outcomes and 1,080,000 progress updates). After each size it writes the quarter snapshots of
the past quarters it reads (Q2 2025/26 and Q4 2025/26, the synthetic plans' last quarter, ending 31 March 2026) as
the cron job does after each quarter end (`reporting.signoff.snapshot_quarter`, timed), then measures through
Django's test client what issue 22 sets goals for, numbered as the table numbers them:

1. the dashboard across boards, as at today and as at the end of Q2 2025/26 (`?quarter=2025-Q2`), as `bench-auditor`
   (an auditor on every synthetic board), each vs the bare SQL that yields its numbers (the page's own queries of
   the tables that hold numbers, `actions` and `reporting`, captured and executed again on their own), and their
   query counts;
2. vs a hello-world view behind the same middleware (bench/urls.py), and their query counts: the plan page (a
   synthetic plan: 100 outcomes, 1,200 updates), synthetic-001's board dashboard, the filter's first page of all
   outcomes, the filter "Red as at 31 March 2026, sorted by RAG", the national Laming review's trace page across
   every board, and the manager's update sheet (100 outcomes) of a plan in force today that the bench adds to
   synthetic-002 (the synthetic plans ended in March 2026), as that board's manager;
3. as that manager, vs hello world: recording one update (an outcome's progress form), and submitting the update
   sheet of a plan of 50 outcomes, all filled in (every post a new update: a fresh form token, a new note; each
   sheet to a plan of its own, `Writes`);

then, once:
4. the Kingston plan PDF as the app makes it (`render_plan_pdf`: the HTML built, then WeasyPrint, tagged PDF/UA-1)
   vs WeasyPrint rendering the same HTML string untagged (`html_to_pdf(html, tagged=False)`, the HTML built
   beforehand), in a subprocess; and a 1,700-outcome plan's PDF vs WeasyPrint on its own HTML, each in a
   subprocess of its own (the app's with its peak memory);
5. a quarterly report pack of 20 boards made by 1 `db_worker` process and by 2, with its progress printed, against
   this machine's own ceiling (the same pure-Python loop in 2 processes vs 1) timed after each pair.

Every figure is cold: the app caches nothing, and before each timed pair a progress update is recorded (through the
ORM, on an outcome of a plan in force of synthetic-002), so that nothing could be served from a cache kept since the
last visit. Each time is the median of several runs (RUNS for pages, PDF_RUNS for the Kingston PDF, LARGE_PDF_PAIRS
for the large one, PACK_RUNS per number of workers for the pack). A ratio is the median of the ratios of pairs
timed side by side, each member of a pair going first half the time (this shared machine's speed drifts from one
second to the next; a pair shares its moment). Prints one table and writes it as JSON to bench/results/
(latest.json and one file per run).

Run it through `make bench` (it installs, starts PostgreSQL and makes the database); `python bench/run.py
kingston-pdf` and `large-pdf ours|weasyprint PLAN_ID` are the subprocesses of measure 4; `python bench/run.py
ceiling` prints this machine's ceiling on measure 5 (see `bench.pack.cpu_ceiling`).

This file is the entry point: it sets Django up, grows the data and runs the measures in order. Each part has a
home of its own: bench/config.py (sizes, runs, boards), bench/timing.py (a timed call, pairs in turn, the median of
their ratios), bench/pages.py (1 to 3, with bench/writes.py for the manager's posts), bench/pdfs.py (4 and its
subprocesses), bench/pack.py (5 and the CPU ceiling), bench/table.py (the rows, each goal met or not, printed).
"""

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from actions.models import Action, ProgressUpdate  # noqa: E402
from bench.config import (  # noqa: E402
    LARGE_PDF_PAIRS,
    PACK_RUNS,
    PDF_RUNS,
    RESULTS,
    RUNS,
    SEED,
    SIZES,
    WRITER_BOARD,
)
from bench.pack import cpu_ceiling, measure_pack  # noqa: E402
from bench.pages import measure_pages, write_snapshots  # noqa: E402
from bench.pdfs import kingston_pdf_child, large_pdf_child, measure_kingston_pdf, measure_large_pdf  # noqa: E402
from bench.table import print_table, say, table  # noqa: E402
from demo.scale import generate  # noqa: E402
from demo.seeding import load_seed_boards  # noqa: E402


def main():
    started = time.perf_counter()
    load = os.getloadavg()[0]  # other work on this machine skews every figure, the 2-worker pack most
    if load > 0.8:
        say(f"Warning: this machine is busy (load average {load:.2f}): the figures will not be clean.")
    if min(SIZES) < 2:
        raise SystemExit(f"BENCH_SIZES: 2 boards at least ({WRITER_BOARD} holds the manager's plans in force)")
    call_command("migrate", verbosity=0)
    load_seed_boards()  # Kingston, for its PDF
    pages, generation = {}, {}
    for size in SIZES:
        say(f"== {size} boards")
        start = time.perf_counter()
        generate(
            size,
            SEED,
            progress=lambda done, total: (
                say(f"  generating: {done}/{total} boards") if done % 50 == 0 or done == total else None
            ),
        )
        generation[size] = {
            "seconds": time.perf_counter() - start,
            "actions": Action.objects.count(),
            "updates": ProgressUpdate.objects.count(),
        }
        pages[size] = measure_pages(size, write_snapshots())
    say("== PDFs")
    kingston = measure_kingston_pdf()
    large = measure_large_pdf()
    say("== Report pack")
    pack = measure_pack()
    rows = table(pages, kingston, large, pack)
    print_table(rows, generation, load)
    report = {
        "when": timezone.now().isoformat(),
        "cores": os.cpu_count(),
        "load_before": load,
        "runs": RUNS,
        "pdf_runs": PDF_RUNS,
        "large_pdf_pairs": LARGE_PDF_PAIRS,
        "pack_runs": PACK_RUNS,
        "seed": SEED,
        "generation": generation,
        "pages": pages,
        "kingston_pdf": kingston,
        "large_pdf": large,
        "pack": pack,
        "table": rows,
        "seconds": time.perf_counter() - started,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2, default=str)
    (RESULTS / f"bench-{datetime.now():%Y%m%d-%H%M%S}.json").write_text(text)
    (RESULTS / "latest.json").write_text(text)
    say(f"Written to bench/results/latest.json ({time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["large-pdf"]:
        large_pdf_child(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1:2] == ["kingston-pdf"]:
        kingston_pdf_child()
    elif sys.argv[1:2] == ["ceiling"]:
        say(f"2 processes of pure CPU work: {cpu_ceiling():.2f}x as fast as 1")
    else:
        main()
