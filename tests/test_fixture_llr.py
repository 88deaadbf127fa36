"""The LLR seed against its document (../shared/seeds/003_...txt)."""

from datetime import date
from decimal import Decimal

import pytest

from actions.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(llr):
    return llr.plans.get()


def test_llr_covers_three_local_authorities(llr):
    assert llr.name == "Leicester City, Leicestershire and Rutland Local Safeguarding Children Board"
    assert llr.areas == "Leicester City, Leicestershire and Rutland"


def test_business_plan_2008_2011_in_the_outcomes_and_method_layout(plan):
    assert plan.title == "Business Plan 2008 – 2011"
    assert plan.layout == "outcomes_method"
    assert (plan.period_start, plan.period_end) == (date(2008, 4, 1), date(2011, 3, 31))


def test_core_work_then_eight_development_workstreams(plan):
    top = list(plan.sections.filter(parent__isnull=True).values_list("title", flat=True))
    assert top == ["CORE WORK", "DEVELOPMENT WORKSTREAMS"]
    themes = plan.sections.get(title="DEVELOPMENT WORKSTREAMS").themes.order_by("order")
    assert list(themes.values_list("title", flat=True)) == [
        "Community Engagement",
        "Strengthening Links with Adult Services",
        "Sexual Exploitation of Children",
        "Participation",
        "Safer Workforce",
        "E Safety",
        "Learning Lessons from Case Work",
        "Early Intervention / CAF",
    ]


def test_core_work_1_1_to_1_8_and_workstreams_2_1_to_9_1(plan):
    numbers = list(Action.objects.filter(objective__plan=plan).in_document_order().values_list("number", flat=True))
    assert numbers == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "1.6",
        "1.7",
        "1.8",
        "2.1",
        "2.2",
        "3.1",
        "4.1",
        "4.2",
        "5.1",
        "6.1",
        "7.1",
        "8.1",
        "9.1",
    ]
    core = Action.objects.filter(objective__plan=plan, objective__section__title="CORE WORK")
    assert core.count() == 8


def test_outcomes_methods_and_leads_word_for_word(plan):
    a11 = Action.objects.get(objective__plan=plan, number="1.1")
    assert a11.text == (
        "The work of the LSCB evidences that it co-ordinates and ensures the effectiveness of safeguarding across "
        "all agencies including the voluntary sector"
    )
    assert a11.method == "Performance of constituent members is scrutinised as per agreed Performance Indicators"
    assert a11.timescale == "Bi-annually"
    a22 = Action.objects.get(objective__plan=plan, number="2.2")
    assert a22.method == "No work agreed yet"
    a81 = Action.objects.get(objective__plan=plan, number="8.1")
    assert "Budget allocation required for employment of independent over view writer for SCRs" in a81.resources


def test_projects_keep_their_numbered_steps_and_the_subgroup_they_report_to(plan):
    a21 = Action.objects.get(objective__plan=plan, number="2.1")
    assert "Project 1:" in a21.method and "Project 3: FGM" in a21.method
    assert "1. To promote good safeguarding children standards across Madrassas in LLR" in a21.method
    assert "6.Review and develop LSCB procedures in relation to FGM" in a21.method
    assert a21.subgroup.name == "Development Subcommittee"
    a51 = Action.objects.get(objective__plan=plan, number="5.1")
    assert a51.subgroup.name == "Quality Assurance Subcommittee"
    assert a51.lead.startswith("Julie Jordan")


def test_budgets_name_who_funds_them(plan):
    a21 = Action.objects.get(objective__plan=plan, number="2.1")
    assert a21.budget == Decimal("40000")
    assert {(f.funder, f.amount) for f in a21.funding.all()} == {
        ("Leicester City Council", Decimal("35000")),
        ("Police", Decimal("5000")),
    }
    assert "£35.000 from Leicester City Council and £5.000 from the Police" in a21.resources
    assert Action.objects.get(objective__plan=plan, number="3.1").resources.startswith("£5000 for conference")


def test_due_dates_where_the_timescale_gives_one(plan):
    assert Action.objects.get(objective__plan=plan, number="2.1").due_date == date(2009, 3, 31)
    assert Action.objects.get(objective__plan=plan, number="1.1").due_date is None  # Bi-annually


def test_introduction_states_the_boards_four_roles(plan):
    for role in ("Developing", "Co-ordinating", "Influencing and Supporting", "Quality Assurance"):
        assert role in plan.introduction


def test_the_timescale_and_resources_cell_prints_in_the_documents_order(llr):
    """Rows 1.2, 2.1 and 3.1 write resources before (or around) the time scale; the plan prints them so."""
    import re

    from reporting.reports import plan_html

    plan = llr.plans.get()
    text = " ".join(re.sub(r"<[^>]+>", " ", plan_html(plan, plan.period_end)).split())
    for cell in (
        "Officer Time Response completed in set time scales",
        "Ongoing till March 2009 Costs £40.000 £35.000 from Leicester City Council and £5.000 from the Police "
        "November 08",
        "£5000 for conference November 08",
    ):
        assert cell in text
