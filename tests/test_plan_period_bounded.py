"""A plan's period is at most ten years, at every door: the new-plan and edit forms and the import form name the
dates and the latest end allowed and write nothing; the model refuses it (full_clean, as the import's confirmation
uses) and the database constraint is the backstop."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans.models import Plan
from tests.helpers import page_text, row_counts

pytestmark = pytest.mark.django_db

TOO_LONG = (
    "A plan's period may last at most 10 years: 1 April 2009 to 31 March 2031 is longer. End it by 31 March 2019, "
    "or split it into several plans."
)


def plan_fields(plan, **changes):
    return {
        "title": plan.title,
        "kind": plan.kind,
        "period_start": "2009-04-01",
        "period_end": "2031-03-31",
        "status": plan.status,
        "layout": plan.layout,
        "version": plan.version,
        **changes,
    }


def test_editing_a_plan_to_22_years_is_refused_naming_the_dates(login, manager, kingston_plan):
    before = row_counts()
    response = login(manager).post(reverse("plans:edit", args=[kingston_plan.pk]), plan_fields(kingston_plan))
    assert response.status_code == 200 and TOO_LONG in page_text(response)
    assert row_counts() == before
    kingston_plan.refresh_from_db()
    assert kingston_plan.period_end == date(2011, 3, 31)


def test_ten_years_to_the_day_before_is_accepted(login, manager, kingston_plan):
    response = login(manager).post(
        reverse("plans:edit", args=[kingston_plan.pk]), plan_fields(kingston_plan, period_end="2019-03-31")
    )
    assert response.status_code == 302
    kingston_plan.refresh_from_db()
    assert kingston_plan.period_end == date(2019, 3, 31)


def test_a_new_plan_of_too_long_a_period_is_refused(login, manager, kingston_plan):
    before = row_counts()
    response = login(manager).post(reverse("plans:create", args=["kingston"]), plan_fields(kingston_plan, title="New"))
    assert response.status_code == 200 and TOO_LONG in page_text(response)
    assert row_counts() == before


def test_read_only_roles_cannot_even_try(login, chair, auditor, kingston_plan):
    before = row_counts()
    for persona in (chair, auditor):
        response = login(persona).post(reverse("plans:edit", args=[kingston_plan.pk]), plan_fields(kingston_plan))
        assert response.status_code == 403
    assert row_counts() == before


def test_the_import_form_refuses_too_long_a_period(login, manager):
    before = row_counts()
    response = login(manager).post(
        reverse("imports:start", args=["kingston"]),
        {
            "title": "Imported",
            "kind": "improvement",
            "period_start": "2009-04-01",
            "period_end": "2031-03-31",
            "status": "draft",
            "file": SimpleUploadedFile("plan.csv", b"Outcomes,Lead\r\n1.1 Train,Chair\r\n"),
        },
    )
    assert response.status_code == 200 and TOO_LONG in page_text(response)
    assert row_counts() == before


def test_the_model_and_the_database_refuse_it(kingston_plan):
    kingston_plan.period_end = date(2031, 3, 31)
    with pytest.raises(ValidationError) as refused:
        kingston_plan.full_clean()
    assert refused.value.message_dict["period_end"] == [TOO_LONG]
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=kingston_plan.pk).update(period_end=date(2031, 3, 31))
    Plan.objects.filter(pk=kingston_plan.pk).update(period_end=date(2019, 3, 31))  # ten years: allowed
