"""A board manager keeps the plan current: plans, sections, objectives, their order and numbers.
Every view finds its object through a scoped helper first (404 for another board, 403 for a read-only role)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from boards.access import REFUSALS, get_board_for_user, get_to_edit, roles_that_may
from boards.models import Board
from lscb.concurrency import save_or_report_conflict
from lscb.forms import render_form_page
from lscb.http import post_only
from reviews.access import reviews_visible_to
from reviews.models import Finding

from .access import get_objective_for_user, get_plan_for_user
from .forms import LinkFindingForm, ObjectiveForm, PlanForm, RiskForm, SectionForm
from .models import Objective, Plan, Risk
from .numbering import move, next_number, next_order


def plan_create(request, slug):
    board = get_board_for_user(request.user, slug, write=True)
    form = PlanForm(request.POST or None, instance=Plan(board=board))
    if request.method == "POST" and form.is_valid():
        plan = form.save_versioned(request.user)
        messages.success(request, f"Created {plan.title}.")
        return redirect("reporting:plan", plan.pk)
    return render_form_page(
        request,
        form,
        title="New plan",
        cancel_url=reverse("reporting:board", args=[slug]),
        board=board,
    )


def plan_edit(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid() and save_or_report_conflict(form, request.user):
        messages.success(request, "Saved the plan's details.")
        return redirect("reporting:plan", plan.pk)
    return render_form_page(
        request,
        form,
        title=f"Edit {plan.title}",
        cancel_url=reverse("reporting:plan", args=[pk]),
        board=plan.board,
        plan=plan,
    )


def section_create(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    form = SectionForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        section = form.save(commit=False)
        section.plan = plan
        section.order = next_order(plan.sections.values_list("order", flat=True))
        section._history_user = request.user
        section.save()
        messages.success(request, f"Added the section {section.title}.")
        return redirect("reporting:plan", plan.pk)
    return render_form_page(
        request,
        form,
        title="New section or theme",
        cancel_url=reverse("reporting:plan", args=[pk]),
        board=plan.board,
        plan=plan,
    )


def objective_create(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    siblings = plan.objectives.all()
    objective = Objective(
        plan=plan,
        order=next_order(siblings.values_list("order", flat=True)),
        joined_on=timezone.localdate(),  # part of the plan from today: reports as at earlier dates leave it out
    )
    initial = {"number": next_number("", siblings.values_list("number", flat=True))}
    form = ObjectiveForm(request.POST or None, instance=objective, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        objective = form.save_versioned(request.user)
        messages.success(request, f"Added objective {objective.number}.")
        return redirect(objective_on_plan_page(objective))
    return render_form_page(
        request,
        form,
        title=f"New objective in {plan.title}",
        board=plan.board,
        plan=plan,
        cancel_url=reverse("reporting:plan", args=[pk]),
    )


def objective_edit(request, pk):
    objective = get_objective_for_user(request.user, pk, write=True)
    plan = objective.plan
    form = ObjectiveForm(request.POST or None, instance=objective, plan=plan)
    if request.method == "POST" and form.is_valid() and save_or_report_conflict(form, request.user):
        messages.success(request, f"Saved objective {objective.number}.")
        return redirect(objective_on_plan_page(objective))
    return render_form_page(
        request,
        form,
        title=f"Edit objective {objective.number}",
        board=plan.board,
        plan=plan,
        cancel_url=reverse("reporting:plan", args=[plan.pk]),
    )


def objective_on_plan_page(objective):
    """The plan page at the objective. One that joined an ended plan later (shown by default as at its last
    progress date, when the objective was not yet part of it): as at today, where it is."""
    url = reverse("reporting:plan", args=[objective.plan_id])
    today = timezone.localdate()
    if objective.joined_on and today > objective.plan.period_end:
        url += f"?as_at={today.isoformat()}"
    return url + f"#objective-{objective.pk}"


def objective_move(request, pk, direction):
    objective = get_objective_for_user(request.user, pk, write=True)
    if refused := post_only(request):
        return refused
    moved = move(objective, objective.plan.objectives.all(), -1 if direction == "up" else 1, request.user)
    if moved:
        messages.success(
            request,
            f"Moved objective {objective.number} {direction}. Its number is unchanged; "
            "renumber the plan when the order is right.",
        )
    return redirect(objective_on_plan_page(objective))


def finding_link(request, pk):
    """A manager links a finding that no objective answers to one of their board's objectives (from the review
    page), ticking its review as a source of the objective too, as the objective form requires."""
    finding = get_object_or_404(Finding.objects.filter(review__in=reviews_visible_to(request.user)), pk=pk)
    boards = Board.objects.filter(memberships__user=request.user, memberships__role__in=roles_that_may("edit"))
    if finding.review.board_id is not None:
        boards = boards.filter(pk=finding.review.board_id)
    objectives = Objective.objects.filter(plan__board__in=boards).select_related("plan")
    if not boards.exists():
        raise PermissionDenied(REFUSALS["edit"])
    if refused := post_only(request):
        return refused
    form = LinkFindingForm(request.POST, objectives=objectives)
    back = reverse("reporting:review", args=[finding.review_id]) + f"#finding-{finding.pk}"
    if not form.is_valid():
        messages.error(request, f"Finding {finding.number} was not linked: {' '.join(form.errors['objective'])}")
        return redirect(back)
    objective = form.cleaned_data["objective"]
    with transaction.atomic():
        objective.sources.add(finding.review_id)
        objective.findings.add(finding)
    messages.success(request, f"Finding {finding.number} is now answered by objective {objective.number}.")
    return redirect(back)


def risk_create(request, pk):
    plan = get_plan_for_user(request.user, pk, write=True)
    order = (plan.risks.aggregate(top=Max("order"))["top"] or 0) + 1
    form = RiskForm(request.POST or None, instance=Risk(plan=plan, order=order), plan=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Added the key risk.")
        return redirect(reverse("reporting:plan", args=[plan.pk]) + "#key-risks")
    return render_form_page(
        request,
        form,
        title=f"New key risk of {plan.title}",
        board=plan.board,
        plan=plan,
        cancel_url=reverse("reporting:plan", args=[plan.pk]) + "#key-risks",
    )


def risk_edit(request, pk):
    risk = get_to_edit(Risk.objects.select_related("plan__board"), request.user, pk, board="plan__board")
    plan = risk.plan
    form = RiskForm(request.POST or None, instance=risk, plan=plan)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved the key risk.")
        return redirect(reverse("reporting:plan", args=[plan.pk]) + "#key-risks")
    return render_form_page(
        request,
        form,
        title="Edit key risk",
        board=plan.board,
        plan=plan,
        cancel_url=reverse("reporting:plan", args=[plan.pk]) + "#key-risks",
    )


def objective_delete(request, pk):
    """A wrongly created objective goes, with its outcomes, when none has progress; one with progress is
    withdrawn instead, so that past reports keep it. The deletion is on the plan's history."""
    objective = get_objective_for_user(request.user, pk, write=True)
    plan = objective.plan
    back = reverse("reporting:plan", args=[plan.pk]) + f"#objective-{objective.pk}"
    outcomes = list(objective.actions.order_by("order", "id"))
    recorded = [a.number for a in objective.actions.filter(updates__isnull=False).distinct().order_by("order", "id")]
    refusal = ""
    if recorded:
        refusal = (
            f"Objective {objective.number} cannot be deleted: progress is recorded on outcome"
            f"{'s' if len(recorded) > 1 else ''} {', '.join(recorded)}. Withdraw it instead, so that its history "
            "and past reports keep it."
        )
    if request.method == "POST" and not refusal:
        objective.delete()
        messages.success(request, f"Deleted objective {objective.number}. The deletion is on the plan's history.")
        return redirect("reporting:plan", plan.pk)
    context = {
        "title": f"Delete objective {objective.number}",
        "what": f"Delete objective {objective.number} ({objective.display_title[:120]}) from {plan.title}?",
        "goes_with": [f"Outcome {a.number}: {a.text[:100]}" for a in outcomes],
        "refusal": refusal,
        "submit_label": f"Delete objective {objective.number}",
        "cancel_url": back,
        "board": plan.board,
        "plan": plan,
    }
    return render(request, "confirm_delete.html", context, status=409 if refusal and request.method == "POST" else 200)
