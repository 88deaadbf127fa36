"""An import keeps what the board's spreadsheet holds: a RAG column's rating on each imported update, and UK
(day-first) dates in time scales and Progress headings, shown in the preview and carried to the quarterly
report's exceptions."""

from datetime import date

import pytest
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from imports.dates import due_date, rating
from plans.models import Plan
from tests.helpers import page_text
from tests.import_files import PLAN_FIELDS, csv_bytes, imported, upload, xlsx_of

pytestmark = pytest.mark.django_db

HEADER = ["Objectives", "Time Scale", "Outcomes", "Lead", "Progress 30.09.10", "Status RAG"]
ROWS = [
    HEADER,
    ["1. Train staff", "31/03/2011", "1.1 Train frontline staff", "Training", "Ongoing: courses full", "Red"],
    ["2. Audit", "31.12.10", "2.1 Audit case files", "QA", "In progress: audit begun", "a"],
    ["3. Publish", "31st March 2011", "3.1 Publish the annual report", "Manager", "Achieved: published", "B"],
    ["4. Thresholds", "15 January 2011", "4.1 Review the thresholds", "Chair", "Ongoing: draft out", "g"],
    ["5. Lay members", "03/02/2011", "5.1 Recruit lay members", "Chair", "Ongoing: advertised", "Purple"],
]


def import_plan(client, name, data):
    plan_import = imported(client, upload(client, "kingston", name, data))
    preview = page_text(client.get(reverse("imports:detail", args=["kingston", plan_import.pk])))
    response = client.post(reverse("imports:confirm", args=["kingston", plan_import.pk]))
    assert response.status_code == 302, page_text(response)[:2000]
    return Plan.objects.get(title=PLAN_FIELDS["title"]), preview


def imported_rows(plan):
    return [
        (a.number, a.due_date, u.as_at, u.status, u.rag)
        for a in Action.objects.filter(objective__plan=plan).in_document_order()
        for u in ProgressUpdate.objects.filter(action=a)
    ]


EXPECTED = [
    ("1.1", date(2011, 3, 31), date(2010, 9, 30), "ongoing", "red"),
    ("2.1", date(2010, 12, 31), date(2010, 9, 30), "in_progress", "amber"),
    ("3.1", date(2011, 3, 31), date(2010, 9, 30), "achieved", "blue"),
    ("4.1", date(2011, 1, 15), date(2010, 9, 30), "ongoing", "green"),
    ("5.1", date(2011, 2, 3), date(2010, 9, 30), "ongoing", ""),  # 3 February, never March 2
]


@pytest.mark.parametrize(
    "name, data",
    [("plan.csv", csv_bytes(ROWS)), ("plan.xlsx", xlsx_of(ROWS))],
    ids=["csv", "xlsx"],
)
def test_ratings_and_uk_dates_are_imported_and_previewed(kingston, manager, login, name, data):
    plan, preview = import_plan(login(manager), name, data)
    assert imported_rows(plan) == EXPECTED
    assert "Status RAG (as RAG)" in preview  # the column and what it reads as
    assert "Ongoing Red as at 30 September 2010: Ongoing: courses full" in preview
    assert "In progress Amber as at 30 September 2010" in preview
    assert "Achieved Blue as at 30 September 2010" in preview
    assert "(due 3 February 2011)" in preview and "(due 15 January 2011)" in preview
    assert "'Purple' is not a rating (write Red, Amber, Green or Blue, or R, A, G, B)" in preview


def test_the_quarterly_report_shows_the_imported_red_and_amber_rows(kingston, manager, login):
    client = login(manager)
    plan, _ = import_plan(client, "plan.xlsx", xlsx_of(ROWS))
    text = page_text(client.get(reverse("reporting:quarterly", args=[plan.pk]) + "?quarter=2010-Q2"))
    exceptions = text.split("Exceptions: Red, Amber and overdue actions")[1].split("Achieved in Q2 2010/11")[0]
    assert "1.1 Train frontline staff" in exceptions and "Red" in exceptions
    assert "2.1 Audit case files" in exceptions and "Amber" in exceptions
    assert "4.1 Review the thresholds" not in exceptions  # Green
    assert "5.1 Recruit lay members" not in exceptions  # no rating


def test_uk_dates_are_day_first_and_ratings_any_case():
    assert due_date("31/03/2027") == date(2027, 3, 31)
    assert due_date("31.03.27") == date(2027, 3, 31)
    assert due_date("31 March 2027") == due_date("31st March 2027") == date(2027, 3, 31)
    assert due_date("by 1st April 2027") == date(2027, 4, 1)
    assert due_date("03/31/2027") is None  # US month-first: no 31st month
    assert due_date("March 2027") == date(2027, 3, 31)  # a month alone: its last day, as before
    assert [rating(t) for t in ("Red", "R", "amber", "a", "GREEN", "g", "Blue", "b", "", "Purple")] == [
        "red",
        "red",
        "amber",
        "amber",
        "green",
        "green",
        "blue",
        "blue",
        "",
        None,
    ]
