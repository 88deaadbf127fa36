"""Run a piece of background work under a wall-clock time limit, in a forked child process that is killed when
the limit passes.

Why a child process rather than a thread or an alarm: a thread cannot be stopped from outside, and a signal
handler (SIGALRM) runs only between Python bytecodes, so neither interrupts a regular expression backtracking
in C or WeasyPrint laying out a runaway document; killing a process always works, and frees its memory. Forking
(not spawning) keeps it cheap: the child starts with the parent's modules and objects already loaded, so the
caller reads everything it needs from the database first and the child only computes (it must not touch the
database: its copies of the connections are dropped so that a stray query opens its own).

The child reports back over a pipe: messages while it works (`send(...)`, e.g. rows read), then its result. The
parent waits, calling `heartbeat` every `heartbeat_every` seconds (so that a watcher can tell a slow worker from
a dead one), and raises TimeLimitExceeded, ChildDied or ChildFailed when the work does not finish well."""

import multiprocessing
import time
import traceback


class TimeLimitExceeded(Exception):
    """The work ran longer than its limit and was stopped."""

    def __init__(self, seconds):
        super().__init__(f"took longer than {seconds:g} seconds and was stopped")
        self.seconds = seconds


class ChildDied(Exception):
    """The child process ended without a result (killed from outside, out of memory)."""


class ChildFailed(Exception):
    """The work raised an exception not in `expected`: its type, message and traceback, as text."""

    def __init__(self, type_name, message, trace):
        super().__init__(f"{type_name}: {message}")
        self.type_name, self.message, self.trace = type_name, message, trace


_INHERITED = []  # the child's copies of the parent's connections: kept referenced until the child exits


def _forget_database_connections():
    """In the child: drop the inherited connections without closing them. Closing (or a finalizer, once nothing
    refers to them: libpq's PQfinish sends the server a goodbye) would end the parent's session on the shared
    socket, so they are kept referenced until the child leaves by os._exit, which runs no finalizers."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        _INHERITED.append(connection.connection)
        connection.connection = None


def _child(work, sender, expected):
    _forget_database_connections()
    try:
        result = work(lambda *message: sender.send(("message", message)))
    except expected as error:
        sender.send(("raised", error))
    except BaseException as error:  # noqa: BLE001 - every failure is reported to the parent, as text
        sender.send(("failed", (type(error).__name__, str(error), traceback.format_exc())))
    else:
        sender.send(("result", result))
    finally:
        sender.close()


def run_with_time_limit(work, *, seconds, on_message=None, heartbeat=None, heartbeat_every=10.0, expected=()):
    """Return `work(send)` run in a child process, stopped after `seconds`.

    `send(*message)` in the child calls `on_message(*message)` in the parent; exceptions of the `expected` types
    are raised again in the parent as they were (they must pickle), any other as ChildFailed."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(work, sender, tuple(expected)), daemon=True)
    process.start()
    sender.close()
    started = time.monotonic()
    deadline, next_beat = started + seconds, started + heartbeat_every
    try:
        while True:
            now = time.monotonic()
            if now >= deadline:
                raise TimeLimitExceeded(seconds)
            if heartbeat and now >= next_beat:
                heartbeat()
                next_beat = now + heartbeat_every
            if not receiver.poll(max(0.0, min(deadline, next_beat) - now)):
                continue
            try:
                kind, payload = receiver.recv()
            except EOFError:
                process.join(5)
                ended = f"the process doing the work ended without a result (exit code {process.exitcode})"
                raise ChildDied(ended) from None
            if kind == "message":
                if on_message:
                    on_message(*payload)
            elif kind == "result":
                return payload
            elif kind == "raised":
                raise payload
            else:
                raise ChildFailed(*payload)
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(5)
