"""Files that are refused: each answer names the file (and the row and column where there is one) and nothing
is created, not even a record of the attempt (row counts of every table before and after)."""

import io
import os
import zipfile

import pytest
from django.urls import reverse

from imports import safety
from tests.helpers import page_text, row_counts
from tests.import_files import imported, kingston_docx, upload

pytestmark = pytest.mark.django_db


def docx_without_a_table():
    import docx

    document = docx.Document()
    document.add_paragraph("Kingston LSCB Improvement Plan 2009-2010")
    document.add_paragraph("1. Ensure there is a clearer focus on outcomes")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx(rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_of(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in entries:
            package.writestr(name, data)
    return buffer.getvalue()


def zip_bomb():
    """A small file (about 100 KB) whose document part inflates to 101 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(101):
                part.write(chunk)
    return buffer.getvalue()


def docx_with_entities():
    """A Word document whose XML declares entities (the 'billion laughs')."""
    source = zipfile.ZipFile(io.BytesIO(kingston_docx()))
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r>"
        "<w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    return zip_of(
        [
            (info.filename, laughs if info.filename == "word/document.xml" else source.read(info))
            for info in source.infolist()
        ]
    )


BAD_FILES = [
    (
        "random bytes named .docx",
        "plan.docx",
        lambda: os.urandom(4096),
        "plan.docx is not a Word document (.docx): its content is not a zip package",
    ),
    (
        "a zip bomb",
        "plan.docx",
        zip_bomb,
        "plan.docx is refused: it would inflate to 101 MB (the limit is 50 MB).",
    ),
    (
        "thousands of zip entries",
        "plan.xlsx",
        lambda: zip_of([("xl/workbook.xml", "<workbook/>")] + [(f"xl/part{i}.xml", "<a/>") for i in range(3000)]),
        "plan.xlsx is refused: it holds 3,001 parts (the limit is 500).",
    ),
    (
        "XML declaring entities",
        "plan.docx",
        docx_with_entities,
        "plan.docx is refused: its part word/document.xml declares a DTD or entities",
    ),
    (
        "a workbook named .docx",
        "plan.docx",
        lambda: xlsx([["Outcomes", "Lead"]]),
        "plan.docx is not a Word document (.docx): it has no word/document.xml. It is an Excel workbook "
        "(.xlsx) named .docx.",
    ),
    (
        "a Word document with no table",
        "plan.docx",
        docx_without_a_table,
        "plan.docx has no table: the plan must be laid out as a table",
    ),
    (
        "a workbook with the wrong columns",
        "people.xlsx",
        lambda: xlsx([["Name", "Email", "Phone"], ["A", "a@b", "1"]]),
        "people.xlsx: no plan table found. None of its rows is a header naming an Outcomes column",
    ),
    (
        "a header with no Outcomes column",
        "plan.xlsx",
        lambda: xlsx([["Kingston LSCB"], [], ["Objectives", "Source", "Lead"], ["1. Ensure", "PR", "Chair"]]),
        "plan.xlsx, row 3: the columns Objectives, Source, Lead are not a plan table: it needs an Outcomes column",
    ),
    (
        "a header and nothing under it",
        "plan.csv",
        lambda: b"Objectives,Outcomes,Lead\r\n",
        "plan.csv, row 1: the header row was found, but no outcomes under it.",
    ),
    (
        "a CSV file in Windows-1252",
        "plan.csv",
        lambda: "Outcomes,Method,Lead,Timescale & Resources\r\n2.1,Madrassas,Pat,Costs £40.000\r\n".encode("cp1252"),
        "plan.csv is not UTF-8 text: save it as CSV UTF-8 (in Excel: File, Save As, 'CSV UTF-8 (Comma "
        "delimited)'). The first character that is not UTF-8 is on line 2.",
    ),
    (
        "a spreadsheet named .csv",
        "plan.csv",
        lambda: xlsx([["Outcomes", "Lead"]]),
        "plan.csv is not a CSV file: it is a spreadsheet or document saved with a .csv name.",
    ),
    (
        "an old .xls workbook",
        "plan.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        "plan.xls is in an old Office format: save it as .xlsx or .docx and upload that.",
    ),
    (
        "a password-protected .docx",
        "plan.docx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        "plan.docx is not a Word document (.docx): it is an old-format (.doc/.xls) or password-protected file.",
    ),
    ("a PDF", "plan.pdf", lambda: b"%PDF-1.4", "plan.pdf is not an XLSX, CSV or DOCX file"),
    (
        "an empty file",
        "plan.csv",
        lambda: b"",
        "plan.csv is empty.",
    ),  # Django's own message for an empty upload
    (
        "a file over 5 MB",
        "plan.csv",
        lambda: b"a" * (5 * 1024 * 1024 + 1),
        "plan.csv is 5.0 MB: the limit is 5 MB.",
    ),
]


@pytest.mark.parametrize(("what", "name", "make", "message"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_a_bad_file_is_refused_with_its_name_and_nothing_is_created(
    kingston, manager, login, what, name, make, message
):
    client = login(manager)
    before = row_counts()
    response = upload(client, "kingston", name, make(), title="Kept title")
    assert response.status_code == 200
    text = page_text(response)
    assert "The plan has not been imported" in text
    if what == "an empty file":  # Django refuses an empty upload before our checks: still named, still nothing
        assert "The submitted file is empty." in text
    else:
        assert message in text
    assert 'value="Kept title"' in response.content.decode()  # what the manager typed is kept
    assert row_counts() == before


def lying_zip():
    """A zip whose document part says it inflates to 1,000 bytes but really inflates to 3 MB."""
    import struct

    data = bytearray(
        zip_of(
            [
                ("[Content_Types].xml", "<Types/>"),
                ("word/document.xml", "<w:document xmlns:w='x'>" + "<w:p/>" * 500_000 + "</w:document>"),
            ]
        )
    )
    local = data.index(b"word/document.xml") - 30  # the name follows its 30-byte local header
    central = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)  # the second entry's directory record
    struct.pack_into("<I", data, local + 22, 1000)
    struct.pack_into("<I", data, central + 24, 1000)
    return bytes(data)


def test_a_zip_entry_lying_about_its_size_is_refused(kingston, manager, login):
    """zipfile never inflates past the declared size: the lie shows as damage, and the XML check stops."""
    client = login(manager)
    before = row_counts()
    text = page_text(upload(client, "kingston", "lying.docx", lying_zip()))
    assert "lying.docx is damaged: its part word/document.xml" in text
    assert row_counts() == before


def test_what_is_inflated_is_counted_against_the_limit_whatever_the_entries_declare(monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", 2 * 1024 * 1024)
    package = zipfile.ZipFile(
        io.BytesIO(zip_of([("word/document.xml", "<w:document xmlns:w='x'>" + "<w:p/>" * 100_000 + "</w:document>")]))
    )
    budget = safety._Budget("plan.docx")
    budget.used = safety.MAX_UNCOMPRESSED - 1000  # as if earlier parts had used nearly all of it
    with pytest.raises(safety.ImportProblem, match="plan.docx is refused: it inflates to more than 2 MB"):
        safety._check_xml("plan.docx", package, package.getinfo("word/document.xml"), "docx", budget)


def test_cells_the_plan_cannot_hold_are_named_by_row_and_column_and_stop_the_confirmation(kingston, manager, login):
    rows = [
        ["Objectives", "Source", "Time Scale", "Outcomes", "Lead"],
        [
            "1. Ensure there is a clearer focus",
            "C&D",
            "Sept 2010 " + "and later " * 25,
            "1.1 A business plan",
            "Chair",
        ],
        ["2. Develop KPIs", "XYZ", "Dec 2010", "2.1 Priorities", "Chair"],
        ["3. Connect learning", "", "", "3.1", "Chair"],
    ]
    client = login(manager)
    plan_import = imported(client, upload(client, "kingston", "kingston.xlsx", xlsx(rows)))
    text = page_text(client.get(reverse("imports:detail", args=["kingston", plan_import.pk])))
    assert "Problems that stop the import (2)" in text
    assert "kingston.xlsx, row 4, column Outcomes: outcome 3.1 has no text: write it, or remove the number." in text
    assert "kingston.xlsx, row 2, column Time Scale: the time scale 'Sept 2010 and later and later" in text
    assert "kingston.xlsx, row 3, column Source: 'XYZ' is not in the board's source key" in text  # a warning
    assert "Import this plan" not in text
    before = row_counts()
    response = client.post(reverse("imports:confirm", args=["kingston", plan_import.pk]))
    assert response.status_code == 409
    assert "Nothing has been imported: The preview lists problems that stop the import" in page_text(response)
    assert row_counts() == before
