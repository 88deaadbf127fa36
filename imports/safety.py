"""Checks on an uploaded file before anything parses it.

- size: at most MAX_BYTES (5 MB), and not empty;
- real type, by content not by name: a .docx or .xlsx must be a zip package (it starts with 'PK') holding the
  part that makes it one (word/document.xml, xl/workbook.xml); a .csv must decode as UTF-8 (a byte order mark
  is allowed);
- zip bombs: at most MAX_ZIP_ENTRIES entries and MAX_UNCOMPRESSED bytes once inflated, counted both from what
  the entries declare and from what is actually inflated while the XML is read;
- XML: every part that is XML, whatever its name (a package may declare 'word/main.bin' its main document), is
  parsed first with defusedxml, which refuses DTDs, entity declarations and external references, so openpyxl
  and python-docx only ever see XML that has passed. Parts that are not XML (images) are not parsed. While the
  XML is checked its table rows are counted, in every part: the estimate decides whether the file is read in
  the request or in the background with a progress bar. A worksheet's rows are counted as the highest row
  number it gives (a row may say it is row 1,048,576: the rows before it are read as empty ones), and more than
  MAX_ROWS are refused;
- columns: at most MAX_COLUMNS a row, and cells: at most MAX_CELL_CHARS characters each, checked as the rows are
  read (readers.py), so that no text a rule reads is longer than a real plan's longest cell by much."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PureWindowsPath

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from .problems import ImportProblem

MAX_BYTES = 5 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 100  # Word allows 63 columns; plan tables have about 6
MAX_CELL_CHARS = 20_000  # the seed plans' longest cell (a year's progress statements) is about 3,000

KINDS = {".xlsx": "xlsx", ".csv": "csv", ".docx": "docx"}
LABELS = {"xlsx": "an Excel workbook (.xlsx)", "docx": "a Word document (.docx)", "csv": "a CSV file"}
REQUIRED_PART = {"xlsx": "xl/workbook.xml", "docx": "word/document.xml"}
ZIP_MAGIC = b"PK\x03\x04"
OLD_OFFICE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls, and password-protected .docx/.xlsx

WORD_ROW = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr"
SHEET_ROW = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}row"


@dataclass
class Upload:
    """A file that passed the checks."""

    name: str
    kind: str  # xlsx | csv | docx
    data: bytes
    rows_estimate: int
    text: str | None = None  # a CSV's text, decoded


def clean_name(name):
    """The file's own name, without any folder a browser sent with it."""
    name = PureWindowsPath(name or "").name.strip() or "the file"
    return re.sub(r"[\x00-\x1f\x7f]", "", name)[:200]


def kind_of(name):
    for ext, kind in KINDS.items():
        if name.lower().endswith(ext):
            return kind
    if name.lower().endswith((".xls", ".doc")):
        raise ImportProblem(f"{name} is in an old Office format: save it as .xlsx or .docx and upload that.")
    raise ImportProblem(f"{name} is not an XLSX, CSV or DOCX file: upload the plan as one of those.")


def check_upload(name, data):
    """The Upload, or ImportProblem naming the file and what is wrong with it."""
    name = clean_name(name)
    kind = kind_of(name)
    if not data:
        raise ImportProblem(f"{name} is empty.")
    if len(data) > MAX_BYTES:
        raise ImportProblem(
            f"{name} is {len(data) / 1024 / 1024:.1f} MB: the limit is {MAX_BYTES // 1024 // 1024} MB. "
            "Split the plan into smaller files, or remove pictures from it."
        )
    if kind == "csv":
        return _check_csv(name, data)
    return _check_package(name, kind, data)


def _check_csv(name, data):
    if data.startswith(ZIP_MAGIC) or data.startswith(OLD_OFFICE_MAGIC):
        raise ImportProblem(
            f"{name} is not a CSV file: it is a spreadsheet or document saved with a .csv name. "
            "Upload it with its real extension, or save it as CSV UTF-8."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportProblem(
            f"{name} is not UTF-8 text: save it as CSV UTF-8 (in Excel: File, Save As, "
            f"'CSV UTF-8 (Comma delimited)'). The first character that is not UTF-8 is on line {line}."
        ) from None
    if "\x00" in text:
        raise ImportProblem(f"{name} is not a text file (it contains NUL bytes): save it as CSV UTF-8.")
    try:  # records, not lines: a quoted cell may run over several lines
        rows = sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text)))
    except csv.Error:
        rows = text.count("\n") + 1  # the reader will say where the file is wrong
    _check_rows(name, rows)
    return Upload(name=name, kind="csv", data=data, rows_estimate=rows, text=text)


def csv_delimiter(text):
    """Comma, semicolon (Excel in much of Europe) or tab: whichever the first lines use most."""
    head = "\n".join(text.splitlines()[:5])
    return max((",", ";", "\t"), key=head.count)


def _check_rows(name, rows):
    if rows > MAX_ROWS:
        raise ImportProblem(f"{name} has more than {MAX_ROWS:,} rows: split the plan into smaller files.")


def _check_package(name, kind, data):
    label = LABELS[kind]
    if data.startswith(OLD_OFFICE_MAGIC):
        raise ImportProblem(
            f"{name} is not {label}: it is an old-format (.doc/.xls) or password-protected file. "
            "Save it without a password as .docx or .xlsx."
        )
    if not data.startswith(ZIP_MAGIC):
        raise ImportProblem(f"{name} is not {label}: its content is not a zip package, as every .docx and .xlsx is.")
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        entries = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise ImportProblem(f"{name} is not {label}: the zip package is damaged.") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportProblem(f"{name} is refused: it holds {len(entries):,} parts (the limit is {MAX_ZIP_ENTRIES}).")
    declared = sum(entry.file_size for entry in entries)
    if declared > MAX_UNCOMPRESSED:
        raise ImportProblem(
            f"{name} is refused: it would inflate to {declared / 1024 / 1024:,.0f} MB "
            f"(the limit is {MAX_UNCOMPRESSED // 1024 // 1024} MB)."
        )
    names = {entry.filename for entry in entries}
    if REQUIRED_PART[kind] not in names:
        other = next((k for k, part in REQUIRED_PART.items() if part in names and k != kind), None)
        hint = f" It is {LABELS[other]} named .{kind}." if other else ""
        raise ImportProblem(f"{name} is not {label}: it has no {REQUIRED_PART[kind]}.{hint}")
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise ImportProblem(f"{name} is encrypted: save it without a password and upload it again.")
    budget = _Budget(name)
    rows = 0
    for entry in entries:
        if entry.filename.endswith((".xml", ".rels")) or _is_xml(name, package, entry, budget):
            rows += _check_xml(name, package, entry, kind, budget)
    _check_rows(name, rows)
    return Upload(name=name, kind=kind, data=data, rows_estimate=rows)


class _Budget:
    """Bytes actually inflated so far: a zip entry may lie about its size."""

    def __init__(self, name):
        self.name = name
        self.used = 0

    def spend(self, count):
        self.used += count
        if self.used > MAX_UNCOMPRESSED:
            raise ImportProblem(
                f"{self.name} is refused: it inflates to more than {MAX_UNCOMPRESSED // 1024 // 1024} MB."
            )


class _CappedReader(io.RawIOBase):
    def __init__(self, stream, budget):
        self.stream = stream
        self.budget = budget

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.stream.read(min(len(buffer), 64 * 1024))
        self.budget.spend(len(chunk))
        buffer[: len(chunk)] = chunk
        return len(chunk)


XML_STARTS = (b"<", b"<\x00", b"\x00<")  # after a byte order mark and white space; UTF-16 without a mark too


def _is_xml(name, package, entry, budget):
    """Whether a part's first bytes are XML's: what a reader could parse as XML, whatever the part is named."""
    if entry.is_dir():
        return False
    try:
        with package.open(entry) as raw:
            head = raw.read(512)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError):
        raise ImportProblem(f"{name} is damaged: its part {entry.filename} cannot be unpacked.") from None
    budget.spend(len(head))
    for mark in (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"):
        head = head.removeprefix(mark)
    return head.lstrip(b" \t\r\n\x00").startswith(b"<") or head.startswith(XML_STARTS)


def _check_xml(name, package, entry, kind, budget):
    """Parse one XML part with defusedxml; return how many table rows it holds."""
    # rows are counted in every part, whatever its name: a package may name its document or sheets otherwise
    counted = WORD_ROW if kind == "docx" else SHEET_ROW
    rows = highest = 0
    try:
        with package.open(entry) as raw:
            stream = io.BufferedReader(_CappedReader(raw, budget))
            root, ended = None, 0
            for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
                if event == "start":
                    root = element if root is None else root
                    continue
                if element.tag == counted:
                    rows += 1
                    if counted == SHEET_ROW and "r" in element.attrib:
                        highest = max(highest, _row_number(element.get("r")))
                element.clear()  # only counting: keep memory flat however long the part is
                ended += 1
                if ended % 1000 == 0:
                    root.clear()
    except DefusedXmlException:
        raise ImportProblem(
            f"{name} is refused: its part {entry.filename} declares a DTD or entities, which plan files never need."
        ) from None
    except ParseError:
        raise ImportProblem(f"{name} is damaged: its part {entry.filename} is not well-formed XML.") from None
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise ImportProblem(f"{name} is damaged: its part {entry.filename} cannot be unpacked.") from None
    return max(rows, highest)


def _row_number(value):
    """A worksheet row's number as openpyxl reads it ('12', '12.0'); 0 when it reads none (it then fails there)."""
    try:
        number = float(value)
    except ValueError:
        return 0
    return int(number) if number.is_integer() else 0
