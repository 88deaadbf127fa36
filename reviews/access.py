from django.shortcuts import get_object_or_404

from boards.access import boards_readable_by

from .models import Review


def get_review_for_user(user, pk):
    """A review of one of the user's boards, or a national one if the user has any board; otherwise 404."""
    boards = boards_readable_by(user)
    if not boards.exists():
        return get_object_or_404(Review.objects.none(), pk=pk)
    return get_object_or_404(Review.objects.visible_to(boards).select_related("board"), pk=pk)
