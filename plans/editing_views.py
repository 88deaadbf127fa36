"""A board manager keeps the plan current: plans, sections, objectives, their order and numbers.
Every view finds its object through a scoped helper first (404 for another board, 403 for a read-only role)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from boards.access import get_board_for_user
from lscb.concurrency import save_or_report_conflict
from lscb.forms import render_form_page
from lscb.http import post_only

from .access import get_objective_for_user, get_plan_for_user
from .forms import ObjectiveForm, PlanForm, SectionForm
from .models import Objective, Plan
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
