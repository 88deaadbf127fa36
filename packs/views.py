"""Quarterly report packs: start one, watch its progress, download it. Thin: access first (packs.services), then
the form or the pack. Progress is a JSON endpoint (lscb.progress) polled by static/js/progress.js; without
JavaScript the progress page is reloaded by hand (its link says so)."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from lscb.progress import DONE, FAILED, RUNNING, progress_json
from lscb.security import audit

from .forms import PackForm
from .models import ReportPack
from .services import boards_for_pack, boards_packable_by, get_pack_for_user, start_pack

RECENT = 20


def pack_list(request):
    """The user's recent packs, and the form to start one (POST: start it, then show its progress)."""
    boards = list(boards_packable_by(request.user).order_by("name"))
    if request.method == "POST":
        chosen = boards_for_pack(request.user, request.POST.getlist("board"))  # 404 / 403 before anything else
        form = PackForm(request.POST, boards=boards)
        if form.is_valid():
            pack = start_pack(user=request.user, boards=chosen, quarter=form.cleaned_data["quarter"])
            return redirect("packs:detail", pack.pk)
        status = 400
    else:
        chosen = [b.slug for b in boards if b.slug in request.GET.getlist("board")]  # ?board= from a dashboard
        form = PackForm(boards=boards, initial={"board": chosen} if chosen else {})
        status = 200
    packs = ReportPack.objects.filter(created_by=request.user).defer("zip_data")[:RECENT]
    context = {"breadcrumbs": True, "form": form, "boards": boards, "packs": packs}
    return render(request, "packs/pack_list.html", context, status=status)


def pack_detail(request, pk):
    """A pack's progress, then its download link."""
    pack = get_pack_for_user(request.user, pk)
    parts = pack.parts.select_related("board").defer("pdf").order_by("board__name")
    context = {"breadcrumbs": True, "pack": pack, "parts": parts, "attempts": settings.TASK_ATTEMPTS}
    return render(request, "packs/pack_detail.html", context)


def pack_progress(request, pk):
    """How far the pack has got, in the JSON shape of lscb.progress: what the progress bar polls."""
    pack = get_pack_for_user(request.user, pk)
    state = {ReportPack.Status.DONE: DONE, ReportPack.Status.FAILED: FAILED}.get(pack.status, RUNNING)
    label = pack.get_status_display()
    return progress_json(
        state=state,
        label=label,
        done=pack.done,
        total=pack.total,
        percent=pack.percent,
        message=f"{pack.done} of {pack.total} boards done ({pack.percent}%): {label.lower()}.",
        next_url=reverse("packs:detail", args=[pack.pk]),
    )


def pack_download(request, pk):
    """The zip: one PDF per board (404 until it is made)."""
    pack = get_pack_for_user(request.user, pk)
    content = ReportPack.objects.filter(pk=pack.pk).values_list("zip_data", flat=True).get()
    if not pack.finished or content is None:
        return HttpResponse("The pack is not ready yet.", status=404, content_type="text/plain; charset=utf-8")
    boards = ",".join(pack.boards.order_by("slug").values_list("slug", flat=True))
    audit(
        request, "download", what="report pack", pack=pack.pk, quarter=pack.quarter, boards=boards, bytes=len(content)
    )
    response = HttpResponse(bytes(content), content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=pack.zip_name)
    response["Cache-Control"] = "private, no-cache"
    return response
