"""Measures 1, 2 and 3 of `make bench`: the pages and posts, through Django's test client, each timed side by side
with what it is compared with (config.COMPARED_WITH), and their query counts; and, before them at each size, the
quarter snapshots the pages read, written as the cron job writes them."""

import statistics
import time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from actions.quarters import previous_quarter_end, quarters_between
from bench.config import (
    BOARD,
    COMPARED_WITH,
    LAST_QUARTER,
    MANAGER,
    NUMBER_APPS,
    PAST_QUARTER,
    POSTS_TITLE,
    RUNS,
    SHEET_FILLED,
    SHEET_OUTCOMES,
    SHEET_TITLE,
    SNAPSHOT_QUARTERS,
    WARMUP,
)
from bench.table import ms, say
from bench.timing import in_turn, median_ratio, timed_call
from bench.writes import Writes, plans_in_force, sheet_url
from boards.mfa import mark_session_mfa_passed
from boards.models import Board
from demo.scale import AUDITOR, settle
from plans.models import Plan
from reporting.signoff import snapshot_quarter
from reviews.models import Review


def write_snapshots():
    """The snapshots of the quarters the bench reads, for every plan running at their end, as the cron job writes
    them after each quarter end (`manage.py snapshot_quarter`): {quarter code: (seconds, plans read)}. Rows already
    kept are left as they are, so at 30 and 300 boards the boards of the sizes before are read again, not
    rewritten."""
    timings = {}
    for quarter in SNAPSHOT_QUARTERS:
        start = time.perf_counter()
        plans = snapshot_quarter(quarter, Plan.objects.all())
        timings[quarter.code] = {"seconds": time.perf_counter() - start, "plans": plans}
        say(f"  snapshots of {quarter.label}: {plans} plans in {timings[quarter.code]['seconds']:.1f} s")
    # The synthetic years are generated at once, with no cron job running through them; an install that lived them
    # has every ended quarter of every plan kept. The measured board's plans get them all (its plan page is read as
    # at its plan's last quarter end, its dashboard's trend at each quarter end): what those pages would read there.
    # The other boards' earlier quarters are not written, which only leaves their tables smaller.
    start, board_plans = time.perf_counter(), Plan.objects.filter(board__slug=BOARD)
    first, last = min(p.period_start for p in board_plans), max(p.period_end for p in board_plans)
    ended = [q for q in quarters_between(first, last) if q.end <= previous_quarter_end(timezone.localdate())]
    for quarter in ended:
        snapshot_quarter(quarter, board_plans)
    timings[f"{BOARD}, every quarter"] = {"seconds": time.perf_counter() - start, "plans": len(board_plans)}
    say(f"  snapshots of {BOARD}'s plans at each of {len(ended)} quarter ends in {time.perf_counter() - start:.1f} s")
    settle()  # as autovacuum would within a minute of the cron job: the pages timed next planned on the rows written
    return timings


def signed_in(username, mfa=False):
    """A test client signed in as `username`; with `mfa`, its session one that passed MFA (password and a TOTP code,
    as allauth records it), as a manager's must (boards.mfa)."""
    user = get_user_model().objects.get(username=username)
    client = Client()
    client.force_login(user)
    if mfa:
        mark_session_mfa_passed(client.session, user)
    return client


def get(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return response


def captured(call):
    with CaptureQueriesContext(connection) as queries:
        call()
    return queries.captured_queries


def query_count(call):
    """The queries of one visit: the fewer of two in a row. The session's idle timer is renewed at most once a
    minute (lscb.security), three queries more on the visit that renews it, whichever page that is."""
    return min(len(captured(call)), len(captured(call)))


def number_tables():
    return {m._meta.db_table for app in NUMBER_APPS for m in apps.get_app_config(app).get_models()}


def number_queries(queries):
    """The queries of the tables that hold numbers (SQL with its parameters, as PostgreSQL ran it)."""
    tables = number_tables()
    return [q["sql"] for q in queries if any(f'"{table}"' in q["sql"] for table in tables)]


def run_sql(statements):
    def run():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return run


def measure_pages(size, snapshots):
    auditor = signed_in(AUDITOR)
    manager = signed_in(MANAGER, mfa=True)
    plan = Plan.objects.filter(board__slug=BOARD).order_by("period_start").first()
    (sheet,) = plans_in_force(SHEET_TITLE, 1, SHEET_OUTCOMES)
    # one plan per sheet sent (the repetitions, and the two whose queries are counted)
    writes = Writes(plans_in_force(POSTS_TITLE, WARMUP + RUNS + 2, SHEET_FILLED), manager)
    laming = Review.objects.get(board=None, code="LR")
    urls = {
        "dashboard": "/dashboard/",
        "dashboard_past": f"/dashboard/?quarter={PAST_QUARTER.code}",
        "plan": f"/plans/{plan.pk}/",
        "board_dashboard": f"/boards/{BOARD}/dashboard/",
        "filter": "/actions/find/",
        "filter_red": f"/actions/find/?quarter={LAST_QUARTER.code}&rag=red&sort=rag",
        "trace": f"/reviews/{laming.pk}/",
    }
    result = {
        "boards": Board.objects.filter(slug__startswith="synthetic-").count(),
        "actions": Action.objects.count(),
        "updates": ProgressUpdate.objects.count(),
        "snapshots": snapshots,
    }
    visits = {name: (auditor, url) for name, url in urls.items()}
    visits["sheet"] = (manager, sheet_url(sheet))
    visits["filter_rag"] = (auditor, "/actions/find/?rag=red&sort=rag")  # for the record: each plan at its own date
    visits["board_dashboard_every"] = (auditor, f"/boards/{BOARD}/dashboard/?plans=all")  # for the record
    result["urls"] = {name: url for name, (_, url) in visits.items()}
    result["urls"].update(record="/actions/<outcome>/progress/ (POST)", sheet_post="/plans/<plan>/update-sheet/ (POST)")
    # the bare SQL: each dashboard's own queries of the number tables, executed again on their own
    sql = {name: number_queries(captured(lambda n=name: get(*visits[n]))) for name in ("dashboard", "dashboard_past")}
    result["dashboard_sql_statements"] = sql["dashboard"]
    result["dashboard_past_sql_statements"] = sql["dashboard_past"]
    timed = {name: lambda client=client, url=url: get(client, url) for name, (client, url) in visits.items()}
    timed["record"] = writes.record
    timed["sheet_post"] = writes.send_sheet
    baselines = {
        "hello": lambda: get(auditor, "/bench/hello/"),
        "hello_manager": lambda: get(manager, "/bench/hello/"),
        "dashboard_sql": run_sql(sql["dashboard"]),
        "dashboard_past_sql": run_sql(sql["dashboard_past"]),
    }
    before = ProgressUpdate.objects.count()
    # round robin: each run times every measure in turn, each side by side with what it is compared with
    # (alternately just before and just after it), after a write: its ratio is the median of these pairs' ratios,
    # so that the machine's drift (its speed changes by a third from one minute to the next) cancels out
    samples = {name: [] for name in [*timed, *baselines]}
    pairs = {name: [] for name, base in COMPARED_WITH.items() if base}  # (its time, its baseline's) per run
    for run in range(WARMUP + RUNS):
        for name, call in timed.items():
            writes.between()  # untimed: nothing the page reads could be kept from its last visit
            base = COMPARED_WITH[name]
            order = [(name, call)] if base is None else in_turn([(name, call), (base, baselines[base])], run)
            elapsed = {n: timed_call(c) for n, c in order}
            if run >= WARMUP:
                for n, seconds in elapsed.items():
                    samples[n].append(seconds)
                if base is not None:
                    pairs[name].append((elapsed[name], elapsed[base]))
    recorded = ProgressUpdate.objects.count() - before
    expected = (WARMUP + RUNS) * (len(timed) + 1 + SHEET_FILLED)  # the writes between, one recorded, the sheet's
    if recorded != expected:
        raise RuntimeError(f"{recorded} updates recorded, {expected} expected: a post did not record what it sent")
    result["recorded"] = recorded
    for name, values in samples.items():
        result[name] = statistics.median(values)
    for name, timed_pairs in pairs.items():
        result[f"{name}_ratio"] = median_ratio(timed_pairs)
    for name, (client, url) in visits.items():
        result[f"{name}_queries"] = query_count(lambda c=client, u=url: get(c, u))
    result["record_queries"] = query_count(writes.record)
    result["sheet_post_queries"] = query_count(writes.send_sheet)
    result["hello_queries"] = query_count(baselines["hello"])
    say(f"  {size} boards: hello {ms(result['hello'])} ({result['hello_queries']} queries)")
    for name, base in COMPARED_WITH.items():
        versus = f"; {result[f'{name}_ratio']:.2f}x {base} {ms(result[base])}" if base else ""
        say(f"    {name}: {ms(result[name])} ({result[f'{name}_queries']} queries){versus}")
    return result
