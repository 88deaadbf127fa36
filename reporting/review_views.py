"""The reviews of the user's boards (and the national ones), and what became of each review's findings."""

from urllib.parse import urlencode

from django.db.models import Count
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse

from actions.as_at import AsAtForm
from boards.access import boards_readable_by, roles_that_may
from boards.models import Membership
from lscb.security import audit
from plans.models import Objective
from reviews.access import get_review_for_user, reviews_visible_to

from . import pdf, review_exports
from .trace import Summary, review_page, trace_review


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
        "keeps": _boards_kept_by(request.user),
        "local": [r for r in reviews if not r.is_national],
        "national": [r for r in reviews if r.is_national],
    }
    return render(request, "reporting/review_list.html", context)


def _boards_kept_by(user):
    """The boards whose reviews the user keeps (manages), by name: one query."""
    return [
        m.board
        for m in Membership.objects.filter(user=user, role__in=roles_that_may("edit"))
        .select_related("board")
        .order_by("board__name")
    ]


def _offer_links(trace, kept):
    """Give each board column the user keeps `link_objectives`, the board's objectives a finding answered by no
    objective may be linked to (plans:finding_link): one query, and none when no finding is unanswered there."""
    columns = [c for c in trace.columns if c.board.pk in kept]
    unanswered = any(not cell.objectives for row in trace.rows for cell in row.cells if cell.board.pk in kept)
    if not (columns and unanswered):
        return
    by_board = {c.board.pk: [] for c in columns}
    for objective in (
        Objective.objects.filter(plan__board__in=[c.board.pk for c in columns])
        .select_related("plan")
        .order_by("plan__title", "order", "id")
    ):
        by_board[objective.plan.board_id].append(objective)
    for column in columns:
        column.board.link_objectives = by_board[column.board.pk]


def _as_at(request):
    """(the date asked for by `?as_at=` or None, the problems with it as sentences)."""
    form = AsAtForm(request.GET or None)
    if not form.is_bound:
        return None, []
    if form.is_valid():
        return form.cleaned_data["as_at"], []
    given = request.GET.get("as_at", "")
    return None, [f"As at: “{given[:40]}” is not a date. {' '.join(form.errors['as_at'])}"]


def _responses(review, user, board=None):
    """What the user's boards (or the one asked for, by slug) wrote of a review (a national one), never another
    board's words."""
    responses = review.board_responses.filter(board__in=boards_readable_by(user))
    if board is not None:
        responses = responses.filter(board__slug=board)
    return responses.select_related("board")


def _query(board, chosen):
    """'?board=...&as_at=...' for the links that keep what the page shows (the exports, the date form), or ''."""
    params = {"board": board, "as_at": chosen.isoformat() if chosen else None}
    given = urlencode({key: value for key, value in params.items() if value})
    return f"?{given}" if given else ""


def _board(request):
    """The board asked for by `?board=` (a slug), or None for every board shown."""
    return request.GET.get("board") or None


def review_detail(request, pk):
    """A review, its findings, and per board the user may see the objectives and actions answering each one,
    with status and RAG as at `?as_at=` (or each plan's own date) and the share achieved; for more boards than
    fit side by side, a summary per board and per finding, each board linking to its own trace (`?board=`)."""
    review = get_review_for_user(request.user, pk)
    chosen, problems = _as_at(request)
    problems = [f"{problem} Each plan is shown as at its own date instead." for problem in problems]
    board = _board(request)
    shown = review_page(review, request.user, chosen, board)
    kept = {kept_board.pk for kept_board in _boards_kept_by(request.user)}
    summary = shown if isinstance(shown, Summary) else None
    if summary is None:
        _offer_links(shown, kept)
    context = {
        "breadcrumbs": True,
        "review": review,
        "may_keep": review.board_id in kept,
        "trace": None if summary else shown,
        "summary": summary,
        "board": board,
        "query": _query(board, chosen),
        "responses": _responses(review, request.user, board),
        "chosen": chosen,
        "problems": problems,
        # a summary's rows link each board to its own trace: the link's start and end, made once
        "board_link": f"{reverse('reporting:review', args=[review.pk])}?board=",
        "board_link_tail": f"&as_at={chosen.isoformat()}" if chosen else "",
    }
    return render(request, "reporting/review_detail.html", context)


def _export_trace(request, pk):
    """(review, trace, None), or (review, None, a 405 or a 400 naming the date that could not be read): access
    first, as on the page (another board's local review is a 404), then the method, then the date."""
    review = get_review_for_user(request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return review, None, HttpResponseNotAllowed(["GET", "HEAD"])
    chosen, problems = _as_at(request)
    if problems:  # the file has no place to say so: nothing is exported
        message = f"{problems[0]} Nothing was exported."
        return review, None, HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return review, trace_review(review, request.user, chosen, _board(request)), None


def review_csv(request, pk):
    """The review page's trace as CSV for an inspector's evidence file: one row per finding, objective and
    outcome, of the user's boards only (of the one board asked for by `?board=`)."""
    review, trace, refused = _export_trace(request, pk)
    if refused:
        return refused
    response = review_exports.csv_response(trace)
    audit(request, "export", what="review trace CSV", review=review.code, as_at=trace.as_at.chosen or "(plans' own)")
    return response


def review_pdf(request, pk):
    """The same as a tagged PDF (PDF/UA-1), to print or file."""
    review, trace, refused = _export_trace(request, pk)
    if refused:
        return refused
    content = pdf.html_to_pdf(review_exports.trace_html(trace, _responses(review, request.user, _board(request))))
    audit(
        request,
        "download",
        what="review trace PDF",
        review=review.code,
        as_at=trace.as_at.chosen or "(plans' own)",
        bytes=len(content),
    )
    return review_exports.pdf_response(content, review)
