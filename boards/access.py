"""Who may see what. Every view calls one of these (or a per-model helper built on them) first:
another board's object is a 404, a read-only role's write is a 403 (see `require_manager`)."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404

from .models import Board, Membership

WRITE_ROLES = (Membership.Role.MANAGER,)


def boards_readable_by(user):
    """Boards on which the user holds any role. No role, no board: not even existence is revealed."""
    if not user.is_authenticated:
        return Board.objects.none()
    return Board.objects.filter(memberships__user=user)


def with_role(queryset, user, board="board"):
    """`queryset` narrowed to the objects whose board (reached by `board`) the user holds a role on, each with
    `role`, the user's role on it: one join, and at most one row an object (a user holds one role a board)."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{f"{board}__memberships__user": user}).annotate(role=F(f"{board}__memberships__role"))


def role_on(user, board):
    """The user's role on the board, or None."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, board=board).values_list("role", flat=True).first()


def is_manager(user, board):
    return role_on(user, board) in WRITE_ROLES


def require_manager(user, board):
    """403 unless the user manages the board. Call after the object was found through a scoped query (404 first)."""
    require_write_role(role_on(user, board))


def require_write_role(role):
    """403 unless `role` (the user's role on a board, read with the object) may change the board's plans."""
    if role not in WRITE_ROLES:
        raise PermissionDenied("You may read this board's plans but not change them.")


def get_board_for_user(user, slug, write=False):
    """The board, if the user holds a role on it (404 otherwise); with write=True, 403 unless they manage it."""
    board = get_object_or_404(boards_readable_by(user), slug=slug)
    if write:
        require_manager(user, board)
    return board
