"""Quarters in the users' words (issue 18): wherever a quarter is chosen (the dashboards, the packs, the chair's
quarterly report and the plan page's print block) the list offers "Q2 2010/11 (July to September 2010)", and the
same wording is accepted when typed, as is "Q2 2010/11" and the code "2010-Q2"; wording that does not add up is
named and changes nothing."""

import re

import pytest
from django.urls import reverse

from actions.quarters import Quarter, quarter_choices
from packs.models import ReportPack
from plans.models import Plan
from tests.helpers import page_text

pytestmark = pytest.mark.django_db

Q2 = "Q2 2010/11 (July to September 2010)"


@pytest.mark.parametrize(
    "typed",
    ["2010-Q2", "2010q2", "Q2 2010/11", "q2 2010/2011", "Q2 2010-11", Q2, "  Q2  2010/11 (july to  September 2010) "],
)
def test_each_wording_of_a_quarter_reads_as_the_quarter(typed):
    assert Quarter.parse(typed) == Quarter(2010, 2)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("Q2 2010/12", "“Q2 2010/12” is not a quarter: a financial year runs from one year into the next"),
        ("Q2 2010/11 (April to June 2010)", "does not add up: Q2 2010/11 is July to September 2010."),
        ("Q5 2010/11", "is not a quarter: write it as the list offers, for example Q2 2010/11 (July to September"),
        ("Q1 1890/91", "is not a quarter the tracker holds: the year is between 1990 and 2099"),
    ],
)
def test_wording_that_does_not_add_up_is_named(typed, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Quarter.parse(typed)


def test_the_words_of_each_quarter_and_the_list_newest_first():
    assert [Quarter(2010, n).long_label for n in (1, 2, 3, 4)] == [
        "Q1 2010/11 (April to June 2010)",
        Q2,
        "Q3 2010/11 (October to December 2010)",
        "Q4 2010/11 (January to March 2011)",
    ]
    from datetime import date

    assert quarter_choices(date(2010, 4, 1), date(2010, 12, 31)) == [
        ("2010-Q3", "Q3 2010/11 (October to December 2010)"),
        ("2010-Q2", Q2),
        ("2010-Q1", "Q1 2010/11 (April to June 2010)"),
    ]


def test_the_board_dashboard_lists_the_quarters_and_reads_the_typed_wording(login, chair):
    client = login(chair)
    url = reverse("reporting:board_dashboard", args=["kingston"])
    typed, coded = client.get(url, {"quarter": Q2}), client.get(url, {"quarter": "2010-Q2"})
    assert typed.status_code == coded.status_code == 200
    html = typed.content.decode()
    assert f'<option value="{Q2}">' in html and '<option value="Q4 2010/11 (January to March 2011)">' in html
    box = re.search(r'<input type="text" name="quarter"[^>]*>', html, re.S).group(0)
    assert f'value="{Q2}"' in box and 'list="quarter_choices"' in box  # the box shows the quarter in words
    assert "not a quarter" not in page_text(typed)
    assert page_text(typed) == page_text(coded)


def test_the_cross_board_dashboard_reads_the_wording_and_names_a_mistake(login, auditor):
    client = login(auditor)
    url = reverse("reporting:dashboard")
    page = client.get(url, {"quarter": Q2})
    assert page.status_code == 200 and f'<option value="{Q2}">' in page.content.decode()
    assert "30 September 2010" in page_text(page)
    wrong = page_text(client.get(url, {"quarter": "Q2 2010/11 (April to June 2010)"}))
    assert "“Q2 2010/11 (April to June 2010)” does not add up: Q2 2010/11 is July to September 2010." in wrong


def test_the_quarterly_report_offers_the_words_and_reads_them(login, chair, kingston_plan):
    client = login(chair)
    page = client.get(reverse("reporting:quarterly", args=[kingston_plan.pk]), {"quarter": "Q3 2010/11"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<option value="2010-Q2">{Q2}</option>' in html
    assert "Chair's quarterly report: Q3 2010/11" in page_text(page)
    plan_page = client.get(reverse("reporting:plan", args=[kingston_plan.pk])).content.decode()
    assert f">{Q2}</option>" in plan_page  # the plan page's print block


def test_a_pack_is_started_for_a_quarter_typed_in_words(login, manager, monkeypatch):
    monkeypatch.setattr("packs.rendering.pdf_of", lambda htmls, **kwargs: b"%PDF-1.7 stub")
    client = login(manager)
    form = client.get(reverse("packs:list")).content.decode()
    assert f'<option value="{Q2}">' in form
    response = client.post(reverse("packs:list"), {"board": ["kingston"], "quarter": Q2})
    assert response.status_code == 302
    assert ReportPack.objects.get().quarter == "2010-Q2"


def test_a_pack_for_wording_that_does_not_add_up_is_refused_and_nothing_starts(login, manager):
    response = login(manager).post(
        reverse("packs:list"), {"board": ["kingston"], "quarter": "Q2 2010/11 (April to June 2010)"}
    )
    assert response.status_code == 400
    assert "does not add up: Q2 2010/11 is July to September 2010." in page_text(response)
    assert not ReportPack.objects.exists()


def test_a_lead_officer_still_may_not_start_a_pack_whatever_the_wording(login, lead):
    response = login(lead).post(reverse("packs:list"), {"board": ["kingston"], "quarter": Q2})
    assert response.status_code == 403 and not ReportPack.objects.exists()


@pytest.mark.parametrize("persona", ["chair", "two_board_chair", "auditor"])
def test_the_cross_board_dashboard_lists_every_quarter_of_its_users_boards_plans(request, login, persona):
    user = request.getfixturevalue(persona)
    plans = Plan.objects.filter(board__memberships__user=user)
    first, last = min(p.period_start for p in plans), max(p.period_end for p in plans)
    html = login(user).get(reverse("reporting:dashboard")).content.decode()
    listed = re.findall(
        r'<option value="([^"]*)"></option>', re.search(r"<datalist.*?</datalist>", html, re.S).group(0)
    )
    assert listed == [label for _, label in quarter_choices(first, last)]
    assert len(listed) > 4  # newest first, as far back as the first plan of any of the user's boards
