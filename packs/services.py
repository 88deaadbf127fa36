"""Who may make packs, starting one, and finding one: every view calls these first.

Packs are printing: the board managers, chairs and auditors of a board may make its pack (a chair prints the
board's reports; an auditor reads across the boards granted). A lead officer may not (403); someone with no role
on a board gets 404 for it, whatever slug is typed. A pack is seen only by the person who asked for it, and only
while they can still read every board in it."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404

from boards.access import Permissions, boards_readable_by, roles_that_may
from boards.models import Board, Membership

from .models import ReportPack, ReportPackPart


def boards_packable_by(user):
    """Boards whose quarterly pack the user may make."""
    if not user.is_authenticated:
        return Board.objects.none()
    return Board.objects.filter(memberships__user=user, memberships__role__in=roles_that_may("start_pack"))


def boards_for_pack(user, slugs):
    """The boards named by `slugs`, in name order: Http404 for any the user holds no role on, PermissionDenied for
    any on which their role may not make packs."""
    slugs = sorted(set(slugs))
    roles = dict(Membership.objects.filter(user=user, board__slug__in=slugs).values_list("board__slug", "role"))
    if any(slug not in roles for slug in slugs):
        raise Http404("No such board.")
    for role in roles.values():
        Permissions.of(role).require("start_pack")
    return list(Board.objects.filter(slug__in=slugs).order_by("name"))


@transaction.atomic
def start_pack(*, user, boards, quarter):
    """Create the pack and one part per board, and queue one task per part (in this transaction: with the
    database backend a worker sees them only once all is committed), the boards with most to print first: workers
    take tasks in the order queued, so the long ones are not left to the end, one worker busy and the others idle."""
    from .rendering import outcomes_to_print
    from .tasks import render_part

    if not boards:
        raise ValueError("A report pack needs at least one board: a pack of none would never finish.")
    pack = ReportPack.objects.create(created_by=user, quarter=quarter.code, total=len(boards))
    parts = ReportPackPart.objects.bulk_create(ReportPackPart(pack=pack, board=board) for board in boards)
    outcomes = outcomes_to_print(boards, quarter)
    for part in sorted(parts, key=lambda part: -outcomes[part.board_id]):  # stable: ties in name order
        render_part.enqueue(part.pk)
    return pack


def get_pack_for_user(user, pk):
    """The user's own pack (404 for anyone else's, and once they no longer read one of its boards)."""
    unreadable = Board.objects.exclude(pk__in=boards_readable_by(user).values("pk"))
    return get_object_or_404(
        ReportPack.objects.defer("zip_data").exclude(parts__board__in=unreadable),
        pk=pk,
        created_by=user,
    )
