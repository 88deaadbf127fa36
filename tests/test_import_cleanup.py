"""Imports never confirmed (a preview walked away from, a file that failed, a large upload never read) are deleted
once untouched for IMPORT_KEEP_DAYS, by `manage.py clean_imports` and whenever a manager starts a new import.
Confirmed imports, and the plans they created, are kept."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from imports.cleanup import remove_stale_imports
from plans.models import Objective, Plan, PlanImport
from tests.import_files import PLAN_FIELDS, csv_bytes, imported, kingston_rows, upload

pytestmark = pytest.mark.django_db

Status = PlanImport.Status
OPTIONS = {**PLAN_FIELDS, "progress_as_at": None}


def an_import(board, status, *, days_ago, file_data=b""):
    """A PlanImport of `board` in `status`, last touched `days_ago` days ago."""
    plan_import = PlanImport.objects.create(
        board=board,
        file_name="plan.csv",
        file_kind="csv",
        options=OPTIONS,
        status=status,
        file_data=file_data,
        preview={"counts": {"objectives": 0}} if status == Status.READY else None,
        error="plan.csv: no plan table found." if status == Status.FAILED else "",
    )
    touched = timezone.now() - timedelta(days=days_ago)
    PlanImport.objects.filter(pk=plan_import.pk).update(updated_at=touched)  # auto_now would move it on save
    return plan_import


def remaining(*imports):
    return set(PlanImport.objects.filter(pk__in=[i.pk for i in imports]).values_list("pk", flat=True))


def test_stale_unconfirmed_imports_go_and_recent_ones_stay(kingston, llr, settings):
    settings.IMPORT_KEEP_DAYS = 7
    stale = [
        an_import(kingston, Status.QUEUED, days_ago=8, file_data=b"Objectives,Outcomes\r\n" * 300),
        an_import(kingston, Status.READING, days_ago=30),
        an_import(kingston, Status.READY, days_ago=8),
        an_import(llr, Status.FAILED, days_ago=7.01),  # every board's: the cleanup is not one board's
    ]
    recent = [
        an_import(kingston, Status.QUEUED, days_ago=0, file_data=b"x"),
        an_import(kingston, Status.READY, days_ago=6.9),
        an_import(llr, Status.FAILED, days_ago=1),
    ]
    assert remove_stale_imports() == 4
    assert remaining(*stale) == set()
    assert remaining(*recent) == {i.pk for i in recent}


def test_days_and_now_can_be_given(kingston):
    three_days_old = an_import(kingston, Status.READY, days_ago=3)
    assert remove_stale_imports(days=4) == 0
    assert remove_stale_imports(now=timezone.now() + timedelta(days=2), days=4) == 1
    assert remaining(three_days_old) == set()
    with pytest.raises(ValueError):
        remove_stale_imports(days=-1)


def test_the_cleanup_is_one_delete_query(kingston, django_assert_num_queries):
    an_import(kingston, Status.FAILED, days_ago=10)
    with django_assert_num_queries(1) as captured:  # DELETE ... WHERE NOT status = 'imported' AND updated_at < %s
        assert remove_stale_imports() == 1
    assert captured.captured_queries[0]["sql"].startswith("DELETE")


def test_confirmed_imports_and_the_plans_they_created_stay(kingston, manager, login):
    client = login(manager)
    plan_import = imported(client, upload(client, "kingston", "kingston.csv", csv_bytes(kingston_rows())))
    response = client.post(reverse("imports:confirm", args=["kingston", plan_import.pk]))
    assert response.status_code == 302
    plan = Plan.objects.get(imports=plan_import)
    objectives, actions = (
        Objective.objects.filter(plan=plan).count(),
        Action.objects.filter(objective__plan=plan).count(),
    )
    assert objectives and actions
    PlanImport.objects.filter(pk=plan_import.pk).update(updated_at=timezone.now() - timedelta(days=400))
    abandoned = an_import(kingston, Status.READY, days_ago=400)

    assert remove_stale_imports() == 1

    assert remaining(plan_import, abandoned) == {plan_import.pk}
    kept = PlanImport.objects.get(pk=plan_import.pk)
    assert kept.status == Status.IMPORTED and kept.plan == plan and kept.preview  # the record of where it came from
    assert Objective.objects.filter(plan=plan).count() == objectives
    assert Action.objects.filter(objective__plan=plan).count() == actions


def test_the_command_says_how_many_it_removed(kingston):
    an_import(kingston, Status.READY, days_ago=10)
    an_import(kingston, Status.FAILED, days_ago=10)
    kept = an_import(kingston, Status.READY, days_ago=2)
    out = StringIO()
    call_command("clean_imports", stdout=out)
    assert out.getvalue() == "Removed 2 unconfirmed plan imports not touched for more than 7 days.\n"
    out = StringIO()
    call_command("clean_imports", "--days", "1", stdout=out)
    assert out.getvalue() == "Removed 1 unconfirmed plan import not touched for more than 1 day.\n"
    assert remaining(kept) == set()
    with pytest.raises(CommandError, match="--days must be 0 or more"):
        call_command("clean_imports", "--days", "-3", stdout=StringIO())


def test_starting_an_import_cleans_up_stale_ones(kingston, llr, manager, login):
    stale = [an_import(kingston, Status.READY, days_ago=9), an_import(llr, Status.FAILED, days_ago=9)]
    recent = an_import(kingston, Status.READY, days_ago=1)
    client = login(manager)
    assert client.get(reverse("imports:start", args=["kingston"])).status_code == 200
    assert remaining(*stale) == {i.pk for i in stale}  # showing the form changes nothing

    new = imported(client, upload(client, "kingston", "kingston.csv", csv_bytes(kingston_rows())))

    assert remaining(*stale) == set()
    assert remaining(recent, new) == {recent.pk, new.pk}


def test_a_refused_upload_cleans_up_too_but_a_read_only_role_cannot_trigger_it(kingston, manager, chair, login):
    stale = an_import(kingston, Status.FAILED, days_ago=9)
    assert upload(login(chair), "kingston", "plan.csv", b"Outcomes,Lead\r\n").status_code == 403
    assert remaining(stale) == {stale.pk}
    response = upload(login(manager), "kingston", "plan.pdf", b"%PDF-1.4")
    assert response.status_code == 200
    assert remaining(stale) == set()
