"""make bench's judgements, without a database: each goal met or not at its boundary (bench/table.py), and how
ratios and turns are made (bench/timing.py). The bench itself times; these tests only feed it known numbers."""

import pytest

from bench.config import COMPARED_WITH
from bench.table import table
from bench.timing import in_turn, median_ratio

BASELINES = ("hello", "hello_manager", "dashboard_sql", "dashboard_past_sql")


def page_results(ratio=1.0, queries=5, **overrides):
    """One size's results as bench/pages.py returns them: every measure `ratio` times its baseline, `queries`
    queries each; `overrides` sets single figures (e.g. dashboard_ratio=2.0)."""
    result = {name: 0.01 for name in BASELINES}
    result["hello_queries"] = 3
    result["snapshots"] = {"2025-Q2": {"seconds": 1.0, "plans": 9}}
    for name, base in COMPARED_WITH.items():
        result[name] = 0.02
        result[f"{name}_queries"] = queries
        if base:
            result[f"{name}_ratio"] = ratio
    result.update(overrides)
    return result


def pack_results(of_ceiling):
    return {
        "boards": 20,
        "one_worker": 10.0,
        "two_workers": 5.5,
        "cores": 2,
        "speedup": 10.0 / 5.5,
        "ceiling": 1.9,
        "of_ceiling": of_ceiling,
    }


def met(rows):
    return {row["key"]: row["met"] for row in rows}


@pytest.mark.parametrize(("ratio", "expected"), [(2.0, True), (2.01, False)])
def test_the_dashboard_meets_at_most_twice_its_sql_at_the_boundary(ratio, expected):
    pages = {3: page_results(), 300: page_results(dashboard_ratio=ratio, dashboard_past_ratio=ratio)}
    rows = met(table(pages, None, None, None))
    assert rows["1a"] is expected
    assert rows["1c"] is expected


def test_the_dashboard_is_judged_at_the_largest_size_only():
    # at 3 boards the page's fixed cost is the ratio: only national scale counts
    pages = {3: page_results(dashboard_ratio=5.0), 300: page_results(dashboard_ratio=1.5)}
    assert met(table(pages, None, None, None))["1a"] is True


@pytest.mark.parametrize(("ratio", "expected"), [(10.0, True), (10.01, False)])
def test_a_page_meets_at_most_ten_times_hello_world_at_every_size(ratio, expected):
    pages = {3: page_results(plan_ratio=ratio), 300: page_results()}
    assert met(table(pages, None, None, None))["2a"] is expected


def test_a_query_count_that_differs_between_sizes_is_not_constant():
    pages = {3: page_results(), 30: page_results(), 300: page_results(plan_queries=6)}
    rows = met(table(pages, None, None, None))
    assert rows["2b"] is False
    assert rows["2d"] is True  # the board dashboard's count did not change


def test_the_dashboards_queries_must_be_the_same_and_at_most_ten():
    assert met(table({3: page_results(queries=10), 300: page_results(queries=10)}, None, None, None))["1b"] is True
    assert met(table({3: page_results(queries=11), 300: page_results(queries=11)}, None, None, None))["1b"] is False
    differing = {3: page_results(), 300: page_results(dashboard_queries=6)}
    assert met(table(differing, None, None, None))["1b"] is False


@pytest.mark.parametrize(("of_ceiling", "expected"), [(0.9, True), (0.89, False)])
def test_the_pack_meets_at_least_ninety_percent_of_the_machines_ceiling(of_ceiling, expected):
    rows = table({3: page_results(), 300: page_results()}, None, None, pack_results(of_ceiling))
    assert met(rows)["5a"] is expected
    (row,) = [row for row in rows if row["key"] == "5a"]
    assert row["figure"].startswith(f"{of_ceiling:.0%} of the ceiling")


def test_rows_of_measures_not_run_are_left_out_and_rows_for_the_record_always_met():
    rows = met(table({3: page_results(), 300: page_results()}, None, None, None))
    assert not {"4a", "4b", "4c", "5a", "5b", "r4"} & rows.keys()
    assert rows["r1"] and rows["r2"] and rows["r3"]


def test_a_ratio_is_the_median_of_the_pairs_ratios_not_the_ratio_of_the_medians():
    pairs = [(2.0, 1.0), (9.0, 3.0), (4.0, 4.0)]  # ratios 2, 3, 1; medians of each member 4 and 3
    assert median_ratio(pairs) == 2.0
    assert median_ratio([(3.0, 2.0), (5.0, 2.0)]) == 2.0  # an even count: the mean of the middle two (1.5, 2.5)


def test_in_turn_puts_each_member_of_a_pair_first_every_other_run():
    assert [in_turn(("page", "hello"), run) for run in range(4)] == [
        ["page", "hello"],
        ["hello", "page"],
        ["page", "hello"],
        ["hello", "page"],
    ]
