from datetime import date

import pytest

from actions.timescales import due_date_from


@pytest.mark.parametrize(
    ("written", "due"),
    [
        ("Sept 2010", date(2010, 9, 30)),
        ("Dec 2010", date(2010, 12, 31)),
        ("Feb 2011", date(2011, 2, 28)),
        ("Dec 2010\nDec 2010", date(2010, 12, 31)),
        ("Ongoing  till March 2009\n\nNovember 08", date(2009, 3, 31)),
        ("November 08", date(2008, 11, 30)),
        ("Draft of policy  to go to LSCB September 2008", date(2008, 9, 30)),
        ("Feb 2012", date(2012, 2, 29)),
    ],
)
def test_a_month_and_year_gives_the_last_day_of_that_month(written, due):
    assert due_date_from(written) == due


@pytest.mark.parametrize(
    "written",
    [
        "Annually",
        "",
        None,
        "Training Plan 2010-11",
        "Within 6 months of completion of major projects",
        "Bi-annually",
        "Minimum of 4 per year",
        "According to Action Plan",
    ],
)
def test_a_timescale_without_month_and_year_has_no_due_date(written):
    assert due_date_from(written) is None


def test_a_month_work_starts_from_is_not_its_due_date():
    written = (
        "Phase 1 \n\nDevelopment of Participation strategy – to July 2008\n\n"
        "Phase 2 – Implementation from September 2008 – on going"
    )
    assert due_date_from(written) == date(2008, 7, 31)
