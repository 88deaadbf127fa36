"""XLSX, CSV and DOCX to rows of cells. Only files that passed `safety.check_upload` come here.

A cell is read as written: each line stripped, blank lines between kept, none at either end. Its `blocks` are
what a plan writes as separate statements in one cell: a Word cell's paragraphs (a line break inside a
paragraph, Shift+Enter, stays inside the block), or a spreadsheet cell's runs of lines separated by a blank
line. A cell merged with the one above (Word's vertical merge; in a spreadsheet a merged cell is empty below
its first row) and the second and later columns of a cell spanning several columns read as empty.

What a file says about its own size is not trusted: a workbook's declared dimensions are ignored (rows are read
as they are), a row may have at most MAX_COLUMNS columns (empty ones beyond are dropped; anything written beyond
is refused, by its row and column) and a workbook's rows, numbered by the file, at most MAX_ROWS. A damaged part
that openpyxl or python-docx trips over while reading is refused by the row where it happened, never a server
error."""

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from .problems import ImportProblem, Where
from .safety import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, csv_delimiter

logger = logging.getLogger(__name__)


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


def column_letter(number):
    """1 -> A, 27 -> AA: columns are named as a spreadsheet names them."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _within_columns(values, where):
    """The row's values, at most MAX_COLUMNS of them: empty ones beyond are dropped, anything else is refused."""
    if len(values) <= MAX_COLUMNS:
        return values
    beyond = values[MAX_COLUMNS:]
    if len(beyond) - beyond.count(None) - beyond.count(""):  # counted in C: a row may claim 16,384 columns
        first = next(i for i, value in enumerate(beyond) if value is not None and value != "")
        raise ImportProblem(
            where.say(
                f"something is written beyond the {MAX_COLUMNS} columns a plan table may have: move the plan "
                "table into the first columns, or delete what is beyond it.",
                column=column_letter(MAX_COLUMNS + first + 1),
            )
        )
    return values[:MAX_COLUMNS]


def check_cell_lengths(row):
    """Refuses a row with a cell longer than MAX_CELL_CHARS, naming the cell: the rules read every cell with
    regular expressions, and no plan has cells that long."""
    for index, cell in enumerate(row.cells):
        if len(cell.text) > MAX_CELL_CHARS:
            raise ImportProblem(
                row.where.say(
                    f"this cell holds {len(cell.text):,} characters; a cell may hold at most {MAX_CELL_CHARS:,}. "
                    "Shorten it, or split it over several rows.",
                    column=column_letter(index + 1),
                )
            )


def _damaged(upload, where, what, error):
    logger.info("Plan import: %s could not be read", upload.name, exc_info=error)
    detail = (str(error) or type(error).__name__)[:200]
    return ImportProblem(
        where.say(f"cannot be read: the {what} is damaged here ({detail}). Open it, save it again and upload that.")
    )


# -- CSV -----------------------------------------------------------------------------------------------------


def read_csv(upload):
    text = upload.text if upload.text is not None else upload.data.decode("utf-8-sig")
    delimiter = csv_delimiter(text)

    def rows():
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        number = 0
        try:
            for number, values in enumerate(reader, 1):  # noqa: B007 (number is used after the loop)
                where = Where(upload.name, row=number)
                yield SourceRow(where, [cell_from_text(v) for v in _within_columns(values, where)], group=1)
        except csv.Error as error:
            raise ImportProblem(Where(upload.name, row=number + 1).say(f"cannot be read as CSV ({error}).")) from None

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
        sheets = workbook.worksheets
        for sheet in sheets:
            # a sheet's declared size may lie: too small, rows are cut off; too big, every row is padded to it
            sheet.reset_dimensions()
    except Exception as error:  # openpyxl raises whatever a damaged part makes its parsing meet
        logger.info("Plan import: %s could not be opened", upload.name, exc_info=error)
        raise ImportProblem(f"{upload.name} cannot be opened as an Excel workbook ({error}).") from None

    def rows():
        name, number = "", 0
        try:
            for sheet in sheets:
                name, number = (sheet.title if len(sheets) > 1 else ""), 0
                for number, values in enumerate(sheet.iter_rows(values_only=True), 1):  # noqa: B007
                    where = Where(upload.name, row=number, sheet=name)
                    if number > MAX_ROWS:  # rows the file skips are read as empty ones: <row r="1048576">
                        raise ImportProblem(
                            where.say(f"the sheet runs past row {MAX_ROWS:,}: split the plan into smaller files.")
                        )
                    cells = [cell_from_text(_xlsx_text(v)) for v in _within_columns(values, where)]
                    yield SourceRow(where, cells, group=sheet.title)
        except ImportProblem:
            raise
        except Exception as error:
            raise _damaged(upload, Where(upload.name, row=number + 1, sheet=name), "workbook", error) from None
        finally:
            workbook.close()

    return Table(rows(), upload.rows_estimate)


# -- DOCX ----------------------------------------------------------------------------------------------------


def read_docx(upload):
    import docx
    from docx.table import _Cell

    try:
        document = docx.Document(io.BytesIO(upload.data))
        tables = document.tables
        notes = [p.text for p in document.paragraphs if p.text.strip()]
        total = sum(len(table._tbl.tr_lst) for table in tables)
    except Exception as error:  # python-docx raises whatever a damaged part makes its parsing meet
        logger.info("Plan import: %s could not be opened", upload.name, exc_info=error)
        raise ImportProblem(f"{upload.name} cannot be opened as a Word document ({error}).") from None
    if not tables:
        raise ImportProblem(
            f"{upload.name} has no table: the plan must be laid out as a table, for example "
            "Objectives | Source | Time Scale | Outcomes | Lead Officer | Progress."
        )

    def rows():
        several = len(tables) > 1
        where = Where(upload.name, row=1, table=1 if several else None)
        try:
            for table_number, table in enumerate(tables, 1):
                for row_number, tr in enumerate(table._tbl.tr_lst, 1):
                    where = Where(upload.name, row=row_number, table=table_number if several else None)
                    cells = _widen([], tr.grid_before or 0, where)
                    for tc in tr.tc_lst:
                        if tc.vMerge == "continue":
                            cells.append(EMPTY)  # merged with the cell above: its content belongs to the row above
                        else:
                            cells.append(cell_from_paragraphs(p.text for p in _Cell(tc, table).paragraphs))
                        _widen(cells, tc.grid_span - 1, where)
                    yield SourceRow(where, cells, group=table_number)
        except ImportProblem:
            raise
        except Exception as error:
            raise _damaged(upload, where, "document", error) from None

    return Table(rows(), total, notes)


def _widen(cells, count, where):
    """Add `count` empty cells (a cell spanning several columns, columns skipped before a row), within MAX_COLUMNS."""
    if len(cells) + count > MAX_COLUMNS:
        raise ImportProblem(
            where.say(f"the row is {len(cells) + count:,} columns wide: a plan table has at most {MAX_COLUMNS}.")
        )
    cells.extend([EMPTY] * count)
    return cells
