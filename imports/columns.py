"""What a plan table's header row says (rule 1 of parsing.py): the kind of each column, read from its header by
synonym, the unheaded numbers' column left of Outcomes, and the as-at date a Progress header names (rule 7)."""

import re
from datetime import date

from actions.timescales import due_date_from
from lscb.dates import in_range

from .dates import uk_dates

# column kind -> how headers begin, once lower-cased with everything but letters, digits and '&' removed
COLUMN_SYNONYMS = {
    "objective": ("objective", "aim", "priorit", "goal"),
    "source": ("source", "origin"),
    "outcome": ("outcome", "action", "task", "whatwewilldo", "deliverable"),
    "method": ("method", "how", "approach", "activit"),
    "lead": ("lead", "responsib", "owner", "who"),
    "progress": ("progress", "update", "status"),
    "resources": ("resource", "budget", "cost", "funding"),
    "subgroup": ("reportingto", "reportsto", "subgroup", "subcommittee"),
    "timescale": ("timescale", "time", "due", "deadline", "bywhen", "when", "target", "date", "completion"),
}
# a rating column: RAG, RAG status, Rating, Status RAG, Progress rating
RAG_HEADERS = ("rag", "rating")
NUMBER_HEADERS = {
    "no",
    "number",
    "num",
    "ref",
    "",
    "outcomeno",
    "outcomenumber",
    "actionno",
    "actionnumber",
    "itemno",
    "refno",
}
COLUMN_LABELS = {
    "objective": "Objectives",
    "source": "Source",
    "outcome": "Outcomes",
    "method": "Method",
    "lead": "Lead",
    "progress": "Progress",
    "resources": "Resources",
    "subgroup": "Reporting to",
    "timescale": "Time scale",
    "number": "Number",
    "rag": "RAG",
    "timescale_resources": "Timescale & Resources",
}
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _key(text):
    return re.sub(r"[^a-z0-9&]", "", text.lower())


def column_kind(header):
    key = _key(header)
    if ("timescale" in key or key.startswith("time")) and "resource" in key:
        return "timescale_resources"
    if key in NUMBER_HEADERS and key:
        return "number"
    if key.startswith(RAG_HEADERS) or key.endswith(RAG_HEADERS):  # before Progress: 'Status RAG' is a rating
        return "rag"
    for kind, beginnings in COLUMN_SYNONYMS.items():
        if key.startswith(beginnings):
            return kind
    return None


def date_in_header(header):
    """The as-at date a Progress header names: 'Progress  September 2010' -> 30 Sep 2010; '30/06/2010',
    '30.06.10', '30 June 2010' (day first). None for none, and for a date outside lscb.dates' bounds."""
    if exact := uk_dates(header):
        return exact[0]
    if m := ISO_DATE.search(header):
        return _date_or_none(int(m[1]), int(m[2]), int(m[3]))
    return due_date_from(header)


def _date_or_none(year, month, day):
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if in_range(found) else None


class Columns:
    def __init__(self, header_row):
        self.kinds = {}  # kind -> index (progress: a list)
        self.labels = {}  # index -> header as written
        self.progress = []
        self.ignored = []
        cells = header_row.cells
        for index, cell in enumerate(cells):
            header = re.sub(r"\s+", " ", cell.text).strip()
            self.labels[index] = header
            kind = column_kind(header) if header else None
            if kind == "progress":
                self.progress.append(index)
            elif kind and kind not in self.kinds:
                self.kinds[kind] = index
            elif header:
                self.ignored.append(header)
        outcome = self.kinds["outcome"]
        if "number" not in self.kinds and outcome > 0 and not cells[outcome - 1].text:
            self.kinds["number"] = outcome - 1  # LLR: the numbers' column has no heading
        self.width = len(cells)
        self.keys = {index: _key(cell.text) for index, cell in enumerate(cells) if cell.text}

    def label(self, index):
        return self.labels.get(index) or f"{index + 1}"

    def get(self, row, kind):
        index = self.kinds.get(kind)
        if index is None or index >= len(row.cells):
            return None
        return row.cells[index]

    def is_repeat(self, row):
        same = sum(1 for i, key in self.keys.items() if i < len(row.cells) and _key(row.cells[i].text) == key)
        return same >= 2 and same >= len(self.keys) - 1


def header_kinds(row):
    return [column_kind(c.text) for c in row.cells if c.text and len(c.text) < 120]
