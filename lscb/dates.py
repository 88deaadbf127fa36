"""The dates the tracker holds: 1990 to 2100. Plans, due dates, progress and quarters outside them are mistakes or
probes (year 1 made a report of 4.5 MB and a PDF that never finished; year 0 or 9999 broke the quarter arithmetic),
so every door refuses them: forms and URL parameters (a form error), the models (validators and a database
constraint), and the import (a warning, the date not read)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q

FIRST_YEAR = 1990
LAST_YEAR = 2100
EARLIEST = date(FIRST_YEAR, 1, 1)
LATEST = date(LAST_YEAR, 12, 31)
OUT_OF_RANGE = f"Enter a date between {FIRST_YEAR} and {LAST_YEAR}"


def in_range(day):
    return EARLIEST <= day <= LATEST


def validate_in_range(day):
    """A model and form field validator: ValidationError naming the date and the years allowed."""
    if day is not None and not in_range(day):
        raise ValidationError(f"{OUT_OF_RANGE}: {day.isoformat()} is not.", code="date_out_of_range")


def in_range_q(field, *, nullable=False):
    """The database's CheckConstraint condition for a date field."""
    condition = Q(**{f"{field}__gte": EARLIEST, f"{field}__lte": LATEST})
    return condition | Q(**{f"{field}__isnull": True}) if nullable else condition
