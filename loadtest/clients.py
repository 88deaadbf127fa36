"""Simulated board members against a running server on the loopback address (see loadtest/run.sh).

Each user signs in, then loops until time is up: page views (plan, dashboard, action), PDF downloads, and
progress updates, each update carrying a unique narrative. Every update the server confirmed (a redirect
to the action page) is looked for in the database afterwards. With --restart-postgres-at, PostgreSQL is
stopped mid-run for --down-for seconds, then started: requests during the outage must fail cleanly (an error
page, never a hang or a page showing internals), none after it.
Bounded: --seconds of traffic, each request times out after 60 s. Only 127.0.0.1 is ever contacted.
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

BASE = "http://127.0.0.1:8765"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
assert urllib.parse.urlparse(BASE).hostname == "127.0.0.1"  # loopback only


class User:
    def __init__(self, number, username, targets, run_id, stop_at, log):
        self.number, self.username, self.targets, self.run_id, self.stop_at, self.log = (
            number,
            username,
            targets,
            run_id,
            stop_at,
            log,
        )
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        self.random = random.Random(number)
        self.sequence = 0

    def request(self, kind, path, data=None):
        started = time.monotonic()
        outcome, status = "ok", None
        try:
            body = urllib.parse.urlencode(data).encode() if data is not None else None
            req = urllib.request.Request(BASE + path, data=body, headers={"Referer": BASE + path})
            with self.opener.open(req, timeout=60) as response:
                status, text = response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode("utf-8", "replace")
        except Exception as error:  # connection refused or reset, timeout
            outcome, text = f"no response: {type(error).__name__}", ""
        if status is not None and status >= 500:
            outcome = "server error" if "Traceback" not in text else "server error with internals shown"
        elif status is not None and status >= 400:
            outcome = f"client error {status}"
        self.log.append(
            {
                "user": self.number,
                "kind": kind,
                "path": path,
                "status": status,
                "outcome": outcome,
                "start": started,
                "seconds": time.monotonic() - started,
            }
        )
        if outcome != "ok":
            time.sleep(1)  # as a person would: wait a moment before trying again
        return status, text

    def sign_in(self):
        while time.monotonic() < self.stop_at:
            _, page = self.request("sign-in form", "/accounts/login/")
            token = CSRF.search(page)
            if token:
                status, _ = self.request(
                    "sign-in",
                    "/accounts/login/",
                    {"csrfmiddlewaretoken": token.group(1), "username": self.username, "password": "safeguarding"},
                )
                if status == 302:
                    return True
            time.sleep(1)
        return False

    def record_update(self):
        action = self.random.choice(self.targets["actions"])
        status, page = self.request("update form", f"/actions/{action}/progress/")
        token = CSRF.search(page or "")
        if status != 200 or not token:
            return None
        self.sequence += 1
        narrative = f"load {self.run_id} user {self.number} update {self.sequence}"
        status, _ = self.request(
            "update",
            f"/actions/{action}/progress/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "as_at": "2010-12-31",
                "status": "in_progress",
                "rag": self.random.choice(["red", "amber", "green"]),
                "narrative": narrative,
            },
        )
        return narrative if status == 302 else None

    def run(self, confirmed):
        if not self.sign_in():
            return
        plan = self.targets["plan"]
        while time.monotonic() < self.stop_at:
            roll = self.random.random()
            if roll < 0.45:
                self.request(
                    "page",
                    self.random.choice(
                        [
                            f"/plans/{plan}/",
                            "/boards/kingston/dashboard/",
                            f"/actions/{self.random.choice(self.targets['actions'])}/",
                        ]
                    ),
                )
            elif roll < 0.55:
                self.request("pdf", f"/plans/{plan}/print.pdf")
            else:
                narrative = self.record_update()
                if narrative:
                    confirmed.append(narrative)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def restart_postgres(at, down_for, stop_at, window):
    """Stop PostgreSQL `at` seconds in, keep it down `down_for` seconds, start it again."""
    time.sleep(max(0, at))
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    window["start"] = time.monotonic()
    subprocess.run(["pg_ctlcluster", version, "main", "stop", "--", "-m", "fast"], check=True)
    time.sleep(down_for)
    subprocess.run(["pg_ctlcluster", version, "main", "start"], check=True)
    while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0 and time.monotonic() < stop_at:
        time.sleep(0.2)
    window["end"] = time.monotonic()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--restart-postgres-at", type=float, default=None)
    parser.add_argument("--down-for", type=float, default=10, help="seconds PostgreSQL stays down")
    parser.add_argument("--label", default="steady")
    args = parser.parse_args()

    import django

    django.setup()
    from actions.models import Action, ProgressUpdate
    from plans.models import Plan

    plan = Plan.objects.get(board__slug="kingston")
    targets = {
        "plan": plan.pk,
        "actions": list(Action.objects.filter(objective__plan=plan).values_list("pk", flat=True)),
    }
    run_id = f"{args.label}-{int(time.time())}"
    stop_at = time.monotonic() + args.seconds
    log, confirmed, window = [], [], {}
    users = [User(n, "kingston-manager", targets, run_id, stop_at, log) for n in range(args.users)]
    threads = [threading.Thread(target=u.run, args=(confirmed,)) for u in users]
    if args.restart_postgres_at is not None:
        threads.append(
            threading.Thread(
                target=restart_postgres,
                args=(args.restart_postgres_at, args.down_for, stop_at, window),
            )
        )
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.seconds + 120)

    from django.db import connection

    connection.close()
    stored = set(
        ProgressUpdate.objects.filter(narrative__startswith=f"load {run_id} ").values_list("narrative", flat=True)
    )
    lost = [n for n in confirmed if n not in stored]
    grace = 2.0

    def phase(entry):
        if not window:
            return "steady"
        if entry["start"] + entry["seconds"] < window["start"]:
            return "before"
        if entry["start"] <= window.get("end", float("inf")) + grace:
            return "during"
        return "after"

    summary = {
        "label": args.label,
        "users": args.users,
        "seconds": args.seconds,
        "requests": len(log),
        "by_kind": {},
        "errors": {},
        "confirmed_updates": len(confirmed),
        "found_in_database": len(stored),
        "lost": len(lost),
    }
    for kind in sorted({e["kind"] for e in log}):
        times = sorted(e["seconds"] for e in log if e["kind"] == kind)
        summary["by_kind"][kind] = {
            "count": len(times),
            "median_ms": round(statistics.median(times) * 1000),
            "p95_ms": round(times[int(len(times) * 0.95) - 1 if len(times) > 1 else 0] * 1000),
        }
    for entry in log:
        if entry["outcome"] != "ok":
            key = f"{phase(entry)}: {entry['outcome']}"
            summary["errors"][key] = summary["errors"].get(key, 0) + 1
    if window:
        summary["outage_seconds"] = round(window.get("end", 0) - window["start"], 1)
        summary["requests_by_phase"] = {p: sum(1 for e in log if phase(e) == p) for p in ("before", "during", "after")}
    print(json.dumps(summary, indent=2))
    bad = [
        k
        for k in summary["errors"]
        if not k.startswith("during: server error") and not k.startswith("during: no response")
    ]
    if lost or bad:
        print(f"FAILED: {len(lost)} confirmed updates lost; unexpected errors: {bad}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
