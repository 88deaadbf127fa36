"""UK financial-year quarters: Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March.
Q4 belongs to the financial year that started the April before: January 2011 is in Q4 2010/11.

The one home of a quarter's words: `long_label` is what every list of quarters offers ("Q2 2010/11 (July to
September 2010)"), and `Quarter.parse` reads that wording back when typed, as well as "Q2 2010/11" and the code
`?quarter=` carries ("2010-Q2")."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from lscb.dates import FIRST_YEAR, LAST_YEAR

# quarter number -> (first month, last month); Q4's months fall in the calendar year after the FY starts
_QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}
_QUARTER_CODE = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)
# "Q2 2010/11", "Q2 2010/2011", "Q2 2010-11", optionally followed by its months "(July to September 2010)"
_QUARTER_WORDS = re.compile(
    r"^\s*Q\s*([1-4])\s+(\d{4})\s*[/\-–]\s*(\d{2}|\d{4})\s*(?:\(([^()]*)\))?\s*$", re.IGNORECASE
)
_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


@dataclass(frozen=True, order=True)
class Quarter:
    """A UK financial-year quarter. `fy_start` is the year its financial year starts:
    Quarter(2010, 4) is Q4 2010/11, January to March 2011."""

    fy_start: int
    number: int

    def __post_init__(self):
        if self.number not in _QUARTER_MONTHS:
            raise ValueError(f"A quarter is numbered 1 to 4, not {self.number}.")

    @property
    def start(self):
        first_month, _ = _QUARTER_MONTHS[self.number]
        return date(self._calendar_year, first_month, 1)

    @property
    def end(self):
        _, last_month = _QUARTER_MONTHS[self.number]
        if last_month == 12:
            return date(self._calendar_year, 12, 31)
        return date(self._calendar_year, last_month + 1, 1) - timedelta(days=1)

    @property
    def _calendar_year(self):
        return self.fy_start + 1 if self.number == 4 else self.fy_start

    @property
    def financial_year(self):
        """'2010/11'."""
        return f"{self.fy_start}/{(self.fy_start + 1) % 100:02d}"

    @property
    def label(self):
        """'Q2 2010/11'."""
        return f"Q{self.number} {self.financial_year}"

    @property
    def months(self):
        """'July to September 2010'."""
        return f"{_MONTH_NAMES[self.start.month - 1]} to {_MONTH_NAMES[self.end.month - 1]} {self.end.year}"

    @property
    def long_label(self):
        """'Q2 2010/11 (July to September 2010)': how every list of quarters offers it."""
        return f"{self.label} ({self.months})"

    @property
    def code(self):
        """'2010-Q2': what `?quarter=` takes and `Quarter.parse` reads."""
        return f"{self.fy_start}-Q{self.number}"

    def __str__(self):
        return self.label

    def contains(self, day):
        return self.start <= day <= self.end

    def previous(self):
        return Quarter(self.fy_start - 1, 4) if self.number == 1 else Quarter(self.fy_start, self.number - 1)

    def next(self):
        return Quarter(self.fy_start + 1, 1) if self.number == 4 else Quarter(self.fy_start, self.number + 1)

    @classmethod
    def parse(cls, text):
        """'2010-Q2' (also '2010Q2', '2010-q2'), 'Q2 2010/11' or 'Q2 2010/11 (July to September 2010)' -> Q2 of
        FY 2010/11, its year within lscb.dates' bounds. Anything else: ValueError, its message naming what is
        wrong."""
        text = text or ""
        code, words = _QUARTER_CODE.match(text), _QUARTER_WORDS.match(text)
        if code:
            year, number = int(code.group(1)), int(code.group(2))
        elif words:
            number, year, year_after = int(words.group(1)), int(words.group(2)), words.group(3)
            if int(year_after) != (year + 1 if len(year_after) == 4 else (year + 1) % 100):
                raise ValueError(
                    f"“{text}” is not a quarter: a financial year runs from one year into the next, for example "
                    "Q2 2010/11 for July to September 2010."
                )
        else:
            raise ValueError(
                f"“{text}” is not a quarter: write it as the list offers, for example Q2 2010/11 (July to "
                "September 2010), or as 2010-Q2."
            )
        if not FIRST_YEAR <= year < LAST_YEAR:  # Q4 of LAST_YEAR/.. would end in the year after
            raise ValueError(
                f"“{text}” is not a quarter the tracker holds: the year is between {FIRST_YEAR} and "
                f"{LAST_YEAR - 1}, for example 2010-Q2 for July to September 2010."
            )
        quarter = cls(year, number)
        if words and words.group(4) is not None and " ".join(words.group(4).split()).lower() != quarter.months.lower():
            raise ValueError(f"“{text}” does not add up: {quarter.label} is {quarter.months}.")
        return quarter


def quarter_of(day):
    """The financial-year quarter containing `day`: 15 Aug 2010 -> Q2 2010/11, 15 Feb 2011 -> Q4 2010/11."""
    if day.month >= 4:
        return Quarter(day.year, (day.month - 4) // 3 + 1)
    return Quarter(day.year - 1, 4)


def parse_quarter(text):
    """Same as `Quarter.parse`."""
    return Quarter.parse(text)


def quarters_between(start, end):
    """Every quarter from the one containing `start` to the one containing `end`, in order."""
    quarters = []
    quarter, last = quarter_of(start), quarter_of(end)
    while quarter <= last:
        quarters.append(quarter)
        quarter = quarter.next()
    return quarters


def quarter_ends(start, end):
    """The last day of every quarter across a period (a plan's period_start to period_end), in order."""
    return [quarter.end for quarter in quarters_between(start, end)]


def previous_quarter_end(as_at):
    """The last day of the quarter before the one containing `as_at`: direction of travel compares with it."""
    return quarter_of(as_at).previous().end


def last_complete_quarter(day):
    """The latest quarter that has ended by `day`: the quarter containing it when `day` is its last day
    (30 Sep 2010 -> Q2 2010/11), otherwise the one before (29 Sep 2010 -> Q1 2010/11)."""
    quarter = quarter_of(day)
    return quarter if day == quarter.end else quarter.previous()


def quarter_choices(start, end):
    """[(code, 'Q2 2010/11 (July to September 2010)')] for every quarter from `start`'s to `end`'s, newest first:
    the list a quarter is chosen from."""
    return [(quarter.code, quarter.long_label) for quarter in reversed(quarters_between(start, end))]
