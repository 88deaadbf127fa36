"""Effective dating: a past quarter's report and dashboards show the plan as it stood then. An objective and outcome
added today, or a due date revised today, leave Kingston's Q2 2010/11 report (its PDF text and the numbers on
its page) and the dashboard across boards as at Q2 2010/11 as they were."""

import re
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import rag
from actions.models import Action
from reporting import pdf
from reporting.dashboards import board_dashboard, cross_board_rows
from reporting.tables import plan_rows
from tests.helpers import page_text
from tests.test_dashboards import html_of

from .pdf_helpers import pdf_pages

pytestmark = pytest.mark.django_db

Q2 = rag.Quarter(2010, 2)  # July to September 2010


def _q2(client, plan):
    """What a reader of Q2 2010/11 sees: the PDF's text, the HTML page's text, the board dashboard's numbers
    and the dashboard across boards."""
    response = client.get(reverse("reporting:quarterly", args=[plan.pk]), {"quarter": Q2.code})
    assert response.status_code == 200
    dashboard = board_dashboard(plan.board, as_at=Q2.end, quarter=Q2, plan_id=plan.pk).sections[0]
    summary = dashboard.summary
    return {
        "pdf": pdf_pages(pdf.render_quarterly_pdf(plan, Q2)),
        "page": page_text(response),
        "dashboard": (summary.red, summary.amber, summary.green, summary.blue, summary.total, summary.overdue),
        "objectives": [(m.objective.number, m.roll_up.total) for m in dashboard.objectives],
        "across": [(row.board.slug, row.roll_up) for row in cross_board_rows(plan.board.__class__.objects, Q2.end)],
    }


def _overdue_in_q2(plan):
    """12.3 (no progress in the document) given a due date of August 2010 in July 2010: Red, overdue at Q2's end."""
    action = Action.objects.get(objective__plan=plan, number="12.3")
    action.timescale, action.due_date = "Aug 2010", date(2010, 8, 31)
    action._history_date = timezone.make_aware(datetime(2010, 7, 1, 10))
    action.save()
    return action


def test_an_objective_and_outcome_added_today_leave_q2_as_it_was(login, manager, kingston_plan):
    client = login(manager)
    before = _q2(client, kingston_plan)
    assert before["dashboard"][4] == 52  # the document's 52 outcomes

    response = client.post(
        reverse("plans:objective_create", args=[kingston_plan.pk]),
        {"number": "30", "title": "Respond to the 2026 inspection"},
    )
    assert response.status_code == 302
    objective = kingston_plan.objectives.get(joined_on__isnull=False)
    assert objective.joined_on == timezone.localdate()
    response = client.post(
        reverse("actions:create", args=[objective.pk]),
        {"number": "30.1", "text": "Publish the response", "timescale": "March 2027"},
    )
    assert response.status_code == 302

    client.get(reverse("home"))  # the edits' messages are shown (and spent) on the next page, not the report
    after = _q2(client, kingston_plan)
    assert after == before
    assert "30.1" not in after["page"] and "Publish the response" not in " ".join(after["pdf"])
    # as at today the new objective and outcome are part of the plan
    today = timezone.localdate()
    numbers = [a.number for row in plan_rows(kingston_plan, today) for a in row.actions]
    assert "30.1" in numbers
    # the manager is taken to it on the plan page, as at today (the plan has ended: its default date is 2010)
    page = page_text(client.get(reverse("reporting:plan", args=[kingston_plan.pk]), {"as_at": today.isoformat()}))
    assert "Publish the response" in page


def test_a_due_date_revised_today_leaves_q2_overdue_as_it_was(login, manager, kingston_plan):
    action = _overdue_in_q2(kingston_plan)
    client = login(manager)
    before = _q2(client, kingston_plan)
    assert before["dashboard"][5] == 1  # 12.3 overdue at 30 September 2010

    response = client.post(
        reverse("actions:edit", args=[action.pk]),
        {
            "number": "12.3",
            "text": action.text,
            "timescale": "March 2011",
            "due_date": "2011-03-31",
            "subgroup": action.subgroup_id or "",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_date == date(2011, 3, 31)

    client.get(reverse("home"))  # the edits' messages are shown (and spent) on the next page, not the report
    after = _q2(client, kingston_plan)
    assert after == before  # the dashboard across boards too: its SQL reads the due date as it stood then
    row = next(a for r in plan_rows(kingston_plan, Q2.end) for a in r.actions if a.number == "12.3")
    assert row.rating.overdue and row.due_date == date(2010, 8, 31)
    # as at today the revised due date counts; as at any day before it was revised, the one it had then
    row = next(a for r in plan_rows(kingston_plan, timezone.localdate()) for a in r.actions if a.number == "12.3")
    assert row.due_date == date(2011, 3, 31)
    row = next(a for r in plan_rows(kingston_plan, date(2010, 12, 31)) for a in r.actions if a.number == "12.3")
    assert row.due_date == date(2010, 8, 31)


def test_the_auditors_filter_as_at_a_date_shows_the_plan_as_it_stood(login, manager, auditor, kingston_plan):
    """The filter at a chosen date: an outcome added today is not found; a due date revised today still makes
    12.3 overdue at 30 September 2010, in the database's filter and in the row's words alike."""
    action = _overdue_in_q2(kingston_plan)
    objective = kingston_plan.objectives.get(number="12")
    client = login(manager)
    client.post(
        reverse("actions:create", args=[objective.pk]),
        {"number": "12.9", "text": "Added in 2026", "timescale": "March 2027"},
    )
    action = Action.objects.get(pk=action.pk)
    action.timescale, action.due_date = "March 2011", date(2011, 3, 31)
    action.save()  # revised today

    reader = login(auditor)
    september = {"board": "kingston", "as_at": "2010-09-30"}
    everything = page_text(reader.get(reverse("reporting:find"), september))
    assert "Added in 2026" not in everything
    overdue = reader.get(reverse("reporting:find"), {**september, "overdue": "true"}).content.decode()
    assert f'<tr data-action="{action.pk}">' in overdue
    # its row as it stood then: the due date it had (read from its history, as it was edited since)
    row = overdue[overdue.index(f'<tr data-action="{action.pk}">') :]
    row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row[: row.index("</tr>")]))
    assert "31 Aug 2010" in row and "2011" not in row, row
    assert "Added in 2026" in page_text(
        reader.get(reverse("reporting:find"), {"board": "kingston", "as_at": timezone.localdate().isoformat()})
    )


def test_the_board_dashboard_as_at_q2_shows_the_plan_as_it_stood_after_a_rename_and_a_renumbering(
    login, manager, kingston_plan
):
    """An objective renamed and the plan renumbered today (one bulk update: plans.numbering) leave the board's
    dashboard as at Q2 as it was: whether each objective and outcome was edited since is read with it, from its
    history (actions.structure.edited_after), and the history of those edited is read."""
    client = login(manager)
    url = reverse("reporting:board_dashboard", args=[kingston_plan.board.slug])
    before = html_of(client.get(url, {"quarter": Q2.code}))
    objective = kingston_plan.objectives.get(number="12")
    assert "12. Develop clearer working arrangements" in before  # its chart's label
    objective.title = "Renamed today"
    objective.save()
    assert client.post(reverse("actions:renumber", args=[kingston_plan.pk])).status_code == 302
    assert Action.objects.filter(objective__plan=kingston_plan, objective__number="9", number="9.4").exists()
    client.get(reverse("home"))  # the renumbering's message is shown (and spent) on the next page
    after = html_of(client.get(url, {"quarter": Q2.code}))
    assert after == before
    assert "Renamed today" not in after
