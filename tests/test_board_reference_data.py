"""A board manager keeps the board's subgroups (chair, terms of reference) and member agencies from the board
page. Other boards 404, read-only roles 403, and nothing is written; every write is on the audit trail."""

import pytest
from django.urls import reverse

from boards.models import Agency, BoardAgency, Subgroup
from tests.helpers import page_text, row_counts

pytestmark = pytest.mark.django_db


def board_page(client, slug="kingston"):
    return client.get(reverse("reporting:board", args=[slug]))


def test_manager_adds_and_edits_a_subgroup_from_the_board_page(login, manager, kingston):
    client = login(manager)
    assert reverse("boards:subgroup_create", args=["kingston"]) in board_page(client).content.decode()
    data = {"name": "Neglect Strategy", "chair": "Jo Bloggs", "terms_of_reference": "Audits case files.\nQuarterly."}
    response = client.post(reverse("boards:subgroup_create", args=["kingston"]), data)
    assert response.status_code == 302
    subgroup = kingston.subgroups.get(name="Neglect Strategy")
    text = page_text(board_page(client))
    assert "Neglect Strategy (chair: Jo Bloggs)" in text and "Audits case files." in text
    assert reverse("boards:subgroup_edit", args=[subgroup.pk]) in board_page(client).content.decode()
    client.post(reverse("boards:subgroup_edit", args=[subgroup.pk]), {**data, "chair": "Sam Smith"})
    subgroup.refresh_from_db()
    assert subgroup.chair == "Sam Smith"
    latest = subgroup.history.latest()
    assert latest.history_user == manager
    assert [(c.field, c.old, c.new) for c in latest.diff_against(latest.prev_record).changes] == [
        ("chair", "Jo Bloggs", "Sam Smith")
    ]


def test_a_subgroup_name_already_used_is_refused_by_name(login, manager, kingston):
    Subgroup.objects.create(board=kingston, name="Early Help")
    before = row_counts()
    response = login(manager).post(reverse("boards:subgroup_create", args=["kingston"]), {"name": "early help"})
    assert "The board already has a subgroup called “early help”." in page_text(response)
    assert row_counts() == before


def test_manager_adds_an_agency_known_to_another_board_and_removes_it(login, manager, kingston, llr):
    theirs = Agency.objects.create(name="Leicestershire Constabulary", kind="police")
    BoardAgency.objects.create(board=llr, agency=theirs)
    client = login(manager)
    assert reverse("boards:seat_create", args=["kingston"]) in board_page(client).content.decode()
    agencies = Agency.objects.count()
    client.post(reverse("boards:seat_create", args=["kingston"]), {"name": theirs.name.upper(), "kind": "other"})
    seat = kingston.seats.get(agency=theirs)  # the same agency, not a second one
    assert Agency.objects.count() == agencies
    assert theirs.name in page_text(board_page(client))
    assert reverse("boards:seat_remove", args=[seat.pk]) in board_page(client).content.decode()
    client.post(reverse("boards:seat_remove", args=[seat.pk]))
    assert not kingston.seats.filter(agency=theirs).exists() and llr.seats.filter(agency=theirs).exists()
    removed = BoardAgency.history.filter(id=seat.pk).latest()
    assert removed.history_type == "-" and removed.history_user == manager


def test_manager_adds_a_new_agency_and_a_second_seat_is_refused(login, manager, kingston):
    client = login(manager)
    data = {"name": "  Kingston  Youth   Service ", "kind": "local_authority"}
    client.post(reverse("boards:seat_create", args=["kingston"]), data)
    assert kingston.seats.filter(agency__name="Kingston Youth Service").exists()
    before = row_counts()
    response = client.post(reverse("boards:seat_create", args=["kingston"]), data)
    assert "Kingston Youth Service already sits on Kingston LSCB." in page_text(response)
    response = client.post(reverse("boards:seat_create", args=["kingston"]), {"name": " ", "kind": "other"})
    assert "Give the agency's name." in page_text(response)
    assert row_counts() == before


@pytest.mark.parametrize("persona", ["chair", "auditor", "lead"])
def test_read_only_roles_see_no_controls_get_403_and_nothing_is_written(request, login, persona, kingston):
    subgroup = Subgroup.objects.create(board=kingston, name="Early Help")
    seat = kingston.seats.first()
    client = login(request.getfixturevalue(persona))
    page = board_page(client).content.decode()
    assert "boards/kingston/subgroups/new" not in page and "/remove/" not in page and "/edit/" not in page
    before = row_counts()
    for url in [
        reverse("boards:subgroup_create", args=["kingston"]),
        reverse("boards:subgroup_edit", args=[subgroup.pk]),
        reverse("boards:seat_create", args=["kingston"]),
        reverse("boards:seat_edit", args=[seat.pk]),
        reverse("boards:seat_remove", args=[seat.pk]),
    ]:
        assert client.post(url, {"name": "X", "kind": "other"}).status_code == 403
    assert row_counts() == before


def test_another_boards_manager_gets_404(login, llr_manager, kingston):
    subgroup = Subgroup.objects.create(board=kingston, name="Early Help")
    seat = kingston.seats.first()
    client = login(llr_manager)
    for url in [
        reverse("boards:subgroup_create", args=["kingston"]),
        reverse("boards:subgroup_edit", args=[subgroup.pk]),
        reverse("boards:seat_create", args=["kingston"]),
        reverse("boards:seat_edit", args=[seat.pk]),
        reverse("boards:seat_remove", args=[seat.pk]),
    ]:
        assert client.post(url, {"name": "X"}).status_code == 404


def test_manager_renames_an_agency_only_their_board_has(login, manager, kingston, llr):
    client = login(manager)
    client.post(reverse("boards:seat_create", args=["kingston"]), {"name": "Kingston Youth Servce", "kind": "other"})
    seat = kingston.seats.get(agency__name="Kingston Youth Servce")
    assert reverse("boards:seat_edit", args=[seat.pk]) in board_page(client).content.decode()
    data = {"name": "Kingston Youth Service", "kind": "local_authority"}
    assert client.post(reverse("boards:seat_edit", args=[seat.pk]), data).status_code == 302
    seat.agency.refresh_from_db()
    assert (seat.agency.name, seat.agency.kind) == ("Kingston Youth Service", "local_authority")
    assert seat.agency.history.latest().history_user == manager
    # another agency's name is refused by name, and nothing is written
    before = row_counts()
    response = client.post(reverse("boards:seat_edit", args=[seat.pk]), {"name": "Housing", "kind": "other"})
    assert "Another agency is already called that" in page_text(response)
    assert row_counts() == before


def test_an_agency_other_boards_share_is_not_renamed_by_one_board(login, manager, kingston, llr):
    seat = kingston.seats.select_related("agency").first()
    BoardAgency.objects.create(board=llr, agency=seat.agency)
    client = login(manager)
    before = row_counts()
    response = client.post(
        reverse("boards:seat_edit", args=[seat.pk]), {"name": "Renamed", "kind": "other"}, follow=True
    )
    assert f"{seat.agency.name} also sits on other boards, so its name is theirs too and was not changed." in (
        page_text(response)
    )
    assert row_counts() == before
