"""Every text field of the three seed YAMLs, read mechanically against its documents (../shared/seeds/): the
text, whitespace folded, must be in the document, or else each of its lines must be (a cell transcribed from a
table whose rows or columns the document interleaves). What is not is listed; the only exceptions are the
judgement calls each YAML declares at its top, allowed below with the reason."""

from pathlib import Path

import pytest
import yaml

from demo.seeding import FIXTURES_DIR

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
DOCUMENTS = {
    "kingston.yaml": ["004_35017971566879ee.txt"],
    "llr.yaml": ["003_d44e7353471b474f.txt"],
    "leeds.yaml": ["000_fe4c17f736fb8c14.txt", "001_2b47aa1e0b0b4a6f.txt", "002_f230ac38d218eeed.txt"],
}
# keys whose values are codes, choices, dates, numbers or references, not the document's text
NOT_TEXT = {
    "code", "kind", "slug", "status", "layout", "national", "date", "period_start", "period_end", "as_at",
    "number", "sources", "section", "subgroup", "budget", "amount", "due_date", "recorded_at",
}  # fmt: skip
NOT_STATED = "not stated in the document"

# The declared judgement calls (each YAML's header says why): {(file, field path): reason}
ALLOWED = {
    ("kingston.yaml", "board.name"): "the board's full name; the document says 'Kingston LSCB'",
    ("kingston.yaml", "board.meeting_cadence"): "'meets four times a year', as a value",
    ("llr.yaml", "board.name"): "the board's full name, from 'LEICESTER CITY, LEICESTERSHIRE AND RUTLAND LSCB'",
    ("llr.yaml", "board.short_name"): "a short name for screens",
    ("leeds.yaml", "board.short_name"): "a short name for screens",
    ("llr.yaml", "subgroups[3].name"): "'Quality Assurance subcommittee', capitalised as the other subcommittees",
    ("llr.yaml", "subgroups[4].name"): "'SCR subcommittees', named in full as the other subcommittees",
    ("llr.yaml", "reviews[JAR].title"): "no source key in LLR's document: the 'three JARs' it mentions",
    ("llr.yaml", "reviews[BR].title"): "no source key: 'a review of its focus, Business Plan and budget'",
    ("llr.yaml", "reviews[TR].title"): "no source key: the consultant's review of the training requirements",
    ("llr.yaml", "reviews[VCI].title"): "no source key: 'In 2002 the Laming report', by its published title",
    ("leeds.yaml", "subgroups[0].name"): "'child deaths overview panel', capitalised as a name",
    ("leeds.yaml", "plans[0].title"): "the slide 'LSCB priorities', named with the board and the year",
    ("leeds.yaml", "plans[1].title"): "the report's 'key challenge for 2014/15', as a plan's title",
}


def fold(text):
    return " ".join(text.split())


def document_text(name):
    text = "\n".join((SEEDS / doc).read_text(encoding="utf-8") for doc in DOCUMENTS[name])
    # Leeds' documents mark bold with ** and italics with * (left out, as its header says)
    return fold(text.replace("*", ""))


def text_fields(node, path=""):
    """(path, text) of every text value, with reviews named by code and outcomes by number."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in NOT_TEXT or (key == "findings" and "code" not in node):
                continue
            if key == "objectives" and all(isinstance(item, str) for item in value or []):
                continue  # a risk's objective numbers; a plan's objectives are read
            yield from text_fields(value, f"{path}.{key}" if path else key)
        return
    if isinstance(node, list):
        for i, item in enumerate(node):
            tag = item.get("code") or item.get("number") if isinstance(item, dict) else None
            yield from text_fields(item, f"{path}[{tag or i}]")
        return
    if isinstance(node, str) and node.strip():
        yield path, node


def missing(name):
    data = yaml.safe_load((FIXTURES_DIR / name).read_text(encoding="utf-8"))
    document = document_text(name)
    gaps = []
    for path, text in text_fields(data):
        if text == NOT_STATED or fold(text) in document:
            continue
        lines = [fold(line) for line in text.splitlines() if line.strip()]
        if all(line in document for line in lines):
            continue
        gaps.append((path, [line for line in lines if line not in document] or [fold(text)]))
    return gaps


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_text_field_is_in_its_document(name):
    gaps = [(path, lines) for path, lines in missing(name) if (name, path) not in ALLOWED]
    assert gaps == [], "\n".join(f"{path}: {lines}" for path, lines in gaps)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_allowed_judgement_call_is_still_needed(name):
    """An entry the YAML no longer needs is taken out, so the list says only what is not in the documents."""
    allowed = {path for file, path in ALLOWED if file == name}
    assert allowed - {path for path, _ in missing(name)} == set()
