"""The role policy (boards.access.Permissions): one table of what each role may do, the pages that show a control
exactly when its request is allowed, and lookups that bring the user's role with the object."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from actions.models import Action
from boards.access import Permissions, roles_that_may

NOTHING = {
    "edit": False,
    "record_any": False,
    "print": False,
    "start_pack": False,
    "manage_members": False,
    "lead_actions": False,
}
POLICY = {
    "manager": {
        "edit": True,
        "record_any": True,
        "print": True,
        "start_pack": True,
        "manage_members": True,
        "lead_actions": True,
    },
    "lead": {**NOTHING, "print": True, "lead_actions": True},  # records progress only on the actions they lead
    "chair": {**NOTHING, "print": True, "start_pack": True},
    "auditor": {**NOTHING, "print": True, "start_pack": True},
    None: NOTHING,  # no role on the board
}


@pytest.mark.parametrize("role", POLICY)
def test_what_each_role_may_do(role):
    can = Permissions.of(role)
    assert {what: getattr(can, what) for what in POLICY[role]} == POLICY[role]
    for what, allowed in POLICY[role].items():
        if what == "record_any":
            continue
        if allowed:
            can.require(what)
        else:
            with pytest.raises(PermissionDenied):
                can.require(what)


# (role, the user is the action's lead user, may record progress on it): the manager on every action; a lead
# only on an action whose lead user they are; a chair or auditor never, even when named lead user (the pen test
# found read-only roles made writers that way)
RECORDING = [
    ("manager", False, True),
    ("manager", True, True),
    ("lead", True, True),
    ("lead", False, False),
    ("chair", False, False),
    ("chair", True, False),
    ("auditor", False, False),
    ("auditor", True, False),
    (None, True, False),
]


@pytest.mark.parametrize("role, leads, may", RECORDING)
def test_who_may_record_progress_on_an_action(role, leads, may):
    user = SimpleNamespace(pk=7)
    action = SimpleNamespace(lead_user_id=7 if leads else 8)
    assert Permissions.of(role).may_record(user, action) is may
    can = Permissions.of(role).on(action, user)
    assert can.record is may
    if not may:
        with pytest.raises(PermissionDenied):
            can.require("record")


def test_querysets_use_the_same_table():
    assert roles_that_may("edit") == ("manager",)
    assert roles_that_may("start_pack") == ("manager", "chair", "auditor")
    assert roles_that_may("print") == ("manager", "lead", "chair", "auditor")
    assert roles_that_may("manage_members") == ("manager",)
    assert roles_that_may("lead_actions") == ("manager", "lead")


@pytest.fixture
def actions(kingston):
    plan = kingston.plans.get()
    return {
        "own": Action.objects.get(objective__plan=plan, number="3.1"),  # led by kingston-lead
        "other": Action.objects.get(objective__plan=plan, number="4.2"),
    }


WRITES = {
    "edit outcome": lambda a: reverse("actions:edit", args=[a["other"].pk]),
    "record progress on another's action": lambda a: reverse("actions:progress", args=[a["other"].pk]),
    "new plan": lambda a: reverse("plans:create", args=["kingston"]),
    "chase list": lambda a: reverse("actions:chase_list", args=["kingston"]),
    "import": lambda a: reverse("imports:start", args=["kingston"]),
}
REFUSED = {"lead": 403, "chair": 403, "auditor": 403, "outsider": 404, "llr_manager": 404}


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES)
def test_a_refused_write_is_decided_by_the_role_read_with_the_object(
    request, login, actions, write, django_assert_num_queries
):
    url = WRITES[write](actions)
    for persona, status in REFUSED.items():
        client = login(request.getfixturevalue(persona))
        client.get(reverse("home"))  # the session's first request renews it: not counted
        for method in (client.get, client.post):
            # queries: 1 the session, 2 the user, 3 the action or board with the user's role on its board, joined
            # (no row: 404; a role that may not: 403, without asking for the role again)
            with django_assert_num_queries(3):
                assert method(url, {}).status_code == status, (persona, method.__name__)


@pytest.mark.django_db
def test_the_managers_progress_form_reads_the_role_with_the_action(login, manager, actions, django_assert_num_queries):
    client = login(manager)
    client.get(reverse("home"))
    # queries: 1 the session, 2 the user, 3 the action with its objective, plan, board, section, subgroup, lead user
    # and the manager's role, 4 its last update with its author (shown above the form): the form needs nothing else
    with django_assert_num_queries(4):
        assert client.get(reverse("actions:progress", args=[actions["other"].pk])).status_code == 200


# what the action page shows, per role: Edit outcome, Record progress on the action they lead, on another's
ACTION_PAGE = {
    "manager": (True, True, True),
    "lead": (False, True, False),
    "chair": (False, False, False),
    "auditor": (False, False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ACTION_PAGE)
def test_the_action_page_shows_a_control_exactly_when_its_request_is_allowed(request, login, actions, persona):
    client = login(request.getfixturevalue(persona))
    edit, record_own, record_other = ACTION_PAGE[persona]
    for which, record in (("own", record_own), ("other", record_other)):
        action = actions[which]
        response = client.get(reverse("actions:detail", args=[action.pk]))
        page, can = response.content.decode(), response.context["can"]
        edit_allowed = client.get(reverse("actions:edit", args=[action.pk])).status_code == 200
        record_allowed = client.get(reverse("actions:progress", args=[action.pk])).status_code == 200
        assert ("Edit outcome" in page) == can.edit == edit_allowed == edit, (persona, which)
        assert (
            ("Record progress" in page) == ("Correct this update" in page) == can.record == record_allowed == record
        ), (persona, which)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ACTION_PAGE)
def test_board_and_plan_pages_show_editing_exactly_when_it_is_allowed(request, login, kingston, persona):
    client = login(request.getfixturevalue(persona))
    plan = kingston.plans.get()
    manages = persona == "manager"
    board = client.get(reverse("reporting:board", args=["kingston"]))
    import_allowed = client.get(reverse("imports:start", args=["kingston"])).status_code == 200
    assert ("Import a plan" in board.content.decode()) == board.context["can"].edit == import_allowed == manages
    plan_page = client.get(reverse("reporting:plan", args=[plan.pk]))
    page, can = plan_page.content.decode(), plan_page.context["can"]
    edit_allowed = client.get(reverse("plans:edit", args=[plan.pk])).status_code == 200
    assert ("Edit plan details" in page) == ("Chase list" in page) == can.edit == edit_allowed == manages
    print_allowed = client.get(reverse("reporting:print", args=[plan.pk])).status_code == 200
    assert ('id="print-heading"' in page) == can.print == print_allowed is True
