"""The manager's update sheet of a plan: every outcome in force this quarter, one submit, all or nothing."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionState, ProgressUpdate
from actions.quarters import quarter_of
from actions.sheet import SHOWN, _shown, render_rows, sheet_formset
from boards.models import Subgroup
from plans.models import Plan
from tests.helpers import make_current_plan, page_text, row_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def current(kingston, lead):
    return make_current_plan(kingston, lead_user=lead)


def url(plan, **query):
    base = reverse("actions:update_sheet", args=[plan.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows(actions, **overrides):
    """Every row filled: Green and ongoing, a note each; `overrides` by field name with the row's action id."""
    data = {"row-TOTAL_FORMS": str(len(actions)), "row-INITIAL_FORMS": "0", "row-MIN_NUM_FORMS": "0"}
    data["row-MAX_NUM_FORMS"] = "1000"
    for action in actions:
        p = f"row-{action.pk}"
        data.update({f"{p}-status": "ongoing", f"{p}-rag": "green", f"{p}-narrative": f"Note on {action.number}"})
        data[f"{p}-corrective_action"] = ""
    data.update(overrides)
    return data


def test_the_plan_page_links_the_sheet_for_managers_only(login, manager, lead, current):
    plan, _ = current
    link = url(plan)
    assert link in login(manager).get(reverse("reporting:plan", args=[plan.pk])).content.decode()
    assert link not in login(lead).get(reverse("reporting:plan", args=[plan.pk])).content.decode()


def test_the_sheet_keeps_a_draft_in_the_browser_per_user_and_plan(login, manager, current):
    plan, _ = current
    page = login(manager).get(url(plan)).content.decode()
    assert f'data-draft-key="{manager.pk}:update-sheet:{plan.pk}"' in page  # static/js/drafts.js keeps what is typed


def test_the_chase_list_links_the_sheet_of_each_plan_owing_updates(login, manager, current):
    plan, _ = current
    response = login(manager).get(reverse("actions:chase_list", args=["kingston"]))
    assert f'href="{url(plan)}"' in response.content.decode()
    assert "update sheet of Business Plan (current)" in page_text(response)


def test_the_sheet_shows_every_outcome_in_order_with_last_quarters_update(login, manager, current):
    plan, actions = current
    text = page_text(login(manager).get(url(plan)))
    assert [text.index(f"1.{n} Outcome {n}") for n in range(1, 5)] == sorted(
        text.index(f"1.{n} Outcome {n}") for n in range(1, 5)
    )
    assert "Last quarter: In progress, Amber, as at" in text
    assert "Last quarter's note" not in text and "training venue not yet booked" in text
    assert "Lead: kingston-lead." in text
    assert "Last quarter: no update." in text


def test_the_sheet_names_a_lead_by_their_full_name_where_they_have_one(login, manager, lead, current):
    plan, _ = current
    lead.first_name, lead.last_name = "Kim", "Osei"
    lead.save()
    text = page_text(login(manager).get(url(plan)))
    assert "Lead: Kim Osei." in text and "Lead: kingston-lead." not in text


def test_one_submit_records_every_row_by_the_manager_as_at_today(login, manager, current):
    plan, actions = current
    response = login(manager).post(url(plan), rows(actions))
    assert response.status_code == 302
    for action in actions:
        update = action.updates.order_by("-id").first()
        assert (update.narrative, update.author, update.as_at) == (
            f"Note on {action.number}",
            manager,
            timezone.localdate(),
        )


def test_one_row_in_error_saves_nothing_keeps_every_row_and_links_to_it(login, manager, current):
    plan, actions = current
    before = row_counts()
    bad = actions[2]
    response = login(manager).post(url(plan), rows(actions, **{f"row-{bad.pk}-rag": "red"}))
    assert response.status_code == 200
    assert row_counts() == before
    html = response.content.decode()
    for action in actions:
        assert f"Note on {action.number}" in html
    assert f'href="#outcome-{bad.pk}"' in html and f'id="outcome-{bad.pk}"' in html
    assert "Outcome 1.3: A Red rating needs a corrective action" in page_text(response)


def test_achieved_is_recorded_blue_and_red_with_a_corrective_action_is_recorded(login, manager, current):
    plan, actions = current
    data = rows(actions, **{f"row-{actions[0].pk}-status": "achieved", f"row-{actions[0].pk}-rag": "green"})
    data.update({f"row-{actions[1].pk}-rag": "red", f"row-{actions[1].pk}-corrective_action": "Escalated to chair"})
    assert login(manager).post(url(plan), data).status_code == 302
    assert actions[0].updates.order_by("-id").first().rag == "blue"
    assert actions[1].updates.order_by("-id").first().corrective_action == "Escalated to chair"


def test_empty_rows_are_skipped(login, manager, current):
    plan, actions = current
    blank = {f"row-{a.pk}-{f}": "" for a in actions[1:] for f in ("status", "rag", "narrative")}
    before = ProgressUpdate.objects.count()
    assert login(manager).post(url(plan), rows(actions, **blank)).status_code == 302
    assert ProgressUpdate.objects.count() == before + 1


def test_a_row_updated_this_quarter_is_shown_so_and_not_recorded_again_unless_changed(login, manager, current):
    plan, actions = current
    client = login(manager)
    assert client.post(url(plan), rows(actions)).status_code == 302
    count = ProgressUpdate.objects.count()
    page = client.get(url(plan))
    assert page_text(page).count("Updated this quarter") == len(actions)
    assert "Note on 1.2" in page.content.decode()  # filled with this quarter's update
    # the same sheet sent again (a double submit, or the filled sheet saved unchanged): nothing more
    assert client.post(url(plan), rows(actions)).status_code == 302
    assert ProgressUpdate.objects.count() == count
    # one row changed: one correction naming the update it corrects
    assert client.post(url(plan), rows(actions, **{f"row-{actions[1].pk}-narrative": "Revised"})).status_code == 302
    assert ProgressUpdate.objects.count() == count + 1
    correction = actions[1].updates.order_by("-id").first()
    assert correction.narrative == "Revised" and correction.corrects.narrative == "Note on 1.2"


def test_the_same_form_sent_twice_is_recorded_once(login, manager, current):
    plan, actions = current
    client = login(manager)
    form = client.get(url(plan)).context["formset"]
    data = rows(actions, **{f"{f.prefix}-submission": str(f["submission"].value()) for f in form.forms})
    assert client.post(url(plan), data).status_code == 302
    count = ProgressUpdate.objects.count()
    data.update({f"row-{a.pk}-narrative": "Typed again" for a in actions})  # changed, but the same tokens
    response = client.post(url(plan), data, follow=True)
    assert "sent more than once" in page_text(response)
    assert ProgressUpdate.objects.count() == count


def test_outcomes_closed_before_this_quarter_are_not_listed(login, manager, current):
    plan, actions = current
    ProgressUpdate.objects.create(
        action=actions[3],
        as_at=quarter_of(timezone.localdate()).start - timedelta(days=1),
        status="achieved",
        rag="blue",
    )
    text = page_text(login(manager).get(url(plan)))
    assert "Outcome 3" in text and "Outcome 4" not in text


def test_one_subgroups_outcomes_and_a_bad_subgroup_named(login, manager, kingston, current):
    plan, actions = current
    training = Subgroup.objects.create(board=kingston, name="Training sub-group")
    Action.objects.filter(pk=actions[1].pk).update(subgroup=training)
    client = login(manager)
    text = page_text(client.get(url(plan, subgroup=training.pk)))
    assert "Outcome 2" in text and "Outcome 1 " not in text and "Outcome 3" not in text
    text = page_text(client.get(url(plan, subgroup="999999")))
    assert "That is not one of this board's subgroups: every outcome is shown." in text
    assert "Outcome 3" in text


def test_a_plan_not_in_force_has_no_rows(login, manager, kingston_plan):
    text = page_text(login(manager).get(url(kingston_plan)))
    assert "This plan is not in force" in text
    assert "Record these updates" not in text


@pytest.mark.parametrize(("persona", "status"), [("lead", 403), ("chair", 403), ("auditor", 403), ("llr_manager", 404)])
def test_only_the_boards_managers_use_the_sheet(request, login, current, persona, status):
    plan, actions = current
    client = login(request.getfixturevalue(persona))
    before = row_counts()
    assert client.get(url(plan)).status_code == status
    assert client.post(url(plan), rows(actions)).status_code == status
    assert row_counts() == before


def test_the_sheet_runs_a_constant_number_of_queries(login, manager, current, django_assert_num_queries):
    plan, actions = current
    client = login(manager)
    # 1 session, 2 user, 3 plan with board and the user's role (scoped), 4 the board's subgroups (the chooser),
    # 5 the plan's outcomes with objective and lead user, each with the id of its latest update as at last quarter's
    # end and of its latest dated this quarter, 6 those updates with their authors
    with django_assert_num_queries(6):
        client.get(url(plan))
    for n in range(5, 30):
        Action.objects.create(objective=actions[0].objective, number=f"1.{n}", order=n, text=f"Outcome {n}")
    quarter = quarter_of(timezone.localdate())
    for action in Action.objects.filter(objective__plan=plan):  # a dozen updates each, some this quarter
        ProgressUpdate.objects.bulk_create(
            ProgressUpdate(action=action, as_at=day, status="ongoing", rag="green", narrative=f"As at {day}")
            for day in [quarter.start - timedelta(days=d) for d in range(1, 300, 30)] + [quarter.start] * 2
        )
    with django_assert_num_queries(6):
        assert "Outcome 29" in page_text(client.get(url(plan)))


def test_submitting_the_sheet_runs_the_same_queries_for_one_row_and_for_many(
    login, manager, kingston, lead, django_assert_num_queries
):
    plan, actions = make_current_plan(kingston, lead_user=lead, outcomes=12)
    client = login(manager)
    one = rows(actions[:1], **{"row-TOTAL_FORMS": "12"})
    # 1 session, 2 user, 3 plan with board and role (scoped), 4 the board's subgroups, 5 the outcomes with their
    # updates' ids, 6 those updates, 7 the plan's signed-off quarters (read once for every row), 8 savepoint (the
    # sheet, all or nothing), 9 savepoint (a form sent twice is told apart), 10 INSERT of every row's update,
    # 11-15 the current state of their outcomes (ActionState.objects.refresh: lock the actions, lock their states,
    # their latest updates' ids, those updates, one upsert), 16 none dated in a signed-off quarter (checked after
    # the insert), 17-18 release the savepoints
    with django_assert_num_queries(18):
        assert client.post(url(plan), one).status_code == 302
    assert ProgressUpdate.objects.filter(action__in=actions, narrative__startswith="Note on").count() == 1
    every = rows(actions, **{f"row-{actions[0].pk}-narrative": "Revised"})  # the first row: a correction
    with django_assert_num_queries(18):
        assert client.post(url(plan), every).status_code == 302
    assert ProgressUpdate.objects.filter(action__in=actions, narrative__startswith="Note on").count() == 12
    for action in actions:  # each outcome's current state is its newest update
        assert ActionState.objects.get(pk=action.pk).update == action.updates.order_by("-id").first()


def test_a_draft_plan_is_not_in_force(login, manager, current):
    plan, _ = current
    Plan.objects.filter(pk=plan.pk).update(status="draft")
    assert "is not approved" in page_text(login(manager).get(url(plan)))


def test_a_forged_row_for_an_outcome_not_on_the_sheet_records_nothing(login, manager, current, llr):
    plan, actions = current
    other = Action.objects.filter(objective__plan__board=llr).first()
    forged = {f"row-{other.pk}-status": "achieved", f"row-{other.pk}-rag": "blue", "row-TOTAL_FORMS": "50"}
    before = other.updates.count()
    assert login(manager).post(url(plan), rows(actions, **forged)).status_code == 302
    assert other.updates.count() == before
    assert ProgressUpdate.objects.filter(narrative__startswith="Note on").count() == len(actions)


def test_what_was_typed_and_the_outcomes_text_are_shown_escaped(login, manager, current):
    plan, actions = current
    Action.objects.filter(pk=actions[0].pk).update(text='Keep <b>"every"</b> child & family safe')
    typed = '<script>alert("x")</script> & more'
    response = login(manager).post(
        url(plan), rows(actions, **{f"row-{actions[1].pk}-narrative": typed, f"row-{actions[2].pk}-rag": "red"})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html and '<b>"every"</b>' not in html
    assert "&lt;script&gt;alert(" in html and "Keep &lt;b&gt;" in html
    assert 'Keep <b>"every"</b> child & family safe' in page_text(response)  # shown as typed


def test_a_new_rows_empty_fields_are_drawn_as_each_row_would_draw_them(rf, manager, current):
    """A new row's empty fields are drawn once a page and each row's prefix filled in (actions.sheet.BLANK): the
    same markup as the row's own fields drawn one by one."""
    plan, _ = current
    request = rf.get("/")
    request.user = manager
    new_rows = [row for row in sheet_formset(plan, timezone.localdate()).sheet_rows if row.fields is None]
    assert new_rows
    fields = {row.prefix: [_shown(row.prefix, name, None, ()) for name in SHOWN] for row in new_rows}
    drawn = [replace(row, fields=fields[row.prefix]) for row in new_rows]
    assert render_rows(request, new_rows) == render_rows(request, drawn)


@pytest.mark.parametrize(
    "sent",
    [
        None,  # the sheet as first shown
        {},  # sent with a row in error, every count as drawn
        {"row-MIN_NUM_FORMS": None, "row-MAX_NUM_FORMS": ""},  # the optional counts left out or empty
        {"row-TOTAL_FORMS": ""},  # tampered with: Django's drawing, with its errors
    ],
)
def test_the_sheets_hidden_counts_are_drawn_as_django_draws_its_management_form(login, manager, current, sent):
    plan, actions = current
    client = login(manager)
    if sent is None:
        data, response = None, client.get(url(plan))
    else:
        data = rows(actions, **{f"row-{actions[2].pk}-rag": "red"})
        for name, value in sent.items():
            if value is None:
                del data[name]
            else:
                data[name] = value
        response = client.post(url(plan), data)
    assert response.status_code == 200
    expected = sheet_formset(plan, timezone.localdate(), data).management_form
    assert f"\n  {expected}\n" in response.content.decode()
