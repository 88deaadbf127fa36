"""XLSX, CSV and DOCX to rows of cells. Only files that passed `safety.check_upload` come here.

A cell is read as written: each line stripped, blank lines between kept, none at either end. Its `blocks` are
what a plan writes as separate statements in one cell: a Word cell's paragraphs (a line break inside a
paragraph, Shift+Enter, stays inside the block), or a spreadsheet cell's runs of lines separated by a blank
line. A cell merged with the one above (Word's vertical merge; in a spreadsheet a merged cell is empty below
its first row) and the second and later columns of a cell spanning several columns read as empty."""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from .problems import ImportProblem, Where
from .safety import csv_delimiter


@dataclass(frozen=True)
class Cell:
    text: str = ""
    blocks: tuple = ()

    def __bool__(self):
        return bool(self.text)


EMPTY = Cell()


@dataclass
class SourceRow:
    where: Where
    cells: list
    group: object  # the sheet or table the row is in


@dataclass
class Table:
    """The rows of a file, read lazily, and how many there are (an estimate until read)."""

    rows: object  # an iterator of SourceRow
    total: int
    notes: list = field(default_factory=list)  # text outside the tables (a Word document's paragraphs)


def _lines(value):
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    return "\n".join(line.strip() for line in value.split("\n")).strip("\n")


def cell_from_text(value):
    """A spreadsheet cell: blocks are separated by blank lines."""
    text = _lines(value)
    return Cell(text, tuple(block.strip("\n") for block in re.split(r"\n\s*\n", text) if block.strip()))


def cell_from_paragraphs(paragraphs):
    """A Word cell: each paragraph is a block."""
    paragraphs = [_lines(p) for p in paragraphs]
    return Cell("\n".join(paragraphs).strip("\n"), tuple(p for p in paragraphs if p))


def read(upload):
    return {"xlsx": read_xlsx, "csv": read_csv, "docx": read_docx}[upload.kind](upload)


# -- CSV -----------------------------------------------------------------------------------------------------


def read_csv(upload):
    text = upload.text if upload.text is not None else upload.data.decode("utf-8-sig")
    delimiter = csv_delimiter(text)

    def rows():
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        number = 0
        try:
            for number, values in enumerate(reader, 1):  # noqa: B007 (number is used after the loop)
                yield SourceRow(Where(upload.name, row=number), [cell_from_text(v) for v in values], group=1)
        except csv.Error as error:
            raise ImportProblem(
                Where(upload.name, row=number + 1).say(f"cannot be read as CSV ({error}).")
            ) from None

    return Table(rows(), upload.rows_estimate)


# -- XLSX ----------------------------------------------------------------------------------------------------


def _xlsx_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == time(0) else value
    if isinstance(value, datetime):
        return value.strftime("%d %b %Y %H:%M")
    if isinstance(value, date):
        # Excel turns 'Sept 2010' typed in a cell into 1 September 2010: give it back as a month
        return value.strftime("%b %Y") if value.day == 1 else value.strftime("%d %b %Y")
    return str(value)


def read_xlsx(upload):
    import openpyxl  # defusedxml is installed, so openpyxl parses with it; the parts were checked already

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(upload.data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise ImportProblem(f"{upload.name} cannot be opened as an Excel workbook ({error}).") from None
    sheets = workbook.worksheets
    total = sum(sheet.max_row or 0 for sheet in sheets) or upload.rows_estimate

    def rows():
        try:
            for sheet in sheets:
                name = sheet.title if len(sheets) > 1 else ""
                for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
                    cells = [cell_from_text(_xlsx_text(v)) for v in values]
                    yield SourceRow(Where(upload.name, row=number, sheet=name), cells, group=sheet.title)
        finally:
            workbook.close()

    return Table(rows(), total)


# -- DOCX ----------------------------------------------------------------------------------------------------


def read_docx(upload):
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import _Cell

    try:
        document = docx.Document(io.BytesIO(upload.data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
        raise ImportProblem(f"{upload.name} cannot be opened as a Word document ({error}).") from None
    tables = document.tables
    if not tables:
        raise ImportProblem(
            f"{upload.name} has no table: the plan must be laid out as a table, for example "
            "Objectives | Source | Time Scale | Outcomes | Lead Officer | Progress."
        )
    total = sum(len(table._tbl.tr_lst) for table in tables)
    notes = [p.text for p in document.paragraphs if p.text.strip()]

    def rows():
        several = len(tables) > 1
        for table_number, table in enumerate(tables, 1):
            for row_number, tr in enumerate(table._tbl.tr_lst, 1):
                cells = [EMPTY] * (tr.grid_before or 0)
                for tc in tr.tc_lst:
                    if tc.vMerge == "continue":
                        cells.append(
                            EMPTY
                        )  # merged with the cell above: its content belongs to the row above
                    else:
                        cells.append(cell_from_paragraphs(p.text for p in _Cell(tc, table).paragraphs))
                    cells.extend([EMPTY] * (tc.grid_span - 1))
                where = Where(upload.name, row=row_number, table=table_number if several else None)
                yield SourceRow(where, cells, group=table_number)

    return Table(rows(), total, notes)
