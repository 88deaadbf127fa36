"""CSV and XLSX of exactly what the auditors' filter found, in the page's order.

One row per action (board, plan, objective and action numbers, text, sources, lead, lead user, subgroup, due
date, latest status, RAG letter and word, narrative, as-at date), or with `history=True` one row per progress
update on or before that date, oldest first, the action's columns repeated (an action with no update still has
its one row, the update's columns empty).

Formula injection (OWASP "CSV Injection"): a value starting with = + - @ tab or carriage return could be run
by a spreadsheet as a formula. In CSV it is written with a single quote in front; in XLSX it is written as a
string cell (never a formula) with the "quote prefix" style, so the text is kept exactly and shown as text.

The rows are read before the response starts (a constant number of queries, see `reporting.audit`); the CSV is
then streamed a row at a time, the XLSX built by openpyxl's write-only workbook.
"""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

ACTION_COLUMNS = [
    "Board",
    "Plan",
    "Objective",
    "Action",
    "Action text",
    "Sources",
    "Lead",
    "Lead user",
    "Subgroup",
    "Due date",
    "Latest status",
    "RAG letter",
    "RAG",
    "Narrative",
    "As at",
]
HISTORY_COLUMNS = [
    "Update as at",
    "Update status",
    "Update RAG",
    "Update narrative",
    "Evidence",
    "Author",
    "Recorded at",
    "Corrects update of",
]
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers(history=False):
    return ACTION_COLUMNS + (HISTORY_COLUMNS if history else [])


def _lead_user(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def action_values(row):
    """The action's columns of a `reporting.audit.Row` (its objective's sources prefetched)."""
    action, rating = row.action, row.rating
    objective = action.objective
    return [
        objective.plan.board.short_name,
        objective.plan.title,
        objective.number,
        action.number,
        action.text,
        ", ".join(review.code for review in objective.sources.all()),
        action.lead or objective.lead,
        _lead_user(action.lead_user),
        action.subgroup.name if action.subgroup else "",
        action.due_date,
        rating.status_label,
        rating.letter,
        rating.label,
        row.narrative,
        row.as_at,
    ]


def update_values(update, history_by_id):
    """An update's columns; `history_by_id` (the action's updates by id) names the update it corrects."""
    if update is None:
        return [""] * len(HISTORY_COLUMNS)
    corrected = history_by_id.get(update.corrects_id)
    return [
        update.as_at,
        update.get_status_display(),
        update.get_rag_display() if update.rag else "",
        update.narrative,
        update.evidence,
        update.author.get_username() if update.author_id else update.author_name,
        timezone.localtime(update.recorded_at).replace(tzinfo=None),
        corrected.as_at if corrected else None,
    ]


def table(rows, history=False):
    """The export's data rows (lists of values: str, date, datetime or None), lazily, in the rows' order."""
    for row in rows:
        values = action_values(row)
        if not history:
            yield values
        elif not row.history:
            yield values + update_values(None, {})
        else:
            by_id = {update.pk: update for update in row.history}
            for update in row.history:
                yield values + update_values(update, by_id)


# --------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------


def csv_safe(value):
    """Text for a CSV cell: dates as YYYY-MM-DD, None as empty, a would-be formula behind a single quote."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ", timespec="seconds") if hasattr(value, "hour") else value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


class _Echo:
    def write(self, value):
        return value


def csv_response(rows, filename, history=False):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # a byte-order mark, so that Excel reads UTF-8 (£, ’) as UTF-8
        yield writer.writerow(headers(history))
        for values in table(rows, history):
            yield writer.writerow([csv_safe(v) for v in values])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


# --------------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------------


def _xlsx_cell(sheet, value):
    """A value as openpyxl should write it: text is never a formula."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not text.startswith(FORMULA_TRIGGERS):
        return text  # openpyxl writes it as a string: only a leading "=" would make a formula
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # a string, not a formula
    cell.quotePrefix = True  # and shown (and kept on editing) as text
    return cell


def xlsx_bytes(rows, history=False, title="Actions"):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for name in headers(history):
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for values in table(rows, history):
        sheet.append([_xlsx_cell(sheet, v) for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(rows, filename, history=False):
    response = HttpResponse(xlsx_bytes(rows, history), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
