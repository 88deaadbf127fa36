"""Importing the Kingston plan from a Word document laid out as the board's own (built from
fixtures/kingston.yaml, cells as the document writes them): the plan created equals the fixture's, objective
by objective and outcome by outcome, with its September 2010 progress; on a new board, unknown sources are
offered for creation."""

from datetime import date

import pytest
from django.urls import reverse

from actions.models import Action, ProgressUpdate
from boards.models import Board, Membership
from imports import building
from plans.models import Plan, PlanImport
from reviews.models import Review
from tests.helpers import assert_board_contents_kept, assert_review_links_kept, page_text, row_counts
from tests.import_files import fixture_plan, imported, kingston_docx, upload

pytestmark = pytest.mark.django_db


def due_dates(plan):
    return list(Action.objects.filter(objective__plan=plan).in_document_order().values_list("number", "due_date"))


SEPT_2010 = date(2010, 9, 30)


def without_imports(counts):
    return {label: n for label, n in counts.items() if label != "plans.PlanImport"}


def confirm(client, plan_import, data=None):
    return client.post(reverse("imports:confirm", args=[plan_import.board.slug, plan_import.pk]), data or {})


def as_in_fixture(plan):
    """The fixture's objectives and outcomes, in the shape `as_imported` gives."""
    return [
        {
            "number": o["number"],
            "title": o["title"],
            "sources": sorted(o.get("sources", [])),
            "timescale": o["timescale"],
            "lead": o["lead"],
            "actions": [
                {
                    "number": a["number"],
                    "text": a["text"],
                    "lead": a.get("lead", ""),
                    "subgroup": a.get("subgroup"),
                    "progress": [
                        # the author aside: the fixture's is the document, an import's the column it read
                        (u["as_at"], u["status"], u["narrative"])
                        for u in a.get("progress", [])
                    ],
                }
                for a in o["actions"]
            ],
        }
        for o in plan["objectives"]
    ]


def as_imported(plan):
    return [
        {
            "number": o.number,
            "title": o.title,
            "sources": sorted(o.sources.values_list("code", flat=True)),
            "timescale": o.timescale,
            "lead": o.lead,
            "actions": [
                {
                    "number": a.number,
                    "text": a.text,
                    "lead": a.lead,
                    "subgroup": a.subgroup.name if a.subgroup else None,
                    "progress": [(u.as_at, u.status, u.narrative) for u in a.updates.all()],
                }
                for a in o.actions.order_by("order")
            ],
        }
        for o in plan.objectives.order_by("order")
    ]


def test_the_kingston_document_imports_as_the_fixture_plan(kingston, manager, login):
    client = login(manager)
    plan_import = imported(client, upload(client, "kingston", "kingston.docx", kingston_docx()))
    assert plan_import.status == PlanImport.Status.READY
    preview = client.get(reverse("imports:detail", args=["kingston", plan_import.pk]))
    text = page_text(preview)
    assert "17 objectives, 52 outcomes, 47 progress updates" in text
    assert "Nothing has been created yet" in text

    response = confirm(client, plan_import)
    plan = Plan.objects.get(board=kingston, title="Improvement Plan 2009-2010 (imported)")
    assert response.status_code == 302 and response["Location"] == reverse("reporting:plan", args=[plan.pk])
    assert (plan.layout, plan.kind, plan.status) == ("objectives", "improvement", "approved")
    assert (plan.period_start, plan.period_end) == (date(2009, 4, 1), date(2011, 3, 31))
    assert as_imported(plan) == as_in_fixture(fixture_plan("kingston.yaml"))

    # due dates as the seed loader reads them, from the same time scales (actions.timescales.due_date_from)
    seed = kingston.plans.exclude(pk=plan.pk).get()
    assert due_dates(plan) == due_dates(seed)
    assert Action.objects.get(objective__plan=plan, number="1.1").due_date == date(2010, 9, 30)  # "Sept 2010"
    assert Action.objects.get(objective__plan=plan, number="13.1").due_date is None  # "Annually"
    # both outcomes numbered 9.2 are kept, in order
    assert list(
        Action.objects.filter(objective__plan=plan, number="9.2").order_by("order").values_list("text", flat=True)
    ) == [
        "The Business Plan will set out our strategy for measuring the impact of interventions ensuring that "
        "what "
        "we do works well",
        "Demonstrate that Domestic Violence interventions are evidence based and have clear impact.",
    ]
    assert ProgressUpdate.objects.filter(action__objective__plan=plan, as_at=SEPT_2010).count() == 47
    assert_review_links_kept()
    assert_board_contents_kept()
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.plan) == (PlanImport.Status.IMPORTED, plan)


def test_the_preview_warns_of_time_scales_with_no_date_and_duplicate_numbers(kingston, manager, login):
    client = login(manager)
    before = without_imports(row_counts())
    plan_import = imported(client, upload(client, "kingston", "kingston.docx", kingston_docx()))
    text = page_text(client.get(reverse("imports:detail", args=["kingston", plan_import.pk])))
    assert without_imports(row_counts()) == before  # the preview creates nothing
    assert (
        "kingston.docx, row 4, column Time Scale: 'Training Plan 2010-11' names no month and year: kept as "
        "written, with no due date."
    ) in text
    assert "column Time Scale: 'Annually' names no month and year" in text
    assert "kingston.docx, row 14: outcome 9.2 appears 2 times (also row 15): each is kept" in text
    # one row, two statements, four outcomes: attached in order, and said so
    assert "2 progress statements for 4 outcomes: attached in order to 12.1, 12.2; 12.3, 12.4 have none" in text
    assert "progress as at 30 September 2010 from “Progress September 2010”" in text


def test_a_new_board_is_offered_its_unknown_sources_with_titles_from_the_source_key(manager, login):
    board = Board.objects.create(
        name="Testborough Safeguarding Children Board",
        short_name="Testborough LSCB",
        slug="testborough",
        areas="Testborough",
    )
    Membership.objects.create(user=manager, board=board, role=Membership.Role.MANAGER)
    client = login(manager)
    plan_import = imported(client, upload(client, "testborough", "kingston.docx", kingston_docx()))
    unknown = {s["code"]: s["title"] for s in plan_import.preview["unknown_sources"]}
    assert unknown == {"C&D": "Challenge and development day", "PR": "Peer review"}  # LR and NEW are national
    text = page_text(client.get(reverse("imports:detail", args=["testborough", plan_import.pk])))
    assert "Sources not in the board's source key" in text
    assert "kingston.docx, row 2, column Source" in text  # where C&D is first cited

    # create C&D (with a better title), leave PR out
    response = confirm(
        client,
        plan_import,
        {"create_0": "on", "title_0": "Challenge and Development day, 4 Feb 2009", "title_1": "Peer review"},
    )
    assert response.status_code == 302
    plan = board.plans.get()
    assert list(Review.objects.filter(board=board).values_list("code", "title")) == [
        ("C&D", "Challenge and Development day, 4 Feb 2009")
    ]
    sources = {o.number: sorted(o.sources.values_list("code", flat=True)) for o in plan.objectives.all()}
    assert sources["4"] == ["C&D", "LR"]  # PR left out, LR national
    assert sources["8"] == []
    assert sources["17"] == ["NEW"]
    assert not Action.objects.filter(objective__plan=plan, subgroup__isnull=False).exists()  # no subgroups yet


def test_a_failed_confirm_creates_nothing_and_keeps_the_preview_and_choices(manager, login, monkeypatch):
    board = Board.objects.create(
        name="Testborough Safeguarding Children Board",
        short_name="Testborough LSCB",
        slug="testborough",
        areas="Testborough",
    )
    Membership.objects.create(user=manager, board=board, role=Membership.Role.MANAGER)
    client = login(manager)
    plan_import = imported(client, upload(client, "testborough", "kingston.docx", kingston_docx()))
    before = row_counts()
    made = []
    real = building._create_action

    def fails_at_the_40th(*args, **kwargs):
        made.append(1)
        if len(made) == 40:
            from django.db import DatabaseError

            raise DatabaseError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(building, "_create_action", fails_at_the_40th)
    choices = {"create_0": "on", "title_0": "My title for C&D", "title_1": "PR typed title"}
    response = confirm(client, plan_import, choices)
    assert response.status_code == 409
    assert row_counts() == before  # not one row: no plan, no source, no objective, no history
    text = page_text(response)
    assert "Nothing has been imported: disk full. The preview and your choices are kept below." in text
    html = response.content.decode()
    assert 'value="My title for C&amp;D"' in html and 'value="PR typed title"' in html
    assert 'name="create_0" id="id_create_0" class="form-check-input" checked' in html
    assert 'name="create_1" id="id_create_1" class="form-check-input">' in html  # left unticked
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.READY and plan_import.preview["counts"]["actions"] == 52

    monkeypatch.setattr(building, "_create_action", real)
    assert confirm(client, plan_import, choices).status_code == 302
    assert Action.objects.filter(objective__plan__board=board).count() == 52


def test_confirming_twice_creates_one_plan(kingston, manager, login):
    client = login(manager)
    plan_import = imported(client, upload(client, "kingston", "kingston.docx", kingston_docx()))
    first, second = confirm(client, plan_import), confirm(client, plan_import)
    plan = Plan.objects.get(board=kingston, title="Improvement Plan 2009-2010 (imported)")
    assert first["Location"] == second["Location"] == reverse("reporting:plan", args=[plan.pk])
    assert kingston.plans.count() == 2


def test_with_every_objective_on_one_row_statements_attach_in_order_and_the_preview_says_so(kingston, manager, login):
    """The rule's limit: a single row cannot say that objective 5's second statement reports on 5.4. Laid out
    as the seed's text shows it, everything else still equals the fixture, and each guess is listed."""
    client = login(manager)
    data = kingston_docx(one_row_per_objective=True)
    plan_import = imported(client, upload(client, "kingston", "kingston.docx", data))
    warnings = plan_import.preview["warnings"]
    assert (
        "kingston.docx, row 6, column Progress September 2010: 2 progress statements for 5 outcomes: "
        "attached in order to 5.1, 5.2; 5.3, 5.4, 5.5 have none. To say otherwise, put each statement on a "
        "row of its own with the outcomes it reports on."
    ) in warnings
    assert confirm(client, plan_import).status_code == 302
    plan = Plan.objects.get(board=kingston, title="Improvement Plan 2009-2010 (imported)")
    fixture = as_in_fixture(fixture_plan("kingston.yaml"))
    got = as_imported(plan)
    differ = [o["number"] for o, f in zip(got, fixture, strict=True) if o != f]
    assert differ == ["5", "8", "9", "10", "13"]
    five = {a["number"]: [u[2] for u in a["progress"]] for a in got[4]["actions"]}
    assert five["5.2"] == [
        "ACHIEVED – the LSCB website has been upgraded and now links to reviews, inspection "
        "reports and other resource material for the children’s workforce and the general "
        "public."
    ]
    assert five["5.4"] == []
    # objective 13's four leads stay on the objective, one per line, as the one cell writes them
    assert got[12]["lead"] == fixture[12]["lead"] and {a["lead"] for a in got[12]["actions"]} == {""}
