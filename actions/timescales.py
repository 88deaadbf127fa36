"""Read a due date from a timescale as a board writes it: 'Sept 2010' -> 30 Sep 2010, 'Annually' -> none."""

import calendar
import re
from datetime import date

from lscb.dates import FIRST_YEAR, LAST_YEAR

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# a month name or abbreviation (Sept, Sep., September) followed by a year of two or four digits
MONTH_YEAR = re.compile(
    r"(\bfrom\s+)?"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"\s+(\d{4}|\d{2})\b",
    re.I,
)


def due_date_from(timescale):
    """The last day of the latest month named in the timescale, or None when it names no month and year.

    'Dec 2010' -> 2010-12-31; 'Ongoing till March 2009' -> 2009-03-31; 'November 08' -> 2008-11-30;
    'to July 2008 ... Implementation from September 2008 – on going' -> 2008-07-31 (a start is not a due date);
    'Annually', 'Training Plan 2010-11', 'Within 6 months of completion' -> None (kept as written only);
    a year outside lscb.dates' bounds ('March 0001') is no due date either.
    """
    found = []
    for start, month_name, year_text in MONTH_YEAR.findall(timescale or ""):
        if start:  # "Implementation from September 2008" is when work starts, not when it is due
            continue
        year = int(year_text)
        if len(year_text) == 2:  # 'November 08'
            year += 2000
        if not FIRST_YEAR <= year <= LAST_YEAR:
            continue
        month = MONTHS[month_name.lower()[:3]]
        found.append(date(year, month, calendar.monthrange(year, month)[1]))
    return max(found) if found else None
