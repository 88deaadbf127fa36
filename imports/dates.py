"""Dates and ratings as a board's spreadsheet writes them. Dates are UK, day first, always: 31/03/2027,
31.03.27, 31-03-2027, '31 March 2027', '31st March 2027' (a US month-first date such as 03/31/2027 is no date).
A RAG cell says Red, Amber, Green or Blue, or R, A, G, B, in any case."""

import re
from datetime import date

from actions.models import RAG
from actions.timescales import MONTHS, due_date_from
from lscb.dates import in_range

DAY_FIRST = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/.-])")
DAY_MONTH_NAME = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4}|\d{2})\b",
    re.I,
)
RATINGS = {"r": RAG.RED, "a": RAG.AMBER, "g": RAG.GREEN, "b": RAG.BLUE}


def _year(text):
    """'27' -> 2027 (a plan's dates are this century), '2027' -> 2027."""
    return int(text) + 2000 if len(text) == 2 else int(text)


def _date(year, month, day):
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if in_range(found) else None


def uk_dates(text):
    """Every day-first date written in the text, in order; a day or month out of range is no date."""
    found = []
    for m in DAY_FIRST.finditer(text or ""):
        found.append(_date(_year(m[3]), int(m[2]), int(m[1])))
    for m in DAY_MONTH_NAME.finditer(text or ""):
        found.append(_date(_year(m[3]), MONTHS[m[2].lower()[:3]], int(m[1])))
    return [d for d in found if d]


def due_date(timescale):
    """The latest exact date the time scale writes (31/03/2027: 31 March 2027), else the end of the latest month
    it names (actions.timescales.due_date_from: 'March 2027' -> 31 March 2027)."""
    exact = uk_dates(timescale)
    return max(exact) if exact else due_date_from(timescale)


def rating(text):
    """The RAG a cell writes ('Red', 'r', ' AMBER '), '' for an empty cell, None for anything else."""
    key = (text or "").strip().lower()
    if not key:
        return ""
    if key in RATINGS:
        return RATINGS[key]
    return next((value for value in RATINGS.values() if key == value), None)
