"""The dates the tracker holds: 1990 to 2100. Plans, due dates, progress and quarters outside them are mistakes or
probes (year 1 made a report of 4.5 MB and a PDF that never finished; year 0 or 9999 broke the quarter arithmetic),
so every door refuses them: forms and URL parameters (a form error), the models (validators and a database
constraint), and the import (a warning, the date not read)."""

from datetime import date, timedelta

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


# A plan runs for a year or a few (Kingston's improvement plan: two); a period of decades is a typing mistake, and
# every quarter in it is a page of the plan's reports, so a plan's period is at most this long.
MAX_PLAN_YEARS = 10
# the database's backstop: ten years are at most 3,653 days (three leap days), and end the day before
MAX_PLAN_DAYS = timedelta(days=365 * MAX_PLAN_YEARS + 2)


def add_years(day, years):
    """The same day `years` later (28 February for 29 February in a year that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def plan_period_problem(start, end):
    """The message for a plan period longer than MAX_PLAN_YEARS (None when it is not), naming the dates."""
    if start is None or end is None or end < add_years(start, MAX_PLAN_YEARS):
        return None
    return (
        f"A plan's period may last at most {MAX_PLAN_YEARS} years: {start:%-d %B %Y} to {end:%-d %B %Y} is longer. "
        f"End it by {add_years(start, MAX_PLAN_YEARS) - timedelta(days=1):%-d %B %Y}, or split it into several "
        "plans."
    )
