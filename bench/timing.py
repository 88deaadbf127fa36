"""How `make bench` times: one call with the garbage collector off, pairs each member of which goes first half the
time, and a ratio as the median of the ratios of pairs timed side by side (this shared machine's speed drifts from
one second to the next; a pair shares its moment, so the drift cancels out of its ratio).

Pure Python, no Django: tests/test_bench_table.py checks it."""

import gc
import statistics
import time


def timed_call(call):
    """Seconds `call()` took, with garbage collection off (as timeit does: no figure pays for collecting the
    garbage of the one before it, nor for scanning this process's heap, which generated 300 boards)."""
    gc.disable()
    start = time.perf_counter()
    call()
    elapsed = time.perf_counter() - start
    gc.enable()
    return elapsed


def in_turn(pair, run):
    """The pair in order on even runs, reversed on odd ones: each member goes first half the time."""
    return list(pair) if run % 2 == 0 else list(reversed(pair))


def median_ratio(pairs):
    """The median of `a / b` over the (a, b) pairs timed side by side: not the ratio of the medians, which pairs
    members timed at different moments."""
    return statistics.median(a / b for a, b in pairs)
