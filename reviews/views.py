"""A board manager keeps the board's reviews and their findings. Access first (another board's review is a 404,
a read-only role or a national review a 403); the history of each write is kept by simple-history."""

from django.contrib import messages
from django.db.models import Max
from django.shortcuts import redirect
from django.urls import reverse

from boards.access import get_board_for_user
from lscb.forms import render_form_page

from .access import get_finding_to_keep, get_review_to_keep
from .forms import FindingForm, ReviewForm
from .models import Finding, Review


def review_create(request, slug):
    board = get_board_for_user(request.user, slug, write=True)
    form = ReviewForm(request.POST or None, instance=Review(board=board))
    if request.method == "POST" and form.is_valid():
        review = form.save()
        messages.success(request, f"Added the review {review.code}. Add its findings below.")
        return redirect("reporting:review", review.pk)
    return render_form_page(
        request,
        form,
        title=f"New review of {board.short_name}",
        cancel_url=reverse("reporting:board", args=[slug]),
        board=board,
    )


def review_edit(request, pk):
    review = get_review_to_keep(request.user, pk)
    form = ReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the review {review.code}.")
        return redirect("reporting:review", review.pk)
    return render_form_page(
        request,
        form,
        title=f"Edit review {review.code}",
        cancel_url=reverse("reporting:review", args=[pk]),
        board=review.board,
    )


def finding_create(request, pk):
    review = get_review_to_keep(request.user, pk)
    order = (review.findings.aggregate(top=Max("order"))["top"] or 0) + 1
    form = FindingForm(request.POST or None, instance=Finding(review=review, order=order))
    if request.method == "POST" and form.is_valid():
        finding = form.save()
        messages.success(request, f"Added finding {finding.number} to {review.code}.")
        return redirect(reverse("reporting:review", args=[review.pk]) + f"#finding-{finding.pk}")
    return render_form_page(
        request,
        form,
        title=f"New finding of {review.code}",
        cancel_url=reverse("reporting:review", args=[pk]),
        board=review.board,
    )


def finding_edit(request, pk):
    finding = get_finding_to_keep(request.user, pk)
    review = finding.review
    form = FindingForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved finding {finding.number} of {review.code}.")
        return redirect(reverse("reporting:review", args=[review.pk]) + f"#finding-{finding.pk}")
    return render_form_page(
        request,
        form,
        title=f"Edit finding {finding.number} of {review.code}",
        cancel_url=reverse("reporting:review", args=[review.pk]),
        board=review.board,
    )
