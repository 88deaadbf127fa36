"""Which reviews a user may see: their boards' own, and the national ones if they hold a role on any board.
Someone with no board sees no review at all, national ones included (not even existence is revealed)."""

from django.db.models import Exists, Q
from django.shortcuts import get_object_or_404

from boards.access import boards_readable_by

from .models import Review


def reviews_visible_to(user):
    """Reviews of the user's boards, and the national ones when the user has any board (the "has a board?"
    test is an EXISTS inside the same query, not a read of its own)."""
    boards = boards_readable_by(user)
    return Review.objects.filter(Q(board__in=boards) | (Q(board__isnull=True) & Exists(boards)))


def get_review_for_user(user, pk):
    """A review of one of the user's boards, or a national one if the user has any board; otherwise 404."""
    return get_object_or_404(reviews_visible_to(user).select_related("board"), pk=pk)
