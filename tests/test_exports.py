"""CSV and XLSX exports of the auditors' filter: exactly the page's rows in the page's order, the progress
history on request, no formula ever written, a constant number of queries, and never another board's rows."""

import csv
import io
import re
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from actions.models import Action, ProgressUpdate, Status
from plans.models import Objective, Plan
from reviews.models import Review

pytestmark = pytest.mark.django_db

CSV, XLSX = "reporting:find_export_csv", "reporting:find_export_xlsx"
ROW = re.compile(r'<tr data-action="(\d+)">(.*?)</tr>', re.S)
KINGSTON_DATE = date(2010, 9, 30)
DANGEROUS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def xlsx_sheet(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def xlsx_rows(response):
    rows = list(xlsx_sheet(response).iter_rows(values_only=True))
    headers = rows[0]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def page_rows(client, params):
    """(board, plan, number, status, RAG letter) of every row of every page of the filter, in order."""
    rows, page = [], 1
    while True:
        response = client.get(reverse("reporting:find"), {**params, "page": page})
        html = response.content.decode()
        for pk, cells in ROW.findall(html):
            action = Action.objects.select_related("objective__plan__board").get(pk=pk)
            status = re.search(r'<span class="status [^"]*">([^<]*)</span>', cells).group(1)
            letter = re.search(r'<span class="rag [^"]*"[^>]*><span aria-hidden="true">([^<]*)</span>', cells).group(1)
            rows.append(
                (
                    action.objective.plan.board.short_name,
                    action.objective.plan.title,
                    action.number,
                    status,
                    letter,
                )
            )
        if f"page={page + 1}" not in html:
            return rows
        page += 1


def export_key(row):
    def text(value):
        return "" if value is None else str(value)

    return (
        text(row["Board"]),
        text(row["Plan"]),
        text(row["Action"]),
        text(row["Latest status"]),
        text(row["RAG letter"]),
    )


@pytest.mark.parametrize(
    "params",
    [
        {"source": "PR", "sort": "rag"},
        {"sort": "-due"},  # every action of the three boards: three pages
        {"board": "kingston", "as_at": "2011-01-31", "overdue": "true", "sort": "-number"},
        {"q": "training", "status": "ongoing"},
    ],
)
def test_an_export_holds_exactly_the_pages_rows_in_the_pages_order(login, auditor, params):
    client = login(auditor)
    on_page = page_rows(client, params)
    assert on_page
    assert [export_key(r) for r in csv_rows(client.get(reverse(CSV), params))] == on_page
    assert [export_key(r) for r in xlsx_rows(client.get(reverse(XLSX), params))] == on_page


def test_an_export_row_carries_the_actions_columns(login, auditor, kingston):
    rows = csv_rows(login(auditor).get(reverse(CSV), {"source": "LR", "as_at": "2011-01-31"}))
    assert list(rows[0]) == [
        "Board",
        "Plan",
        "Objective",
        "Action",
        "Action text",
        "Sources",
        "Lead",
        "Lead user",
        "Subgroup",
        "Due date",
        "Latest status",
        "RAG letter",
        "RAG",
        "Narrative",
        "As at",
    ]
    first = rows[0]
    action = Action.objects.get(objective__plan__board=kingston, number="4.1")
    assert first["Board"] == "Kingston LSCB" and first["Objective"] == "4" and first["Action"] == "4.1"
    assert first["Action text"] == action.text
    assert first["Sources"] == "C&D, PR, LR"
    assert first["Due date"] == "2010-12-31"
    assert (first["Latest status"], first["RAG letter"], first["RAG"]) == ("Achieved", "B", "Blue")
    assert first["Narrative"] == "ACHIEVED : Independent Chair has been appointed"
    assert {r["As at"] for r in rows} == {"2011-01-31"}
    overdue = next(r for r in rows if r["Action"] == "4.3")
    assert (overdue["Latest status"], overdue["RAG letter"], overdue["RAG"]) == ("In progress", "R", "Red")
    training = csv_rows(login(auditor).get(reverse(CSV), {"source": "LR", "lead_user": _lead_pk()}))
    assert [r["Lead user"] for r in training] == ["kingston-lead"] and training[0]["Subgroup"] == "Training"
    # without a date, each row says the date its plan is shown as at
    sheet = xlsx_rows(login(auditor).get(reverse(XLSX), {"source": "LR"}))
    assert {r["As at"].date() for r in sheet} == {KINGSTON_DATE}
    assert sheet[0]["Due date"].date() == date(2010, 12, 31)  # a real date cell


def _lead_pk():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="kingston-lead").pk


def test_history_gives_one_row_per_update(login, auditor, manager, kingston):
    actions = {a.number: a for a in Action.objects.filter(objective__plan__board=kingston)}
    first = ProgressUpdate.objects.create(
        action=actions["12.3"],
        as_at=date(2010, 6, 30),
        status=Status.IN_PROGRESS,
        author=manager,
        narrative="Started",
    )
    ProgressUpdate.objects.create(
        action=actions["12.3"],
        as_at=date(2010, 9, 30),
        status=Status.ONGOING,
        author=manager,
        narrative="Going",
        corrects=None,
    )
    ProgressUpdate.objects.create(
        action=actions["12.3"],
        as_at=date(2010, 6, 30),
        status=Status.ONGOING,
        author=manager,
        narrative="Correction: ongoing",
        corrects=first,
    )
    params = {"source": "LR", "history": "1"}
    client = login(auditor)
    lr_actions = Action.objects.filter(objective__plan__board=kingston, objective__sources__code="LR")
    updates = ProgressUpdate.objects.filter(action__in=lr_actions, as_at__lte=KINGSTON_DATE)
    without = lr_actions.exclude(pk__in=updates.values("action_id")).count()
    rows = csv_rows(client.get(reverse(CSV), params))
    assert len(rows) == updates.count() + without
    assert list(rows[0])[-8:] == [
        "Update as at",
        "Update status",
        "Update RAG",
        "Update narrative",
        "Evidence",
        "Author",
        "Recorded at",
        "Corrects update of",
    ]
    of_12_3 = [r for r in rows if r["Action"] == "12.3"]
    assert [(r["Update as at"], r["Update status"], r["Update narrative"]) for r in of_12_3] == [
        ("2010-06-30", "In progress", "Started"),
        ("2010-06-30", "Ongoing", "Correction: ongoing"),
        ("2010-09-30", "Ongoing", "Going"),
    ]
    assert of_12_3[1]["Corrects update of"] == "2010-06-30" and of_12_3[0]["Corrects update of"] == ""
    # the action's columns are repeated on each of its rows: its latest status
    assert {r["Latest status"] for r in of_12_3} == {"Ongoing"}
    assert {r["Author"] for r in of_12_3} == {"kingston-manager"}
    # an action with no update keeps its one row
    assert [r["Update as at"] for r in rows if r["Action"] == "12.4"] == [""]
    assert len(xlsx_rows(client.get(reverse(XLSX), params))) == len(rows)
    # without history: one row per action
    assert len(csv_rows(client.get(reverse(CSV), {"source": "LR"}))) == lr_actions.count()


def _objective_with_dangerous_values(kingston):
    plan = Plan.objects.get(board=kingston)
    objective = Objective.objects.create(plan=plan, number="=1+1", title="Injection", order=998)
    for i, value in enumerate(DANGEROUS):
        action = Action.objects.create(objective=objective, number=f"98.{i}", order=i, text=value, lead=value)
        ProgressUpdate.objects.create(action=action, as_at=KINGSTON_DATE, status=Status.ONGOING, narrative=value)
    return objective


def test_no_value_is_ever_written_as_a_formula(login, auditor, kingston):
    objective = _objective_with_dangerous_values(kingston)
    client = login(auditor)
    params = {"objective": objective.pk, "history": "1"}

    sheet = xlsx_sheet(client.get(reverse(XLSX), params))
    headers = [c.value for c in sheet[1]]
    checked = 0
    for row in sheet.iter_rows(min_row=2):
        cells = dict(zip(headers, row, strict=True))
        for column in ("Objective", "Action text", "Lead", "Narrative", "Update narrative"):
            cell = cells[column]
            assert cell.data_type != "f", (column, cell.value)
            assert cell.data_type == "s" and cell.quotePrefix, (column, cell.value)
            checked += 1
        assert cells["Narrative"].value == cells["Action text"].value  # literal, exactly as written
        assert cells["Narrative"].value in DANGEROUS
    assert checked == 5 * len(DANGEROUS)
    assert sorted(c.value for c in sheet["E"][1:]) == sorted(DANGEROUS)

    rows = csv_rows(client.get(reverse(CSV), params))
    assert sorted(r["Narrative"] for r in rows) == sorted("'" + v for v in DANGEROUS)
    for row in rows:
        for column in ("Objective", "Action text", "Lead", "Narrative", "Update narrative"):
            assert row[column].startswith("'"), (column, row[column])
    # a harmless value is left alone
    assert csv_rows(client.get(reverse(CSV), {"source": "LR"}))[0]["Narrative"].startswith("ACHIEVED")


def _bulk(kingston, n, objective=None):
    if objective is None:
        objective = Objective.objects.create(
            plan=Plan.objects.get(board=kingston), number="99", title="Bulk", order=999
        )
        objective.sources.add(Review.objects.get(code="PR"), Review.objects.get(code="LR"))
    start = Action.objects.filter(objective=objective).count()
    actions = Action.objects.bulk_create(
        Action(objective=objective, number=f"99.{i}", order=i, text=f"Bulk {i}") for i in range(start, start + n)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(action=a, as_at=KINGSTON_DATE, status=Status.ONGOING, narrative=f"Bulk {a.number}")
        for a in actions
    )
    return objective


def test_exports_run_a_constant_number_of_queries(login, auditor, kingston, django_assert_num_queries):
    client = login(auditor)
    objective = _bulk(kingston, 10)
    params = {"objective": objective.pk}
    # 1 session, 2 user, 3 the source codes and kinds (for the form), 4 the objective asked for is one of
    # the user's, 5 the plans' own dates (no as-at date given), 6 the matching actions (with objective, plan,
    # board, section, subgroup, lead user), 7 their objectives' sources, 8 their updates
    with django_assert_num_queries(8):
        assert len(csv_rows(client.get(reverse(CSV), params))) == 10
    with django_assert_num_queries(8):
        client.get(reverse(XLSX), {**params, "history": "1"})
    _bulk(kingston, 990, objective)
    with django_assert_num_queries(8):
        assert len(csv_rows(client.get(reverse(CSV), params))) == 1000
    with django_assert_num_queries(8):
        assert len(xlsx_rows(client.get(reverse(XLSX), {**params, "history": "1"}))) == 1000
    # rated in Python (status) and with a date: the same reads, minus the plans' dates, plus the history of the
    # actions edited since that date (actions.structure: as they stood then); the date is a quarter end, so one
    # more: whether its plans have quarter snapshot rows (none: the RAG rules rate them)
    with django_assert_num_queries(9):
        assert len(csv_rows(client.get(reverse(CSV), {**params, "status": "ongoing", "as_at": "2010-09-30"}))) == 1000


def test_the_llr_managers_export_never_holds_kingston_rows(login, llr_manager, llr, kingston):
    client = login(llr_manager)
    llr_count = Action.objects.filter(objective__plan__board=llr).count()
    for url in (reverse(CSV), reverse(XLSX)):
        rows = csv_rows(client.get(url)) if url.endswith("csv") else xlsx_rows(client.get(url))
        assert len(rows) == llr_count and {r["Board"] for r in rows} == {"LLR LSCB"}
    pr = Review.objects.get(code="PR")
    kingston_plan = Plan.objects.get(board=kingston)
    for params in (
        {"board": "kingston"},
        {"plan": kingston_plan.pk},
        {"review": pr.pk},
        {"source": "PR"},
        {"finding": pr.findings.first().pk},
        {"objective": kingston_plan.objectives.first().pk},
    ):
        response = client.get(reverse(CSV), params)
        assert response.status_code == 400, params
        body = response.content.decode()
        assert "nothing was exported" in body and "Kingston" not in body
        assert client.get(reverse(XLSX), params).status_code == 400
    # a valid filter that matches Kingston only gives LLR nothing
    assert csv_rows(client.get(reverse(CSV), {"source": "LR"})) == []
    assert csv_rows(client.get(reverse(CSV), {"q": "Independent Chair"})) == []


def test_an_outsiders_export_is_empty(login, outsider):
    assert csv_rows(login(outsider).get(reverse(CSV))) == []
    assert xlsx_rows(login(outsider).get(reverse(XLSX))) == []


def test_bad_input_exports_nothing_and_says_why(login, auditor):
    response = login(auditor).get(reverse(CSV), {"source": "PR", "due_to": "31/31/2010"})
    assert response.status_code == 400
    assert "Due on or before: “31/31/2010” is not a date" in response.content.decode()
