"""Which reviews a user may see: their boards' own, and the national ones if they hold a role on any board.
Someone with no board sees no review at all, national ones included (not even existence is revealed)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Q
from django.shortcuts import get_object_or_404

from boards.access import Permissions, boards_readable_by
from boards.models import Membership

from .models import Finding, Review


def reviews_visible_to(user):
    """Reviews of the user's boards, and the national ones when the user has any board (the "has a board?"
    test is an EXISTS inside the same query, not a read of its own)."""
    boards = boards_readable_by(user)
    return Review.objects.filter(Q(board__in=boards) | (Q(board__isnull=True) & Exists(boards)))


def get_review_for_user(user, pk):
    """A review of one of the user's boards, or a national one if the user has any board; otherwise 404."""
    return get_object_or_404(reviews_visible_to(user).select_related("board"), pk=pk)


def require_keeper(user, review):
    """403 unless the user may keep this review: a local review by a manager of its board. National reviews are
    kept by the site's administrators (they are every board's)."""
    if review.is_national:
        raise PermissionDenied("National reviews are shared by every board; the site's administrators keep them.")
    role = Membership.objects.filter(user=user, board_id=review.board_id).values_list("role", flat=True).first()
    Permissions.of(role).require("edit")


def get_review_to_keep(user, pk):
    """A review the user may see (404 otherwise) and keep (403 otherwise)."""
    review = get_review_for_user(user, pk)
    require_keeper(user, review)
    return review


def get_finding_to_keep(user, pk):
    """A finding of a review the user may see (404 otherwise) and keep (403 otherwise)."""
    finding = get_object_or_404(
        Finding.objects.filter(review__in=reviews_visible_to(user)).select_related("review__board"), pk=pk
    )
    require_keeper(user, finding.review)
    return finding
