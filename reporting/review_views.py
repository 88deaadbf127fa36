"""The reviews of the user's boards (and the national ones), and what became of each review's findings."""

from django.db.models import Count
from django.shortcuts import render

from actions.as_at import AsAtForm
from boards.access import boards_readable_by
from plans.models import Objective
from reviews.access import get_review_for_user, reviews_visible_to

from .trace import trace_review


def review_list(request):
    """Every review the user may see: their boards' own, then the national ones; with how many findings each
    has and how many objectives of the user's boards cite it."""
    boards = boards_readable_by(request.user)
    reviews = list(
        reviews_visible_to(request.user)
        .select_related("board")
        .annotate(finding_count=Count("findings", distinct=True))
        .order_by("board__name", "date", "code")
    )
    citing = dict(
        Objective.sources.through.objects.filter(objective__plan__board__in=boards)
        .values("review_id")
        .annotate(n=Count("objective_id"))
        .values_list("review_id", "n")
    )
    for review in reviews:
        review.citing_count = citing.get(review.pk, 0)
    context = {
        "breadcrumbs": True,
        "local": [r for r in reviews if not r.is_national],
        "national": [r for r in reviews if r.is_national],
    }
    return render(request, "reporting/review_list.html", context)


def review_detail(request, pk):
    """A review, its findings, and per board the user may see the objectives and actions answering each one,
    with status and RAG as at `?as_at=` (or each plan's own date) and the share achieved."""
    review = get_review_for_user(request.user, pk)
    form = AsAtForm(request.GET or None)
    chosen = form.cleaned_data["as_at"] if form.is_bound and form.is_valid() else None
    problems = []
    if form.is_bound and not form.is_valid():
        given = request.GET.get("as_at", "")
        problems = [
            f"As at: “{given[:40]}” is not a date. {' '.join(form.errors['as_at'])} "
            "Each plan is shown as at its own date instead."
        ]
    context = {
        "breadcrumbs": True,
        "review": review,
        "trace": trace_review(review, request.user, chosen),
        # what the user's boards wrote of a national review, never another board's words
        "responses": review.board_responses.filter(board__in=boards_readable_by(request.user)).select_related("board"),
        "chosen": chosen,
        "problems": problems,
    }
    return render(request, "reporting/review_detail.html", context)
