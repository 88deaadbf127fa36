from django.db.models import Prefetch
from django.shortcuts import render

from boards.access import boards_readable_by
from plans.models import Objective

from .access import get_review_for_user


def review_detail(request, pk):
    """A review and its findings, with the objectives of the user's boards that cite it."""
    review = get_review_for_user(request.user, pk)
    visible = Objective.objects.filter(plan__board__in=boards_readable_by(request.user)).select_related(
        "plan__board", "section"
    )
    context = {
        "review": review,
        "findings": review.findings.prefetch_related(Prefetch("objectives", queryset=visible, to_attr="visible_objectives")),
        "objectives": visible.filter(sources=review).order_by("plan__board__name", "plan", "order"),
    }
    return render(request, "reviews/review_detail.html", context)
