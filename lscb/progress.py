"""The one JSON shape of a background job's progress, polled by static/js/progress.js (a plan import being read, a
report pack being made):

    {"state": "running" | "done" | "failed",  the script polls while running, then goes to next_url
     "label": "Being read",                   the job's status in words ("Preview ready: loading the page…")
     "done": 250, "total": 1000, "percent": 25,
     "message": "250 of about 1000 rows read (25%).",  the status text, worded as the page words it without JS
     "next_url": "/boards/llr/import/7/"}      the page that shows the outcome: the preview, the download, the error

Waiting for a worker counts as running. Never cached: every poll asks again."""

from django.http import JsonResponse

RUNNING, DONE, FAILED = "running", "done", "failed"


def progress_json(*, state, label, done, total, percent, message, next_url):
    if state not in (RUNNING, DONE, FAILED):
        raise ValueError(f"unknown progress state {state!r}")
    return JsonResponse(
        {
            "state": state,
            "label": label,
            "done": done,
            "total": total,
            "percent": percent,
            "message": message,
            "next_url": next_url,
        },
        headers={"Cache-Control": "no-store"},
    )
