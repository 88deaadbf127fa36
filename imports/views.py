"""A board manager brings an existing plan in from an XLSX, CSV or DOCX file: upload, preview, confirm.

Every view finds the board through `get_board_for_user(..., write=True)` first (404 for another board or none,
403 for a read-only role), and an import only through its board. Nothing of the plan is created before the
manager confirms the preview; the confirmation creates all of it in one transaction, or nothing (the preview
is kept). A large file is read by a worker (jobs.py): the import page and its progress endpoint only show how
far it has got, and never start a read."""

from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from boards.access import get_board_for_user
from imports import jobs, safety
from lscb.dates import validate_in_range
from lscb.forms import PlanPeriodForm
from lscb.progress import DONE, FAILED, RUNNING, progress_json
from plans.forms import DateInput
from plans.models import Plan, PlanImport

from .building import NotConfirmable, create_plan
from .cleanup import remove_stale_imports
from .problems import ImportProblem
from .template import template_xlsx

# files with more table rows than this are read by a worker (jobs.py), with a progress bar; smaller ones at once
READ_AT_ONCE_ROWS = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(PlanPeriodForm):
    field_order = ["file", "title", "kind", "period_start", "period_end", "status", "progress_as_at"]

    file = forms.FileField(
        label="The plan's file",
        help_text="An Excel workbook (.xlsx), a CSV file saved as CSV UTF-8, or a Word document (.docx), "
        f"of at most {safety.MAX_BYTES // 1024 // 1024} MB. The plan must be a table with an Outcomes "
        "column.",
        error_messages={"required": "Choose the file the plan is in."},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.docx"}),
    )
    kind = forms.ChoiceField(choices=Plan.Kind.choices, label="Kind of plan")
    status = forms.ChoiceField(choices=Plan.Status.choices, initial=Plan.Status.DRAFT)
    progress_as_at = forms.DateField(
        widget=DateInput(),
        required=False,
        label="Progress as at (optional)",
        validators=[validate_in_range],
        help_text="The date the file's Progress column reports as at, if its heading does not say "
        "(a heading like 'Progress September 2010' says 30 September 2010).",
        error_messages={"invalid": "Enter the date, for example 2010-09-30."},
    )

    def clean_progress_as_at(self):
        as_at = self.cleaned_data["progress_as_at"]
        if as_at and as_at > timezone.localdate():
            raise ValidationError("Progress cannot be reported as at a future date.")
        return as_at

    def clean(self):
        cleaned = super().clean()  # the period (PlanPeriodForm)
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > safety.MAX_BYTES:
                self.add_error(
                    "file",
                    f"{safety.clean_name(upload.name)} is {upload.size / 1024 / 1024:.1f} MB: "
                    f"the limit is {safety.MAX_BYTES // 1024 // 1024} MB.",
                )
            else:
                try:
                    self.upload = safety.check_upload(upload.name, upload.read(safety.MAX_BYTES + 1))
                except ImportProblem as problem:
                    self.add_error("file", str(problem))
        return cleaned

    def options(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "status": data["status"],
            "period_start": data["period_start"].isoformat(),
            "period_end": data["period_end"].isoformat(),
            "progress_as_at": data["progress_as_at"].isoformat() if data["progress_as_at"] else None,
        }


class ConfirmForm(forms.Form):
    """One tick box per source code the board's source key lacks, with the title to give the new source."""

    def __init__(self, *args, unknown_sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unknown = list(unknown_sources)
        for index, source in enumerate(self.unknown):
            self.fields[f"create_{index}"] = forms.BooleanField(
                required=False, initial=True, label=f"Create the source {source['code']}"
            )
            self.fields[f"title_{index}"] = forms.CharField(
                required=False,
                max_length=300,
                initial=source["title"] or source["code"],
                label=f"Title of {source['code']}",
            )

    def rows(self):
        return [(source, self[f"create_{i}"], self[f"title_{i}"]) for i, source in enumerate(self.unknown)]

    def sources_to_create(self):
        return {
            source["code"]: self.cleaned_data[f"title_{i}"] or source["code"]
            for i, source in enumerate(self.unknown)
            if self.cleaned_data[f"create_{i}"]
        }


def get_import_for_user(user, slug, pk):
    """The import, found through a board the user manages (another board's import: 404; not manager: 403)."""
    board = get_board_for_user(user, slug, write=True)
    return get_object_or_404(PlanImport.objects.select_related("board", "plan"), pk=pk, board=board)


def import_start(request, slug):
    board = get_board_for_user(request.user, slug, write=True)
    if request.method == "POST":
        remove_stale_imports()  # one DELETE: cleans up where no cron runs `manage.py clean_imports`
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.upload
        plan_import = PlanImport(
            board=board,
            created_by=request.user,
            file_name=upload.name,
            file_kind=upload.kind,
            options=form.options(),
            rows_total=upload.rows_estimate,
        )
        if upload.rows_estimate <= READ_AT_ONCE_ROWS:
            try:  # under a time limit, in a child process: a file can stall the request for so long only
                preview = jobs.read_at_once(upload, board, plan_import.options)
            except ImportProblem as problem:
                form.add_error("file", str(problem))
                return _start_page(request, board, form)
            plan_import.preview = preview
            plan_import.status = PlanImport.Status.READY
            plan_import.rows_read = plan_import.rows_total
        else:
            plan_import.file_data = upload.data  # waiting (QUEUED) for a worker: jobs.read_plan_import
        plan_import.save()
        if plan_import.status == PlanImport.Status.QUEUED:
            jobs.queue_reading(plan_import.pk)
        return redirect("imports:detail", slug, plan_import.pk)
    return _start_page(request, board, form)


def _start_page(request, board, form):
    recent = board.plan_imports.exclude(status=PlanImport.Status.IMPORTED).defer("file_data", "preview")[:5]
    return render(
        request,
        "imports/start.html",
        {
            "board": board,
            "form": form,
            "recent": recent,
            "max_mb": safety.MAX_BYTES // 1024 // 1024,
            "max_rows": f"{safety.MAX_ROWS:,}",
            "max_columns": safety.MAX_COLUMNS,
            "keep_days": settings.IMPORT_KEEP_DAYS,
        },
    )


def import_detail(request, slug, pk):
    plan_import = get_import_for_user(request.user, slug, pk)
    status = PlanImport.Status
    if plan_import.status in (status.QUEUED, status.READING):  # shown, never started here: a worker reads it
        return render(
            request,
            "imports/progress.html",
            {
                "board": plan_import.board,
                "plan_import": plan_import,
                "stopped": jobs.stopped(plan_import),
                "attempts": settings.TASK_ATTEMPTS,
            },
        )
    if plan_import.status == status.IMPORTED and plan_import.plan:
        messages.info(request, f"{plan_import.file_name} has been imported as {plan_import.plan.title}.")
        return redirect("reporting:plan", plan_import.plan.pk)
    form = ConfirmForm(unknown_sources=(plan_import.preview or {}).get("unknown_sources", []))
    return _preview_page(request, plan_import, form)


def _preview_page(request, plan_import, form, status=200):
    options, preview = plan_import.options, plan_import.preview or {}
    return render(
        request,
        "imports/preview.html",
        {
            "board": plan_import.board,
            "plan_import": plan_import,
            "preview": preview,
            "options": options,
            "form": form,
            "kind_label": Plan.Kind(options["kind"]).label,
            "status_label": Plan.Status(options["status"]).label,
            "layout_label": Plan.Layout(preview["layout"]).label if preview else "",
            "period_start": date.fromisoformat(options["period_start"]),
            "period_end": date.fromisoformat(options["period_end"]),
        },
        status=status,
    )


def import_progress(request, slug, pk):
    """How far the reading has got, in the JSON shape of lscb.progress (polled by static/js/progress.js)."""
    # access first: another board's import is a 404 whatever the method
    plan_import = get_import_for_user(request.user, slug, pk)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    status = PlanImport.Status
    state = {status.QUEUED: RUNNING, status.READING: RUNNING, status.FAILED: FAILED}.get(plan_import.status, DONE)
    done, percent = plan_import.rows_read, plan_import.percent
    total = max(plan_import.rows_total, done)  # the total is an estimate until the file has been read
    label, message = plan_import.get_status_display(), f"{done} of about {total} rows read ({percent}%)."
    if jobs.stopped(plan_import):  # its worker died: the import page says so and offers to upload it again
        state, label = FAILED, "Stopped"
        message = f"Reading stopped after {done} of about {total} rows: upload the file again."
    return progress_json(
        state=state,
        label=label,
        done=done,
        total=total,
        percent=percent,
        message=message,
        next_url=reverse("imports:detail", args=[slug, pk]),
    )


def import_confirm(request, slug, pk):
    # access first: another board's import is a 404 whatever the method
    plan_import = get_import_for_user(request.user, slug, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if plan_import.status == PlanImport.Status.IMPORTED and plan_import.plan:
        messages.info(request, "This import had already been confirmed.")
        return redirect("reporting:plan", plan_import.plan.pk)
    if plan_import.status != PlanImport.Status.READY:
        return redirect("imports:detail", slug, pk)
    form = ConfirmForm(request.POST, unknown_sources=plan_import.preview.get("unknown_sources", []))
    if not form.is_valid():
        return _preview_page(request, plan_import, form, status=400)
    try:
        plan = create_plan(plan_import=plan_import, user=request.user, create_sources=form.sources_to_create())
    except (NotConfirmable, ValidationError, DatabaseError) as error:
        plan_import.refresh_from_db()
        detail = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        form.add_error(None, f"Nothing has been imported: {detail}. The preview and your choices are kept below.")
        return _preview_page(request, plan_import, form, status=409)
    counts = plan_import.preview["counts"]
    messages.success(
        request,
        f"Imported {plan.title} from {plan_import.file_name}: {counts['objectives']} "
        f"objectives, {counts['actions']} outcomes, {counts['updates']} progress updates.",
    )
    return redirect("reporting:plan", plan.pk)


@require_GET
def import_template(request):
    response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="plan-import-template.xlsx"'
    return response
