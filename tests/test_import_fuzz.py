"""Hypothesis fuzzing of the plan import upload: arbitrary bytes under any name, plausible CSV plan tables, and zip
packages shaped like .xlsx/.docx files (random parts, and real workbooks and documents with one part damaged).

Whatever is uploaded as the Kingston manager: never a server error; the answer is either the upload form again with
an error naming the file, or an import whose preview (or failure, for a large file read in the background) says what
was read; and nothing of a plan exists until the manager confirms. The plain tests at the end are the bugs the
fuzzing found, kept as regressions."""

import csv
import io
import re
import zipfile
from decimal import Decimal
from functools import cache

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action
from imports import columns, jobs, safety
from plans.models import PlanImport
from tests.helpers import page_text, row_counts
from tests.import_files import PLAN_FIELDS, kingston_docx, xlsx_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning"),  # zips with a part twice are fuzzed on purpose
]

# as tests/test_fuzz_forms.py, with fewer examples: 3 tests x 60 examples, about 12 s in all (2 cores)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

UNEXPECTED = "something unexpected went wrong"  # jobs.read_import's answer to an exception that is not ours


def post_upload(client, name, data, **fields):
    return client.post(
        reverse("imports:start", args=["kingston"]), {**PLAN_FIELDS, **fields, "file": SimpleUploadedFile(name, data)}
    )


def check_upload(client, name, data, *, confirm=False, **fields):
    """POST the file and check the answer; with confirm, confirm a preview without errors as well."""
    before = row_counts()
    response = post_upload(client, name, data, **fields)
    assert response.status_code in (200, 302), (name, response.status_code)
    if response.status_code == 200:
        text = page_text(response)
        assert "The plan has not been imported" in text
        named = safety.clean_name(name) in text or (not data and "The submitted file is empty." in text)
        assert named, f"the error does not name {name}: {text[:2000]}"
        assert row_counts() == before, "a refused upload changed something"
        return None
    plan_import = PlanImport.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    if plan_import.status == PlanImport.Status.QUEUED:  # a large file: what its task does in a worker
        assert plan_import.file_data
        plan_import = jobs.read_import(plan_import.pk)
    assert plan_import.status in (PlanImport.Status.READY, PlanImport.Status.FAILED)
    assert not plan_import.file_data, "the upload is kept once read"
    if plan_import.status == PlanImport.Status.FAILED:
        assert plan_import.error.startswith(plan_import.file_name) and UNEXPECTED not in plan_import.error, (
            plan_import.error
        )
    else:
        assert plan_import.preview["counts"]["actions"] >= 1
    page = client.get(reverse("imports:detail", args=["kingston", plan_import.pk]))
    assert page.status_code == 200
    after = row_counts()
    assert after.pop("plans.PlanImport") == before.pop("plans.PlanImport") + 1
    assert after == before, "something of the plan was created before the confirmation"
    if confirm and plan_import.status == PlanImport.Status.READY:
        confirmed = client.post(reverse("imports:confirm", args=["kingston", plan_import.pk]))
        if plan_import.preview["errors"]:
            assert confirmed.status_code == 409
            assert {k: v for k, v in row_counts().items() if k != "plans.PlanImport"} == after
        else:
            assert confirmed.status_code == 302, page_text(confirmed)[:3000]  # the preview promised a plan
    return plan_import


@pytest.fixture
def manager_client(manager, login):
    return login(manager)


# -- (a) any bytes under any name ----------------------------------------------------------------------------

NAMES = st.sampled_from(
    [
        "plan.xlsx",
        "plan.csv",
        "plan.docx",
        "plan",
        "PLAN.CSV",
        "Plan 2009-2010.DOCX",
        "plan.xls",
        "plan.doc",
        "plan.pdf",
        "plan.csv.exe",
        "../../etc/plan.csv",
        "C:\\Users\\pat\\plan.xlsx",
        "plän ünïcode.csv",
        ".csv",
    ]
)
MAGIC = st.sampled_from([b"", safety.ZIP_MAGIC, safety.OLD_OFFICE_MAGIC, b"\xef\xbb\xbf", b"Objectives,Outcomes\r\n"])


@FUZZ
@given(name=NAMES, prefix=MAGIC, data=st.binary(max_size=3000))
def test_fuzz_any_bytes_under_any_name(manager_client, name, prefix, data):
    check_upload(manager_client, name, prefix + data)


# -- (b) plausible CSV plan tables ----------------------------------------------------------------------------

HEADERS = sorted(
    {
        *columns.COLUMN_LABELS.values(),
        *(word for words in columns.COLUMN_SYNONYMS.values() for word in words),
        *columns.NUMBER_HEADERS,
        "Objectives",
        "Source",
        "Time Scale",
        "Outcomes",
        "Lead Officer working with\n\nBusiness Manager",
        "Progress  September 2010",
        "Progress 30/06/2010",
        "Progress 2010-02-30",
        "Progress 31/13/2010",
        "Progress Q5 2010",
        "Method",
        "Timescale & Resources",
        "Reporting to",
        "What we will do",
        "No.",
        "OUTCOMES",
        "  outcomes  ",
        "Outcome No",
        "Notes",
        "Comments",
        "RAG",
    }
)
junk = st.text(max_size=40).filter(lambda t: "\x00" not in t)
header_cell = st.one_of(st.sampled_from(HEADERS), st.sampled_from(HEADERS), st.sampled_from(HEADERS), junk)
outcome_numbers = st.sampled_from(
    [
        "1",
        "1.1",
        "1.2",
        "15. 1",
        "1.1 An LSCB Business plan",
        "1.1\n1.2",
        "4.1\n\n4.2",
        "2.1  Madrassas\n2.2",
        "99999999999999999999999.1",
        "1.1.1.1",
        "0.0",
        "1)",
        "12a Thing",
        "1. Ensure there is a clearer focus",
        "1.1 –",
        "1.1:",
        "3.",
        "-1.5",
        "1e5",
        "１.１ full-width",
    ]
)
sources = st.sampled_from(
    [
        "C&D",
        "PR",
        "LR",
        "NEW",
        "ZZZ",
        "C&D, PR",
        "PR; XX",
        "A" * 25,
        "PR + LR",
        "Peer review",
        "ÄÖÜ",
        "PR\nLR\nNEW",
        ",,;;",
    ]
)
time_scales = st.sampled_from(
    [
        "Sept 2010",
        "Annually",
        "31/02/2011",
        "Q5 2010",
        "March 2009 - March 2011",
        "Within 6 months",
        "2010-13-01",
        "0000",
        "29 Feb 2011",
        "Dec 9999",
        "Jan 0001",
        "£40,000 from Police",
        "Costs £40.000\n\n£35.000 from Leicester City Council and £5.000 from the Police",
        "£1e9",
        "£" + "9" * 60,
        "£5000 for conference\n\nNovember 08",
        "Officer time",
        "Budget £",
        "£1.2.3.4 from " + "X" * 250,
    ]
)
statements = st.sampled_from(
    [
        "ACHIEVED",
        "Not started",
        "ongoing: the review of workforce",
        "superseded",
        "In progress\n\nAchieved",
        "Nothing said",
        "NOT YET ACHIEVED",
        "done",
    ]
)
formulas = st.sampled_from(
    ["=cmd|' /C calc'!A0", "=1+1", "+SUM(A1:A9)", "-2+3", "@A1", '=HYPERLINK("http://x","y")', "\t=1", "'=1"]
)
headings = st.sampled_from(
    [
        "CORE WORK",
        "Community Engagement",
        "DEVELOPMENT WORKSTREAMS",
        "PR = Peer review",
        "C&D: Challenge and development day",
        "X" * 160,
    ]
)
# past 131,072 characters a cell is more than Python's csv reads: the file is refused; put in one cell in ten files
huge = st.sampled_from([1_000, 10_000, 100_000, 140_000]).map(lambda n: "outcome text " * (n // 13))
unicode_text = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60)
cell = st.one_of(
    st.just(""),
    junk,
    unicode_text,
    outcome_numbers,
    sources,
    time_scales,
    statements,
    formulas,
    headings,
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True).map(str),
)


leads = st.sampled_from(
    [
        "Chair",
        "QA Subcommittee",
        "Chair Training Group",
        "Business Manager\nPolice",
        "SCR subcommittees",
        "Lead: Lisa Greenhill",
        "",
    ]
)
money = st.sampled_from(
    [
        "Costs £40,000",
        "£35.000 from Leicester City Council and £5.000 from the Police",
        "Costs £99,999,999,999",
        "£1.2345 from the Police",
        "Officer time",
        "£" + "9" * 60,
        "Budget £12.50",
        "£5,000; £7,000 from Health",
        "Total cost £0",
    ]
)
# what a column of each kind usually holds (columns.column_kind names the kinds)
KIND_CELLS = {
    "objective": st.sampled_from(
        [
            "1. Ensure there is a clearer focus on outcomes",
            "2 Develop KPIs",
            "12a) Sub-aim",
            "An objective with no number",
            "3.",
            "",
            "99999999999999999999999. Too long",
        ]
    ),
    "source": sources,
    "timescale": time_scales,
    "outcome": outcome_numbers,
    "lead": leads,
    "progress": statements,
    "resources": money,
    "timescale_resources": st.one_of(time_scales, money),
    "subgroup": st.sampled_from(["Training", "QA Sub", "Serious Case Review Subcommittee", "No such group"]),
    "number": st.sampled_from(["1.1", "1.2", "4.1\n\n4.2", "x", "1", "2.1.3", ""]),
}
rarely = st.sampled_from([False] * 9 + [True])  # integers() would favour its bounds: this is one in ten


@st.composite
def csv_plans(draw):
    """A header of known column names (and junk) somewhere near the top, and rows whose cells are mostly what their
    column holds: enough get past the header for the rows' reading, the preview and the confirmation to be fuzzed."""
    header = draw(st.lists(header_cell, min_size=1, max_size=8))
    if not draw(rarely):  # most plan tables name an Outcomes column
        header.insert(draw(st.integers(0, len(header))), draw(st.sampled_from(["Outcomes", "Outcome", "Actions"])))
    kinds = [columns.column_kind(" ".join(text.split())) for text in header]
    row = st.tuples(*[st.one_of(KIND_CELLS.get(kind, cell), cell) for kind in kinds], st.lists(cell, max_size=2))
    body = [list(cells) + extra for *cells, extra in draw(st.lists(row, max_size=10))]
    body = [cells[: draw(st.integers(0, len(cells)))] if draw(rarely) else cells for cells in body]  # ragged rows
    if body and draw(rarely):
        cells = body[draw(st.integers(0, len(body) - 1))]
        cells.insert(draw(st.integers(0, len(cells))), draw(huge))
    above = draw(st.lists(st.lists(st.one_of(headings, junk), max_size=3), max_size=3))
    if draw(rarely):  # more than the rows read in the request: read as in the background
        body = body * (210 // len(body) + 1) if body else [["1.1 Outcome"]] * 210
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=draw(st.sampled_from([",", ";", "\t"]))).writerows(above + [header] + body)
    return buffer.getvalue().encode(draw(st.sampled_from(["utf-8-sig", "utf-8"])))


@FUZZ
@given(data=csv_plans(), as_at=st.sampled_from(["", "2010-09-30"]))
def test_fuzz_plausible_csv_plans(manager_client, data, as_at):
    check_upload(manager_client, "plan.csv", data, confirm=True, progress_as_at=as_at)


# -- (c) zip packages named like .xlsx and .docx ----------------------------------------------------------------

PARTS = [
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/core.xml",
    "docProps/app.xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/worksheets/sheet2.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/settings.xml",
]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XML_SNIPPETS = st.sampled_from(
    [
        "",
        "<a/>",
        "<",
        "<?xml version='1.0'?>",
        "<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>",
        f'<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Outcomes</w:t></w:r></w:p></w:tc>'
        "<w:tc><w:p><w:r><w:t>Lead</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>",
        f'<workbook xmlns="{S}"><sheets><sheet name="Plan" sheetId="1"/></sheets></workbook>',
        f'<worksheet xmlns="{S}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Outcomes</t></is></c>'
        "</row></sheetData></worksheet>",
    ]
)


@cache
def real_packages():
    rows = [
        ["Objectives", "Source", "Time Scale", "Outcomes", "Lead", "Progress September 2010"],
        ["1. Ensure a focus on outcomes", "PR", "Sept 2010", "1.1 A business plan", "Chair", "ACHIEVED"],
        ["", "", "", "1.2 A second outcome", "", "ongoing"],
    ]
    plan = {
        "objectives": [
            {
                "number": "1",
                "title": "Ensure a focus on outcomes",
                "sources": ["PR"],
                "timescale": "Sept 2010",
                "lead": "Chair",
                "actions": [{"number": "1.1", "text": "A business plan"}],
            }
        ]
    }
    return {"plan.xlsx": xlsx_of(rows), "plan.docx": kingston_docx(plan)}


# values that attributes of a real part are replaced with: what a damaged or hostile file might say
ATTRIBUTE_VALUES = st.sampled_from(
    [
        "0",
        "-1",
        "1",
        "3",
        "abc",
        "",
        "99999",
        "1048576",
        "100000000",
        "XFD1",
        "ZZZZ1",
        "A1:XFD1048576",
        "1.5",
        "continue",
        "restart",
        "s",
        "n",
        "d",
        "e",
        "b",
        "str",
        "inlineStr",
    ]
)


@st.composite
def mutated_part(draw, content):
    """A part of a real package, damaged: cut short, an attribute or text changed, or an element added."""
    text = content.decode("utf-8", "replace")
    how = draw(st.sampled_from(["cut", "attribute", "text", "insert", "replace"]))
    if how == "cut":
        return content[: draw(st.integers(0, len(content)))]
    if how == "replace":
        return draw(st.one_of(XML_SNIPPETS.map(str.encode), st.binary(max_size=200)))
    if how == "insert":
        element = draw(
            st.sampled_from(
                [
                    '<w:gridSpan w:val="{v}"/>',
                    '<w:vMerge w:val="{v}"/>',
                    '<w:gridBefore w:val="{v}"/>',
                    '<dimension ref="{v}"/>',
                    '<c r="{v}" t="n"><v>abc</v></c>',
                    '<c r="{v}" t="s"><v>99</v></c>',
                    '<c r="{v}" t="d"><v>zz</v></c>',
                    '<row r="{v}"><c r="A{v}"><v>1</v></c></row>',
                    "<w:tr/>",
                    "<w:tc/>",
                ]
            )
        ).format(v=draw(ATTRIBUTE_VALUES))
        tags = [
            i
            for i in range(len(text))
            if text.startswith(("<w:tcPr>", "<w:trPr>", "<w:tr>", "<w:tc>", "<sheetData>", "<row ", "</row>"), i)
        ]
        at = draw(st.sampled_from(tags)) if tags else 0
        at = text.index(">", at) + 1 if tags else 0
        return (text[:at] + element + text[at:]).encode()
    if how == "attribute":
        spans = [(m.start(1), m.end(1)) for m in re.finditer(r'="([^"]*)"', text)]
        if not spans:
            return content
        start, end = draw(st.sampled_from(spans))
        return (text[:start] + draw(ATTRIBUTE_VALUES) + text[end:]).encode()
    spans = [(m.start(1), m.end(1)) for m in re.finditer(r">([^<]+)<", text)]
    if not spans:
        return content
    start, end = draw(st.sampled_from(spans))
    return (
        text[:start] + draw(st.one_of(cell, ATTRIBUTE_VALUES)).replace("<", "&lt;").replace("&", "&amp;") + text[end:]
    ).encode()


def zip_of(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as package:
        for name, data in entries:
            package.writestr(name, data)
    return buffer.getvalue()


@st.composite
def packages(draw):
    name = draw(st.sampled_from(["plan.xlsx", "plan.docx"]))
    if draw(st.sampled_from([True, False, False])):  # random parts, mostly with the one naming the package's kind
        entries = draw(
            st.lists(
                st.tuples(
                    st.one_of(
                        st.sampled_from(PARTS), st.text(min_size=1, max_size=30).filter(lambda t: "\x00" not in t)
                    ),
                    st.one_of(XML_SNIPPETS.map(str.encode), st.binary(max_size=300)),
                ),
                max_size=8,
            )
        )
        if not draw(rarely):
            required = safety.REQUIRED_PART[safety.kind_of(name)]
            entries.insert(0, (required, draw(st.one_of(XML_SNIPPETS.map(str.encode), st.binary(max_size=300)))))
        return name, zip_of(entries, draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])))
    source = zipfile.ZipFile(io.BytesIO(real_packages()[name]))
    infos = source.infolist()
    target = draw(
        st.sampled_from(
            [i.filename for i in infos if i.filename.startswith(("xl/worksheets/", "word/document.xml"))] * 3
            + [i.filename for i in infos]
        )
    )
    entries = []
    for info in infos:
        content = source.read(info)
        if info.filename == target:
            if draw(rarely):
                continue  # a part left out
            content = draw(mutated_part(content))
        entries.append((info.filename, content))
    if draw(rarely):
        name = "plan.csv"
    return name, zip_of(entries)


@FUZZ
@given(package=packages())
def test_fuzz_zip_packages_named_like_xlsx_and_docx(manager_client, package):
    name, data = package
    check_upload(manager_client, name, data)


# -- what the fuzzing found, kept as plain tests ----------------------------------------------------------------


def rezip(data, part, change):
    """The package `data` with `part` changed by `change(bytes) -> bytes`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return zip_of(
        [(i.filename, change(source.read(i)) if i.filename == part else source.read(i)) for i in source.infolist()]
    )


def sheet(change):
    return rezip(real_packages()["plan.xlsx"], "xl/worksheets/sheet1.xml", change)


def document(change):
    return rezip(real_packages()["plan.docx"], "word/document.xml", change)


def first(old, new):
    return lambda content: content.replace(old, new, 1)


DAMAGED = [
    # openpyxl raised ValueError/IndexError/KeyError while reading a row: a server error (500)
    (
        "a cell whose number is not a number",
        "plan.xlsx",
        lambda: sheet(first(b'<c r="A1" t="inlineStr">', b'<c r="B9" t="n"><v>abc</v></c><c r="A1" t="inlineStr">')),
        "plan.xlsx, row 1: cannot be read: the workbook is damaged here (invalid literal for int() with base 10",
    ),
    (
        "a shared string that does not exist",
        "plan.xlsx",
        lambda: sheet(first(b'<c r="A1" t="inlineStr">', b'<c r="B9" t="s"><v>99</v></c><c r="A1" t="inlineStr">')),
        "plan.xlsx, row 1: cannot be read: the workbook is damaged here (list index out of range)",
    ),
    (
        "a cell reference past column ZZZ",
        "plan.xlsx",
        lambda: sheet(first(b'r="B2"', b'r="ZZZZ2"')),
        "plan.xlsx, row 2: cannot be read: the workbook is damaged here ('ZZZZ' is not a valid column name",
    ),
    (
        "a row number that is not a number",
        "plan.xlsx",
        lambda: sheet(first(b'<row r="2"', b'<row r="abc"')),
        "plan.xlsx, row 2: cannot be read: the workbook is damaged here",
    ),
    (
        "a sheet view id that is not a number",
        "plan.xlsx",
        lambda: sheet(first(b'workbookViewId="0"', b'workbookViewId="abc"')),
        "plan.xlsx, row 1: cannot be read: the workbook is damaged here (expected <class 'int'>)",
    ),
    # python-docx raised ValueError reading a cell's span: a server error
    (
        "a Word cell spanning 'abc' columns",
        "plan.docx",
        lambda: document(first(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="abc"/>')),
        "plan.docx, row 1: cannot be read: the document is damaged here (invalid literal for int() with base 10",
    ),
    # a few bytes that made the request allocate and loop over millions of cells (a worker held for minutes, or
    # killed for its memory)
    (
        "a Word cell spanning 100,000,000 columns",
        "plan.docx",
        lambda: document(first(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="100000000"/>')),
        "plan.docx, row 1: the row is 100,000,000 columns wide: a plan table has at most 100.",
    ),
    (
        "a Word row skipping 100,000,000 columns",
        "plan.docx",
        lambda: document(first(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="100000000"/></w:trPr>')),
        "plan.docx, row 1: the row is 100,000,000 columns wide: a plan table has at most 100.",
    ),
    (
        "a worksheet row numbered 1,048,576",
        "plan.xlsx",
        lambda: sheet(
            lambda c: (
                re.sub(rb'<dimension ref="[^"]*"/>', b"", c)
                .replace(b'<row r="3"', b'<row r="1048576"')
                .replace(b'r="A3"', b'r="A1048576"')
                .replace(b'r="D3"', b'r="D1048576"')
            )
        ),
        "plan.xlsx has more than 20,000 rows: split the plan into smaller files.",
    ),
    (
        "a worksheet declaring 16,384 columns and 30,000 rows",
        "plan.xlsx",
        lambda: sheet(
            lambda c: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', c).replace(
                b'<row r="3"', b'<row r="30000"'
            )
        ),
        "plan.xlsx has more than 20,000 rows: split the plan into smaller files.",
    ),
    (
        "a value in column XFD",
        "plan.xlsx",
        lambda: sheet(first(b'r="F2"', b'r="XFD2"')),
        "plan.xlsx, row 2, column XFD: something is written beyond the 100 columns a plan table may have",
    ),
    (
        "a CSV row of five million commas",
        "plan.csv",
        lambda: b"Objectives,Outcomes,Lead\r\n1. Ensure,1.1 A plan,Chair" + b"," * 5_000_000 + b"x\r\n",
        "plan.csv, row 2, column JXLKU: something is written beyond the 100 columns a plan table may have",
    ),
]


@pytest.mark.parametrize(("what", "name", "make", "message"), DAMAGED, ids=[d[0] for d in DAMAGED])
def test_a_damaged_or_hostile_file_is_refused_by_its_row_and_nothing_is_created(
    kingston, manager_client, what, name, make, message
):
    before = row_counts()
    response = post_upload(manager_client, name, make())
    assert response.status_code == 200
    assert message in page_text(response)
    assert row_counts() == before


def test_empty_cells_beyond_the_columns_of_a_plan_table_are_dropped(kingston, manager_client):
    data = b"Objectives,Outcomes,Lead" + b"," * 20_000 + b"\r\n1. Ensure,1.1 A plan,Chair" + b"," * 20_000 + b"\r\n"
    plan_import = check_upload(manager_client, "plan.csv", data)
    assert plan_import.preview["counts"] == {"objectives": 1, "actions": 1, "updates": 0, "sections": 0}


def test_a_workbook_whose_declared_size_is_too_small_is_read_whole(kingston, manager_client):
    """openpyxl stopped at the last row the sheet declared: the rows after it were silently left out."""
    data = sheet(lambda c: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', c))
    plan_import = check_upload(manager_client, "plan.xlsx", data)
    assert [a["number"] for a in plan_import.preview["objectives"][0]["actions"]] == ["1.1", "1.2"]
    assert plan_import.preview["objectives"][0]["actions"][1]["progress"][0]["status"] == "ongoing"


def csv_of(rows):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def test_outcomes_before_any_objective_get_an_objective_the_plan_can_hold(kingston, manager_client):
    """The preview promised a plan, and the confirmation failed with 'This field cannot be blank.': the objective
    made for outcomes above the first objective had no number."""
    data = csv_of(
        [
            ["Objectives", "Outcomes", "Lead"],
            ["", "3.1 An outcome with no objective", "Chair"],
            ["4. Develop KPIs", "4.1 Priorities", "Chair"],
        ]
    )
    plan_import = check_upload(manager_client, "plan.csv", data)
    assert plan_import.preview["errors"] == []
    assert [o["number"] for o in plan_import.preview["objectives"]] == ["3", "4"]
    assert (
        "plan.csv, row 2, column Objectives: outcomes before any objective: put under an objective numbered 3, "
        "with no title."
    ) in plan_import.preview["warnings"]
    response = manager_client.post(reverse("imports:confirm", args=["kingston", plan_import.pk]))
    assert response.status_code == 302
    plan_import.refresh_from_db()
    assert list(plan_import.plan.objectives.values_list("number", "title")) == [("3", ""), ("4", "Develop KPIs")]


def test_amounts_the_plan_cannot_hold_are_not_read_as_budget_or_funding(kingston, manager_client):
    """The same: a budget of more than £9,999,999,999.99, or in fractions of a penny, failed the confirmation."""
    data = csv_of(
        [
            ["Outcomes", "Lead", "Resources"],
            ["1.1 Train staff", "Chair", "Costs £99,999,999,999"],
            ["1.2 A conference", "Chair", "£1.2345 from the Police"],
            ["1.3 A leaflet", "Chair", "Costs £40.000\n\n£35.000 from Leicester City Council"],
        ]
    )
    plan_import = check_upload(manager_client, "plan.csv", data)
    actions = plan_import.preview["objectives"][0]["actions"]
    assert [(a["budget"], a["funding"]) for a in actions] == [
        (None, []),
        (None, []),
        ("40000", [{"funder": "Leicester City Council", "amount": "35000"}]),
    ]
    assert (
        "plan.csv, row 2: outcome 1.1: £99999999999 is not an amount in pounds and pence of at most "
        "£9,999,999,999.99: not read as budget or funding (the resources are kept as written)."
    ) in (plan_import.preview["warnings"])
    response = manager_client.post(reverse("imports:confirm", args=["kingston", plan_import.pk]))
    assert response.status_code == 302
    plan_import.refresh_from_db()
    assert list(Action.objects.filter(objective__plan=plan_import.plan).values_list("resources", "budget")) == [
        ("Costs £99,999,999,999", None),
        ("£1.2345 from the Police", None),
        ("Costs £40.000\n\n£35.000 from Leicester City Council", Decimal("40000")),
    ]


def test_a_row_continuing_outcomes_of_an_objective_a_heading_closed_is_left_out(kingston, manager_client):
    """A server error (TypeError): the row with no number below a heading went on to the outcomes above the heading,
    whose objective had been closed, and their progress had no objective to go to."""
    data = csv_of(
        [
            ["Outcomes", "Method", "Progress September 2010"],
            ["1.1 Train staff", "Courses", "ACHIEVED"],
            ["Community Engagement", "", ""],
            ["", "More courses", "ongoing"],
            ["2.1 Consult children", "Survey", "In progress"],
        ]
    )
    plan_import = check_upload(manager_client, "plan.csv", data)
    actions = [a for o in plan_import.preview["objectives"] for a in o["actions"]]
    assert [(a["number"], a["method"], [u["status"] for u in a["progress"]]) for a in actions] == [
        ("1.1", "Courses", ["achieved"]),
        ("2.1", "Survey", ["in_progress"]),
    ]
    assert (
        "plan.csv, row 4: a row with no number and no outcome, and no outcome above it to continue: left out."
        in plan_import.preview["warnings"]
    )
