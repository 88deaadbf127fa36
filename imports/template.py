"""The XLSX template offered on the import page: the columns, an example row, and how to fill them in."""

import io

EXAMPLE_OBJECTIVE = "1. Ensure there is a clearer focus on outcomes for safeguarding children and young people"
COLUMNS = [
    # header, width, example
    ("Objectives", 40, EXAMPLE_OBJECTIVE),
    ("Source", 10, "C&D"),
    ("Time Scale", 14, "Sept 2010"),
    (
        "Outcomes",
        60,
        "1.1  An LSCB Business plan which will be based on a more comprehensive and clear statement "
        "of desired outcomes for children and young people",
    ),
    ("Method", 30, ""),
    ("Lead Officer", 30, "Chair Policy & Procedure Group"),
    ("Resources", 20, ""),
    (
        "Progress September 2010",
        50,
        "ONGOING  Business Manager is now in post and this has been identified as a priority undertaking.",
    ),
]
NOTES = [
    "How to fill in the Plan sheet",
    "",
    "One row per objective: its number and title in Objectives ('1. Ensure ...'), the codes of the reviews "
    "it comes from in Source (one per line, as in the board's source key: C&D, PR, LR), its Time Scale as "
    "written ('Sept 2010', 'Annually') and its Lead Officer.",
    "Outcomes: each outcome on a line of its own, starting with its number ('1.1  text', then '1.2  text' on "
    "the next line: Alt+Enter in Excel). Numbers are kept as written, even a number used twice.",
    "Progress: put the date in the column's heading ('Progress September 2010'), or give it on the upload "
    "form. Start each statement with its status: ACHIEVED, ONGOING, In progress, Not started. One statement "
    "applies to every outcome of its row; several statements, separated by a blank line, apply to the "
    "outcomes in order.",
    "To say which outcomes a statement reports on, give them a row of their own: leave Objectives empty and "
    "the row continues the objective above. A Lead Officer written on such a row is the lead of that row's "
    "outcomes.",
    "Method and Resources are optional. A due date is read from a time scale naming a month and year "
    "('Dec 2010': 31 December 2010); other time scales are kept as written.",
    "Headings on a row of their own (a single cell, not numbered) become the plan's sections: in CAPITALS a "
    "section, otherwise a theme of the section above.",
    "Save as .xlsx, or as CSV UTF-8. Nothing is created until you have checked the preview and confirmed it.",
]


def template_xlsx():
    """The template workbook, as bytes."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append([header for header, _, _ in COLUMNS])
    sheet.append([example for _, _, example in COLUMNS])
    for index, (_, width, _) in enumerate(COLUMNS, 1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        sheet.cell(row=1, column=index).font = Font(bold=True)
        # the whole column as text: Excel must not turn 1.10 into 1.1, or Sept 2010 into a date
        sheet.column_dimensions[letter].number_format = "@"
        sheet.column_dimensions[letter].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=2, column=index).number_format = "@"
        sheet.cell(row=2, column=index).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("How to fill it in")
    notes.column_dimensions["A"].width = 120
    for line in NOTES:
        notes.append([line])
        notes.cell(row=notes.max_row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    notes["A1"].font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
