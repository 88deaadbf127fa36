"""Measure 4 of `make bench`: plan PDFs, each rendered in a subprocess of its own (`python bench/run.py
kingston-pdf` and `large-pdf ours|weasyprint PLAN_ID`), as a web or worker process renders it, not in the bench's
own process (it generated 300 boards and timed the pages). The subprocess prints its figures as JSON on its last
line; `child` reads them."""

import gc
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import time

from actions.as_at import default_as_at
from actions.models import Action
from bench.config import LARGE_PDF_PAIRS, LARGE_PLAN_ACTIONS, PDF_RUNS, ROOT, SEED
from bench.table import say
from bench.timing import in_turn, median_ratio, timed_call
from demo.scale import generate_large_plan
from plans.models import Plan
from reporting.pdf import html_to_pdf, render_plan_pdf
from reporting.reports import plan_html


def child(*args):
    """Run the bench as a subprocess (`python bench/run.py ARGS`) and read the JSON of its last line."""
    done = subprocess.run(  # noqa: S603 - the bench's own script, our arguments
        [sys.executable, str(ROOT / "bench" / "run.py"), *args],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ.copy(),
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_kingston_pdf():
    """In a fresh process, as a web or worker process renders it, not in this one (it generated 300 boards and
    timed the pages). One render's time varies by a quarter on this shared machine (0.56 s to 0.87 s, process CPU
    time as much as wall time): hence 32 runs."""
    say("  the Kingston plan PDF, in a subprocess...")
    result = child("kingston-pdf")
    say(
        f"  Kingston plan PDF {result['ours']:.2f} s; WeasyPrint on the same HTML: tagged {result['tagged']:.2f} s, "
        f"untagged {result['untagged']:.2f} s; ours vs untagged {result['ratio']:.3f}x, ours vs tagged "
        f"{result['overhead']:.3f}x, tagged vs untagged {result['tagging']:.3f}x"
    )
    return result


def kingston_pdf_child():
    """The subprocess: time the three side by side (the app's PDF; WeasyPrint tagged and untagged on the same HTML,
    built beforehand), each going first, second and last equally often; print the medians and the medians of the
    ratios within each run as JSON."""
    plan = Plan.objects.get(board__slug="kingston")
    as_at = default_as_at(plan)
    html = plan_html(plan, as_at)
    renders = {
        "ours": lambda: render_plan_pdf(plan, as_at),
        "tagged": lambda: html_to_pdf(html),
        "untagged": lambda: html_to_pdf(html, tagged=False),
    }
    for render in renders.values():  # warm: fonts, templates
        render()
    orders = list(itertools.permutations(renders))
    samples = {name: [] for name in renders}
    ratios = {"ratio": [], "overhead": [], "tagging": []}
    for run in range(PDF_RUNS):
        elapsed = {}
        for name in orders[run % len(orders)]:
            gc.collect()  # none pays for another's garbage
            elapsed[name] = timed_call(renders[name])
            samples[name].append(elapsed[name])
        ratios["ratio"].append(elapsed["ours"] / elapsed["untagged"])
        ratios["overhead"].append(elapsed["ours"] / elapsed["tagged"])
        ratios["tagging"].append(elapsed["tagged"] / elapsed["untagged"])
    print(
        json.dumps(
            {
                **{name: statistics.median(values) for name, values in samples.items()},
                **{name: statistics.median(values) for name, values in ratios.items()},
                "runs": PDF_RUNS,
            }
        )
    )


def large_pdf_child(which, plan_id):
    """The subprocess: the plan's PDF as the app renders it (`ours`), or WeasyPrint on its HTML built before the
    clock starts (`weasyprint`); print the render's time and this process's peak memory as JSON."""
    plan = Plan.objects.select_related("board").get(pk=plan_id)
    as_at = default_as_at(plan)
    if which == "ours":
        render = lambda: render_plan_pdf(plan, as_at)  # noqa: E731
    else:
        html = plan_html(plan, as_at)
        render = lambda: html_to_pdf(html)  # noqa: E731
    start = time.perf_counter()
    content = render()
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "bytes": len(content)}))


def measure_large_pdf():
    plan = generate_large_plan(SEED, LARGE_PLAN_ACTIONS)
    actions = Action.objects.filter(objective__plan=plan).count()
    say(
        f"  a {actions}-outcome plan's PDF and WeasyPrint on its HTML, each in a subprocess, {LARGE_PDF_PAIRS} "
        f"pair{'s' if LARGE_PDF_PAIRS != 1 else ''} (1,700 outcomes: about 80 seconds a pair on a quiet machine)..."
    )
    ours, weasy = [], []
    for run in range(LARGE_PDF_PAIRS):
        done = {}
        for which in in_turn(["ours", "weasyprint"], run):
            done[which] = child("large-pdf", which, str(plan.pk))
        ours.append(done["ours"])
        weasy.append(done["weasyprint"])
        say(
            f"    pair {run + 1}: ours {done['ours']['seconds']:.1f} s ({done['ours']['peak_mib']:.0f} MiB), "
            f"WeasyPrint {done['weasyprint']['seconds']:.1f} s ({done['weasyprint']['peak_mib']:.0f} MiB)"
        )
    result = {
        "actions": actions,
        "pairs": LARGE_PDF_PAIRS,
        "seconds": statistics.median(r["seconds"] for r in ours),
        "weasyprint_seconds": statistics.median(r["seconds"] for r in weasy),
        "ratio": median_ratio((a["seconds"], b["seconds"]) for a, b in zip(ours, weasy, strict=True)),
        "peak_mib": max(r["peak_mib"] for r in ours),  # the app's own process, at its largest
        "weasyprint_peak_mib": max(r["peak_mib"] for r in weasy),
        "pdf_bytes": ours[-1]["bytes"],
    }
    say(
        f"  {actions}-outcome plan PDF: {result['seconds']:.1f} s vs WeasyPrint {result['weasyprint_seconds']:.1f} s "
        f"({result['ratio']:.3f}x), peak memory {result['peak_mib']:.0f} MiB"
    )
    return result
