"""Dates and quarters are bounded to 1990-2100 at every door. The penetration test found a plan period from
0001-01-01 (4.5 MB of report HTML, a PDF that never finished, a pack task of 25 minutes), `as_at=0001-01-01` and
`quarter=0000-Q1` / `9999-Q4` answering 500, a pack for quarter 0000-Q1 stored as '0-Q1' (its maker's packs
page 500 for good), and oversized ids in a multi-select answering 500 on SQLite."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from actions.quarters import Quarter
from actions.timescales import due_date_from
from imports.columns import date_in_header
from packs.models import ReportPack
from plans.models import Objective, Plan
from tests.helpers import page_text, row_counts
from tests.test_fuzz_query_parameters import PROBE, recording_get  # noqa: F401 (recording_get: a fixture)

pytestmark = pytest.mark.django_db
OUT_OF_RANGE = "Enter a date between 1990 and 2100: 0001-01-01 is not."
BAD_QUARTERS = ["0000-Q1", "9999-Q4", "1989-Q4", "2100-Q4"]


@pytest.fixture
def plan(kingston):
    return kingston.plans.get()


@pytest.mark.parametrize("quarter", BAD_QUARTERS)
def test_a_quarter_outside_the_years_is_not_a_quarter(quarter):
    with pytest.raises(ValueError, match=f"“{quarter}” is not a quarter the tracker holds: the year is between 1990"):
        Quarter.parse(quarter)
    assert Quarter.parse("1990-Q1").start == date(1990, 4, 1) and Quarter.parse("2099-Q4").end == date(2100, 3, 31)


@pytest.mark.parametrize(
    "param", [{"as_at": "0001-01-01"}, {"as_at": "9999-12-31"}] + [{"quarter": q} for q in BAD_QUARTERS]
)
def test_the_dashboards_name_a_bad_date_and_do_not_fail(login, manager, param):
    client = login(manager)
    for url in (reverse("reporting:board_dashboard", args=["kingston"]), reverse("reporting:dashboard")):
        response = client.get(url, param)
        assert response.status_code == 200, url
        text = page_text(response)
        assert "Enter a date between 1990 and 2100" in text or "is not a quarter the tracker holds" in text, url


def test_the_plan_page_names_a_bad_as_at_date_and_shows_its_default(login, manager, plan):
    response = login(manager).get(reverse("reporting:plan", args=[plan.pk]), {"as_at": "0001-01-01"})
    assert response.status_code == 200
    assert OUT_OF_RANGE in page_text(response)
    assert 'value="2010-09-30"' in response.content.decode()  # the ended plan's default: its last progress date


def test_the_reports_answer_a_bad_date_or_quarter_with_400(login, manager, plan, monkeypatch):
    monkeypatch.setattr("reporting.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")
    client = login(manager)
    response = client.get(reverse("reporting:print_pdf", args=[plan.pk]), {"as_at": "0001-01-01"})
    assert response.status_code == 400 and OUT_OF_RANGE in page_text(response)
    for quarter in BAD_QUARTERS:
        response = client.get(reverse("reporting:quarterly_pdf", args=[plan.pk]), {"quarter": quarter})
        assert response.status_code == 400, quarter
        response = client.get(reverse("reporting:quarterly", args=[plan.pk]), {"quarter": quarter})
        assert response.status_code == 200 and "is not a quarter" in page_text(response), quarter


def test_a_pack_for_quarter_0000_q1_is_refused_by_its_form(login, manager):
    response = login(manager).post(reverse("packs:list"), {"board": ["kingston"], "quarter": "0000-Q1"})
    assert response.status_code == 400
    assert "“0000-Q1” is not a quarter the tracker holds" in page_text(response)
    assert not ReportPack.objects.exists()
    assert login(manager).get(reverse("packs:list")).status_code == 200


def test_a_plan_period_from_year_one_is_refused_by_the_plan_form(login, manager):
    before = row_counts()
    response = login(manager).post(
        reverse("plans:create", args=["kingston"]),
        {
            "title": "Forever plan",
            "kind": "business",
            "period_start": "0001-01-01",
            "period_end": "2011-03-31",
            "status": "draft",
            "layout": "objectives",
        },
    )
    assert response.status_code == 200 and OUT_OF_RANGE in page_text(response)
    assert row_counts() == before


def test_the_import_form_refuses_a_period_or_progress_date_outside_the_years(login, manager):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = row_counts()
    response = login(manager).post(
        reverse("imports:start", args=["kingston"]),
        {
            "title": "Imported",
            "kind": "improvement",
            "period_start": "2009-04-01",
            "period_end": "9999-12-31",
            "status": "draft",
            "progress_as_at": "0001-01-01",
            "file": SimpleUploadedFile("plan.csv", b"Outcomes,Lead\r\n1.1 Train,Chair\r\n"),
        },
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "Enter a date between 1990 and 2100: 9999-12-31 is not." in text and OUT_OF_RANGE in text
    assert row_counts() == before


def test_the_import_reads_no_due_date_or_progress_date_outside_the_years():
    assert due_date_from("March 0001") is None and due_date_from("by March 9999") is None
    assert due_date_from("March 0001, then March 2011") == date(2011, 3, 31)
    assert date_in_header("Progress 0001-01-01") is None and date_in_header("Progress 31/12/9999") is None
    assert date_in_header("Progress 30/09/2010") == date(2010, 9, 30)


def test_progress_and_due_dates_outside_the_years_are_form_errors(login, manager, kingston):
    action = Action.objects.get(objective__plan__board=kingston, number="4.2")
    client = login(manager)
    response = client.post(
        reverse("actions:progress", args=[action.pk]), {"as_at": "0001-01-01", "status": "in_progress", "rag": "red"}
    )
    assert response.status_code == 200 and "The plan's period starts on 01 April 2009" in page_text(response)
    assert not action.updates.filter(as_at=date(1, 1, 1)).exists()
    edit = client.get(reverse("actions:edit", args=[action.pk]))
    data = {k: v for k, v in edit.context["form"].initial.items() if v is not None and k != "lead_user"}
    data.update(due_date="0001-01-01", version=edit.context["form"].initial.get("version", action.version))
    response = client.post(reverse("actions:edit", args=[action.pk]), data)
    assert response.status_code == 200 and OUT_OF_RANGE in page_text(response)
    action.refresh_from_db()
    assert action.due_date != date(1, 1, 1)


def test_the_database_refuses_dates_outside_the_years(plan):
    action = Action.objects.filter(objective__plan=plan).first()
    with pytest.raises(ValidationError, match="Enter a date between 1990 and 2100"):
        ProgressUpdate(action=action, as_at=date(1, 1, 1), status="ongoing").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressUpdate.objects.create(action=action, as_at=date(1, 1, 1), status="ongoing")
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(period_start=date(1, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(due_date=date(9999, 12, 31))


def test_oversized_ids_in_a_multi_select_are_a_form_error(login, manager, plan):
    objective = Objective.objects.filter(plan=plan).first()
    before = row_counts()
    response = login(manager).post(
        reverse("plans:objective_edit", args=[objective.pk]),
        {"number": objective.number, "title": "x", "sources": ["99999999999999999999"], "version": objective.version},
    )
    assert response.status_code == 200
    assert "99999999999999999999 is not one of the available choices" in page_text(response)
    assert row_counts() == before


def test_an_auditors_filter_due_date_outside_the_years_is_a_form_error(login, auditor):
    response = login(auditor).get(reverse("reporting:find"), {"due_from": "0001-01-01"})
    assert response.status_code == 200 and OUT_OF_RANGE in page_text(response)


def test_a_pack_stored_with_a_quarter_from_before_the_bounds_does_not_break_its_makers_pages(login, manager):
    pack = ReportPack.objects.create(created_by=manager, quarter="0-Q1", total=1, status=ReportPack.Status.FAILED)
    client = login(manager)
    listed = client.get(reverse("packs:list"))
    assert listed.status_code == 200 and "0-Q1 (not a quarter)" in page_text(listed)
    assert client.get(reverse("packs:detail", args=[pack.pk])).status_code == 200


GET_PROBES = [
    "as_at=0001-01-01",
    "as_at=9999-12-31",
    "quarter=0000-Q1",
    "quarter=9999-Q4",
    "plan=99999999999999999999",
    "objective=99999999999999999999&review=99999999999999999999&finding=99999999999999999999",
    "lead_user=99999999999999999999&subgroup=99999999999999999999&section=99999999999999999999",
    "due_from=0001-01-01&due_to=9999-12-31&page=99999999999999999999",
]


@pytest.mark.parametrize("username", ["kingston-manager", "auditor"])
def test_no_page_answers_500_to_hostile_get_parameters(seed, monkeypatch, username, recording_get):  # noqa: F811
    """Every URL of the project (as the permission matrix walks them), as its board's manager and as the auditor,
    with each probe the penetration test used: a page or a 400 naming the problem, never a 500. A probe goes to
    each URL whose view reads one of its names (found as the query-string fuzz finds them: a GET that records
    every name read); to any other view it is the plain GET, which the URL matrix already makes."""
    from django.contrib.auth.models import User
    from django.test import Client

    from tests.test_url_matrix import all_patterns, build_url, ids_for

    monkeypatch.setattr("reporting.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")
    kingston = seed["kingston"]
    objects = ids_for(kingston)
    failures = []
    probed = 0
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    for route, _entry in all_patterns():
        url = build_url(route, kingston, objects)
        if url is None or "logout" in url:
            continue
        recording_get.clear()
        if client.get(url, {PROBE: "1"}).status_code >= 500:
            failures.append(f"{username} GET {url}")
        read = set(recording_get)
        for probe in GET_PROBES:
            if read & {pair.split("=")[0] for pair in probe.split("&")}:
                probed += 1
                if client.get(f"{url}?{probe}").status_code >= 500:
                    failures.append(f"{username} GET {url}?{probe}")
    assert failures == []
    assert probed >= 20  # the probes reach the pages that read dates, quarters and ids
