"""A hostile plan file cannot stall the import: the penetration test's 4 KB CSV, whose resources cell holds a long
run of spaces, made the funding rule's regular expression backtrack for minutes (workers killed under gunicorn,
another one at every visit to the import page). The files are read in a child process with a generous hang guard:
fixed, each is read in milliseconds; before, the first took minutes."""

import csv
import io
import json
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings

from tests.helpers import page_text, row_counts
from tests.test_import_fuzz import manager_client, post_upload  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
SPACES = " " * 4000


def csv_of(rows):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


HEADER = ["Outcomes", "Method", "Lead", "Timescale & Resources", "Progress September 2010"]
HOSTILE = {
    "the penetration test's resources cell": ["1.1 Train staff", "", "Chair", f"£5 from X{SPACES}y"],
    "spaces before the end of a funding line": ["1.1 Train staff", "", "Chair", f"£5 from the Police{SPACES}."],
    "spaces after an amount": ["1.1 Train staff", "", "Chair", f"Costs £5{SPACES[:2000]}x £6 from{SPACES[:2000]}"],
    "spaces in every cell": [
        f"1.1{SPACES[:700]}x",
        f"a{SPACES[:700]}b",
        f"Chair{SPACES[:700]}x",
        f"March{SPACES[:700]}2011",
        f"ONGOING{SPACES[:700]}.",
    ],
    "dots and digits": ["1." + "1." * 900 + "x", "", "Chair", "£" + "1," * 900 + "x from y"],
}

READ_IN_A_CHILD = textwrap.dedent(
    """
    import json, sys, django
    django.setup()
    from imports import safety
    from imports.parsing import check_cell_lengths
    from imports.readers import read
    from imports.table import PlanReader

    for data in json.load(sys.stdin):
        upload = safety.check_upload("plan.csv", data.encode())
        reader = PlanReader(file_name=upload.name, board_sources={}, subgroups=[])
        for row in read(upload).rows:
            check_cell_lengths(row)
            reader.feed(row)
        preview = reader.finish()
        print(sum(len(o["actions"]) for o in preview["objectives"]))
    """
)


def test_hostile_csvs_of_4_kb_are_read_at_once():
    files = [csv_of([HEADER, row]) for row in HOSTILE.values()]
    assert all(len(data) < 5000 for data in files)
    try:
        done = subprocess.run(
            [sys.executable, "-c", READ_IN_A_CHILD],
            input=json.dumps([data.decode() for data in files]).encode(),
            capture_output=True,
            timeout=120,  # a hang guard: the reading takes milliseconds; before the fix the first file took minutes
            cwd=settings.BASE_DIR,
            env={"DJANGO_SETTINGS_MODULE": "lscb.settings.test", "PATH": "/usr/bin:/bin"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("reading five CSV files of 4 KB each did not finish within two minutes")
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert done.stdout.decode().split() == ["1"] * len(HOSTILE)  # each file's outcome is read


def test_the_funding_is_still_read_from_a_resources_cell_with_its_spaces(kingston, manager_client):  # noqa: F811
    from imports.resources import budget_and_funding

    assert budget_and_funding(f"£5 from X{SPACES}y") == (None, [{"funder": "X y", "amount": "5"}])
    assert budget_and_funding("Costs £40.000\n\n£35.000 from Leicester\nCity Council and £5,000 from the Police.") == (
        "40000",
        [{"funder": "Leicester City Council", "amount": "35000"}, {"funder": "Police", "amount": "5000"}],
    )


def test_a_cell_longer_than_20000_characters_is_refused_by_its_row_and_column(kingston, manager_client):  # noqa: F811
    before = row_counts()
    data = csv_of([HEADER, ["1.1 Train staff", "", "Chair", "March 2011", "ONGOING " + "x" * 20_000]])
    response = post_upload(manager_client, "plan.csv", data)
    assert response.status_code == 200
    assert (
        "plan.csv, row 2, column E: this cell holds 20,008 characters; a cell may hold at most 20,000. "
        "Shorten it, or split it over several rows."
    ) in page_text(response)
    assert row_counts() == before
