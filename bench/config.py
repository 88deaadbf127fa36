"""What `make bench` measures and how often: one home for the numbers every part of it reads.

The BENCH_* environment variables shorten a run (a quick check of the bench itself); `make bench` sets none of them.
"""

import os
from pathlib import Path

from actions.quarters import Quarter

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "3,30,300").split(",")]
SEED = 1
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
WARMUP = 2
PDF_RUNS = int(os.environ.get("BENCH_PDF_RUNS", "32"))
LARGE_PDF_PAIRS = int(os.environ.get("BENCH_LARGE_PDF_PAIRS", "3"))  # 2 pairs: their mean; one slow moment decided it
PACK_BOARDS = 20
PACK_QUARTER = Quarter(2025, 2)  # July to September 2025: one plan of each synthetic board runs then
PACK_RUNS = int(os.environ.get("BENCH_PACK_RUNS", "3"))
PAST_QUARTER = Quarter(2025, 2)  # the dashboard's past quarter: before the synthetic plans' last updates
LAST_QUARTER = Quarter(2025, 4)  # January to March 2026: the last quarter end of the synthetic plans
SNAPSHOT_QUARTERS = (PAST_QUARTER, LAST_QUARTER)
LARGE_PLAN_ACTIONS = int(os.environ.get("BENCH_LARGE_ACTIONS", "1700"))
BOARD = "synthetic-001"  # the board whose plan page and dashboard are measured
# the board of the plans in force the manager's sheet and writes use (not BOARD, whose dashboard stays as generated)
WRITER_BOARD = "synthetic-002"
MANAGER = "bench-002-manager"
SHEET_TITLE = "Plan in force for the manager's sheet (make bench)"
SHEET_OUTCOMES = 100
POSTS_TITLE = "Plan in force for the sheets sent (make bench)"
SHEET_FILLED = 50  # the outcomes a manager fills in on the update sheet in one submit: a plan of them
# each measure, what it is compared with (hello world as the same user, or the dashboard's own SQL), and its goal
COMPARED_WITH = {
    "dashboard": "dashboard_sql",
    "dashboard_past": "dashboard_past_sql",
    "plan": "hello",
    "board_dashboard": "hello",
    "filter": "hello",
    "filter_red": "hello",
    "trace": "hello",
    "sheet": "hello_manager",
    "record": "hello_manager",
    "sheet_post": "hello_manager",
    "filter_rag": None,  # for the record
    "board_dashboard_every": "hello",  # for the record: every plan at once, not the default
}
# the tables that hold the numbers a dashboard shows (actions' states, updates and quarter snapshots, and anything
# reporting keeps): a page's queries of them are "the bare SQL that yields its numbers"
NUMBER_APPS = ("actions", "reporting")
