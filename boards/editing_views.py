"""A board manager keeps the board's subgroups and member agencies. The board is found through the user's role
on it first (404 without one, 403 for a read-only role); simple-history records who changed what."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
from django.shortcuts import redirect
from django.urls import reverse

from lscb.forms import render_form_page
from lscb.http import post_only

from .access import get_board_for_user, get_to_edit
from .forms import AgencyForm, SeatForm, SubgroupForm
from .models import Agency, BoardAgency, Subgroup


def _board_page(board, anchor):
    return reverse("reporting:board", args=[board.slug]) + f"#{anchor}"


def _next_order(queryset):
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


def subgroup_create(request, slug):
    board = get_board_for_user(request.user, slug, write=True)
    form = SubgroupForm(request.POST or None, instance=Subgroup(board=board, order=_next_order(board.subgroups)))
    if request.method == "POST" and form.is_valid():
        subgroup = form.save()
        messages.success(request, f"Added the subgroup {subgroup.name}.")
        return redirect(_board_page(board, "subgroups"))
    return render_form_page(
        request, form, title="New subgroup", cancel_url=_board_page(board, "subgroups"), board=board
    )


def subgroup_edit(request, pk):
    subgroup = get_to_edit(Subgroup.objects.select_related("board"), request.user, pk)
    board = subgroup.board
    form = SubgroupForm(request.POST or None, instance=subgroup)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the subgroup {subgroup.name}.")
        return redirect(_board_page(board, "subgroups"))
    return render_form_page(
        request, form, title=f"Edit subgroup {subgroup.name}", cancel_url=_board_page(board, "subgroups"), board=board
    )


def seat_create(request, slug):
    board = get_board_for_user(request.user, slug, write=True)
    form = SeatForm(request.POST or None, board=board)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            name = form.cleaned_data["name"]
            agency = Agency.objects.filter(name__iexact=name).first()
            if agency is None:
                agency = Agency.objects.create(name=name, kind=form.cleaned_data["kind"])
            BoardAgency.objects.create(board=board, agency=agency, order=_next_order(board.seats))
        messages.success(request, f"{agency.name} now sits on {board.short_name}.")
        return redirect(_board_page(board, "agencies"))
    return render_form_page(
        request, form, title="Add a member agency", cancel_url=_board_page(board, "agencies"), board=board
    )


def seat_edit(request, pk):
    """The agency's name and kind, by the manager of the only board it sits on: an agency other boards share is
    theirs too, and stays as it is (the manager removes it and adds the right one instead)."""
    seat = get_to_edit(BoardAgency.objects.select_related("agency", "board"), request.user, pk)
    board, agency = seat.board, seat.agency
    if agency.seats.exclude(board=board).exists():
        messages.error(
            request,
            f"{agency.name} also sits on other boards, so its name is theirs too and was not changed. "
            "Remove it from this board and add the agency under the right name instead.",
        )
        return redirect(_board_page(board, "agencies"))
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the agency {agency.name}.")
        return redirect(_board_page(board, "agencies"))
    return render_form_page(
        request, form, title=f"Edit member agency {agency.name}", cancel_url=_board_page(board, "agencies"), board=board
    )


def seat_remove(request, pk):
    """The agency leaves the board (it stays known to the site and to other boards); the removal is in history."""
    seat = get_to_edit(BoardAgency.objects.select_related("agency", "board"), request.user, pk)
    board = seat.board
    if refused := post_only(request):
        return refused
    seat.delete()
    messages.success(request, f"{seat.agency.name} no longer sits on {board.short_name}.")
    return redirect(_board_page(board, "agencies"))
