"""How `make bench` times: one call with the garbage collector off, and pairs each member of which goes first half
the time (this shared machine's speed drifts from one second to the next; a pair shares its moment)."""

import gc
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
