"""Files for the import tests, built from the seed transcriptions (fixtures/*.yaml) laid out as the documents
are."""

import csv
import io
from pathlib import Path

import yaml

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def fixture_plan(name):
    data = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    return data["plans"][0]


# -- Kingston: Objectives | Source | Time Scale | Outcomes | Lead Officer | Progress, as a Word table --------

KINGSTON_HEADER = [
    "Objectives",
    "Source",
    "Time Scale",
    "Outcomes",
    "Lead Officer working with\n\nBusiness Manager",
    "Progress  September 2010",
]


def _statement_id(action):
    """One id for the outcomes sharing a statement (the fixture's YAML aliases, *progress5); None for none."""
    progress = action.get("progress")
    return id(progress) if progress else None


def row_statements(group):
    """The statements a row's Progress cell writes: a statement shared by several outcomes once."""
    statements, last = [], None
    for action in group:
        key = _statement_id(action)
        if key and key != last:
            statements.append("\n".join(u["narrative"] for u in action["progress"]))
        last = key
    return statements


def kingston_row_groups(objective):
    """The outcomes of each table row of an objective.

    One row when the document's single row says it unambiguously (one statement for all outcomes, or one
    statement per outcome in order); otherwise a row per run of outcomes sharing a statement (objectives 5, 8,
    9, 10, with the objective's cells merged down), and a row per outcome where each outcome has its own lead
    (objective 13)."""
    actions = objective["actions"]
    keys = [_statement_id(a) for a in actions]
    if any(a.get("lead") for a in actions):
        return [[a] for a in actions]
    given = [k for k in keys if k]
    all_one = keys[0] is not None and all(k == keys[0] for k in keys)
    in_order = keys[: len(given)] == given and not any(keys[len(given) :]) and len(set(given)) == len(given)
    if all_one or in_order:
        return [actions]
    groups = []
    for action, key in zip(actions, keys, strict=True):
        if groups and _statement_id(groups[-1][-1]) == key:
            groups[-1].append(action)
        else:
            groups.append([action])
    return groups


def _set_paragraphs(cell, paragraphs):
    paragraphs = list(paragraphs) or [""]
    cell.paragraphs[0].text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)  # a "\n" inside text is a line break (Shift+Enter) within the paragraph


def kingston_docx(plan=None, *, header=KINGSTON_HEADER, one_row_per_objective=False):
    """The Kingston plan as a Word document: the source key above a table laid out as the document's.

    one_row_per_objective: as the text of the seed document shows it, every objective on one row, whatever the
    progress statements report on (the import then attaches them in order, with a warning)."""
    import docx

    plan = plan or fixture_plan("kingston.yaml")
    document = docx.Document()
    document.add_paragraph("Section 3")
    document.add_paragraph("Source key")
    for line in ("C&D = Challenge and development day", "PR = Peer review", "LR = Laming review"):
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _set_paragraphs(cell, text.split("\n"))
    for objective in plan["objectives"]:
        groups = [objective["actions"]] if one_row_per_objective else kingston_row_groups(objective)
        first = len(table.rows)
        per_action_lead = any(a.get("lead") for a in objective["actions"]) and not one_row_per_objective
        for index, group in enumerate(groups):
            cells = table.add_row().cells
            if index == 0:
                _set_paragraphs(cells[0], [f"{objective['number']}. {objective['title']}"])
                _set_paragraphs(cells[1], objective.get("sources", []))
                _set_paragraphs(cells[2], objective["timescale"].split("\n") if objective["timescale"] else [])
                if not per_action_lead:
                    _set_paragraphs(cells[4], objective["lead"].split("\n"))
            if per_action_lead:
                _set_paragraphs(cells[4], [group[0]["lead"]])
            _set_paragraphs(cells[3], [f"{a['number']}  {a['text']}" for a in group])
            statements = row_statements(group)
            _set_paragraphs(cells[5], statements)
        last = len(table.rows) - 1
        if last > first:
            for column in (0, 1, 2) if per_action_lead else (0, 1, 2, 4):
                table.cell(first, column).merge(table.cell(last, column))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def kingston_rows(plan=None, *, header=KINGSTON_HEADER):
    """The Kingston plan as spreadsheet rows: the Word table's rows, a merged cell left empty below its first
    row, several statements in one cell separated by a blank line."""
    plan = plan or fixture_plan("kingston.yaml")
    rows = [[" ".join(h.split()) for h in header]]
    for objective in plan["objectives"]:
        per_action_lead = any(a.get("lead") for a in objective["actions"])
        for index, group in enumerate(kingston_row_groups(objective)):
            statements = row_statements(group)
            first = index == 0
            rows.append(
                [
                    f"{objective['number']}. {objective['title']}" if first else "",
                    "\n".join(objective.get("sources", [])) if first else "",
                    objective["timescale"] if first else "",
                    "\n".join(f"{a['number']}  {a['text']}" for a in group),
                    group[0]["lead"] if per_action_lead else (objective["lead"] if first else ""),
                    "\n\n".join(statements),
                ]
            )
    return rows


# -- LLR: (number) | Outcomes | Method | Lead | Timescale & Resources, under section and theme headings ------

LLR_HEADER = ["", "Outcomes", "Method", "Lead", "Timescale & Resources"]


def _llr_timescale_cell(action):
    if action["number"] == "2.1":  # as the document writes it: time scale, costs, funders, then a date
        return (
            "Ongoing  till March 2009\n\nCosts £40.000\n\n£35.000 from Leicester City Council and £5.000 "
            "from "
            "the Police\n\nNovember 08"
        )
    if action["number"] == "3.1":
        return "£5000 for conference\n\nNovember 08"
    return "\n\n".join(filter(None, [action.get("resources", ""), action.get("timescale", "")]))


def llr_rows(plan=None, *, header=LLR_HEADER):
    """The LLR plan as table rows (lists of cell texts), headings and the header repeated as on the pages."""
    plan = plan or fixture_plan("llr.yaml")
    rows = [["Business Plan 2008 – 2011", "", "", "", ""], ["", "", "", "", ""]]
    section = None
    for objective in plan["objectives"]:
        heading = objective["section"]
        if heading == "CORE WORK":
            rows.append(["CORE WORK", "", "", "", ""])
        else:
            if section == "CORE WORK":
                rows.append(["DEVELOPMENT WORKSTREAMS", "", "", "", ""])
            rows.append([heading, "", "", "", ""])
        section = heading
        rows.append(list(header))
        actions = objective["actions"]
        index = 0
        while index < len(actions):
            action = actions[index]
            if action["number"] in ("1.4", "1.8"):  # a new page: the heading and the header again
                rows += [["CORE WORK", "", "", "", ""], list(header)]
            if action["number"] == "4.1":  # 4.1 and 4.2 share one row: one method and lead
                pair = actions[index : index + 2]
                rows.append(
                    [
                        "4.1\n\n4.2",
                        f"{pair[0]['text']}\n\n{pair[1]['text']}",
                        action["method"],
                        action["lead"],
                        "",
                    ]
                )
                index += 2
                continue
            if action["number"] == "2.1":  # runs over two rows in the document
                method_1, method_2 = action["method"].split("\n\n2. to identify gaps")
                lead_1, lead_2 = action["lead"].split("\n\nLead: Lisa Greenhill")
                rows.append(["2.1", action["text"], method_1, lead_1, _llr_timescale_cell(action)])
                rows.append(["", "", "2. to identify gaps" + method_2, "Lead: Lisa Greenhill" + lead_2, ""])
            else:
                rows.append(
                    [
                        action["number"],
                        action["text"],
                        action.get("method", ""),
                        action.get("lead", ""),
                        _llr_timescale_cell(action),
                    ]
                )
            index += 1
    return rows


def xlsx_of(rows, title="Plan"):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def llr_xlsx(rows=None):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Business Plan"
    for row in rows or llr_rows():
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, encoding="utf-8-sig"):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


# -- the upload form -----------------------------------------------------------------------------------------

PLAN_FIELDS = {
    "title": "Improvement Plan 2009-2010 (imported)",
    "kind": "improvement",
    "period_start": "2009-04-01",
    "period_end": "2011-03-31",
    "status": "approved",
}


def upload(client, slug, name, data, **fields):
    """POST a file to a board's import page, with the plan details the form asks for."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    return client.post(
        reverse("imports:start", args=[slug]),
        {**PLAN_FIELDS, **fields, "file": SimpleUploadedFile(name, data)},
    )


def imported(client, response):
    """The PlanImport an upload redirected to."""
    from plans.models import PlanImport

    assert response.status_code == 302, response.content.decode()[:3000]
    return PlanImport.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
