"""Who may see what. Every view calls one of these first: another board's object is a 404,
a read-only role's write is a 403 (see `require_write`)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Board, Membership

WRITE_ROLES = (Membership.Role.MANAGER,)


def boards_readable_by(user):
    """Boards on which the user holds any role. No role, no board: not even existence is revealed."""
    if not user.is_authenticated:
        return Board.objects.none()
    return Board.objects.filter(memberships__user=user)


def boards_writable_by(user):
    """Boards whose plans the user may edit: those they manage."""
    if not user.is_authenticated:
        return Board.objects.none()
    return Board.objects.filter(memberships__user=user, memberships__role__in=WRITE_ROLES)


def role_on(user, board):
    """The user's role on the board, or None."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, board=board).values_list("role", flat=True).first()


def require_write(user, board):
    """Raise 403 unless the user manages the board. Call after the object was found through a scoped query."""
    if not boards_writable_by(user).filter(pk=board.pk).exists():
        raise PermissionDenied("You may read this board's plans but not change them.")


def get_board_for_user(user, slug):
    """The board, if the user holds a role on it; otherwise 404."""
    return get_object_or_404(boards_readable_by(user), slug=slug)
