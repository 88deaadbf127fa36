"""What one cell of a plan table says: objective and outcome numbers, an Outcomes cell split into outcomes
(rules 3 and 4 of parsing.py), a progress statement's status (rule 7), and a source key line ('PR = Peer
Review') above the table (rule 5)."""

import re

OBJECTIVE_NUMBER = re.compile(r"(\d+[a-z]?)\s*[.):]?(?:\s+(.*))?", re.S)
OUTCOME_NUMBER = re.compile(r"(\d+\s*\.\s*\d+[a-z]?)\s*(?:[.:)]|[–-](?=\s))?(?:\s+(.*))?", re.S)
NUMBER_ONLY = re.compile(r"\d+(?:\s*\.\s*\d+)*[a-z]?")

STATUS_WORDS = (
    (r"not\s+started", "not_started"),
    (r"not\s+(?:yet\s+)?achieved", "not_achieved"),
    (r"superseded", "superseded"),
    (r"in\s+progress", "in_progress"),
    (r"on\s*-?\s*going", "ongoing"),
    (r"achieved|completed?|done", "achieved"),
)
LEADING_STATUS = [(re.compile(rf"^\W*(?:{pattern})\b", re.I), status) for pattern, status in STATUS_WORDS]
ANY_STATUS = [(re.compile(rf"\b(?:{pattern})\b", re.I), status) for pattern, status in STATUS_WORDS]
SOURCE_KEY_LINE = re.compile(r"^\s*(\S{1,20})\s*[=:–-]\s*(\S.{2,200})$")


def status_of(statement):
    """(status, how) from a statement: its leading word, else a status word in it, else (None, None)."""
    for pattern, status in LEADING_STATUS:
        if pattern.search(statement):
            return status, "leading"
    for pattern, status in ANY_STATUS:
        if pattern.search(statement):
            return status, "found"
    return None, None


def compact_number(text):
    return re.sub(r"\s+", "", text)


def split_outcomes(text):
    """[(number or None, text)] from an Outcomes cell: a new outcome at each line starting with a number."""
    outcomes = []
    for line in text.split("\n"):
        m = OUTCOME_NUMBER.fullmatch(line)
        if m:
            outcomes.append([compact_number(m[1]), m[2] or ""])
        elif outcomes:
            outcomes[-1][1] += "\n" + line
        elif line.strip():
            outcomes.append([None, line])
    return [(number, body.strip("\n")) for number, body in outcomes]
