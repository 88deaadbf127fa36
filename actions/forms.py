import uuid

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from boards.access import lead_users_of
from lscb.concurrency import VersionedFormMixin
from lscb.forms import DateInput

from .models import RAG, Action, ProgressUpdate, Status
from .timescales import due_date_from

MAX_EVIDENCE_BYTES = getattr(settings, "MAX_EVIDENCE_BYTES", 10 * 1024 * 1024)
EVIDENCE_TYPES = {  # extension -> the content types a browser may send for it
    "pdf": {"application/pdf"},
    "docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    "xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    "odt": {"application/vnd.oasis.opendocument.text"},
    "ods": {"application/vnd.oasis.opendocument.spreadsheet"},
    "png": {"image/png"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "txt": {"text/plain"},
    "csv": {"text/csv", "text/plain", "application/vnd.ms-excel"},
}
MAGIC = {
    "pdf": b"%PDF",
    "docx": b"PK",
    "xlsx": b"PK",
    "odt": b"PK",
    "ods": b"PK",
    "png": b"\x89PNG",
    "jpg": b"\xff\xd8",
    "jpeg": b"\xff\xd8",
}


class ActionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "number",
            "text",
            "method",
            "lead",
            "lead_user",
            "subgroup",
            "timescale",
            "due_date",
            "resources",
            "budget",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "method": forms.Textarea(attrs={"rows": 3}),
            "lead": forms.Textarea(attrs={"rows": 2}),
            "timescale": forms.Textarea(attrs={"rows": 2}),  # as written, on several lines where the plan has them
            "resources": forms.Textarea(attrs={"rows": 2}),
            "due_date": DateInput(),
        }
        labels = {
            "text": "Outcome",
            "lead": "Lead officer (as written)",
            "lead_user": "Lead user (records progress)",
            "subgroup": "Reports to",
            "timescale": "Time scale (as written)",
            "budget": "Budget (£)",
        }
        help_texts = {"due_date": "Leave empty to read it from the time scale ('Dec 2010' is due 31 December 2010)."}
        error_messages = {
            "number": {"required": "Give the outcome a number as the plan writes it, for example 4.2."},
            "text": {"required": "Write the outcome as the plan states it."},
            "due_date": {"invalid": "Enter the due date as a date, for example 2010-12-31."},
            "budget": {"invalid": "Enter the budget in pounds, for example 40000."},
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_user"].queryset = lead_users_of(board).order_by("username")
        self.fields["lead_user"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.fields["subgroup"].queryset = board.subgroups.all()

    def clean(self):
        """An empty due date is read from the time scale as written, or else from the objective's."""
        cleaned = super().clean()
        if not cleaned.get("due_date") and cleaned.get("timescale"):
            objective_timescale = self.instance.objective.timescale if self.instance.objective_id else ""
            cleaned["due_date"] = due_date_from(cleaned["timescale"]) or due_date_from(objective_timescale)
        if {"timescale", "resources"} & set(self.changed_data):
            self.instance.timescale_resources = ""  # the document's cell no longer says what the action does
        return cleaned


class AlreadySubmitted(Exception):
    """The form was sent before (a double click, a resubmitted sheet): its update is already stored, once."""


class ProgressUpdateForm(forms.ModelForm):
    """One progress update. Never edited afterwards: a correction is a new update naming the one it corrects.

    Each rendered form carries a one-time token (`submission`), stored with the update under a unique constraint
    (action, submission): the same form sent twice, even at the same moment, stores one update, and the second
    sending raises AlreadySubmitted. A post without a token is stored as sent."""

    submission = forms.UUIDField(
        required=False,
        initial=uuid.uuid4,
        widget=forms.HiddenInput,
        error_messages={"invalid": "This form could not be matched to the page it came from: reload the page."},
    )

    evidence_url = forms.URLField(
        label="Evidence link",
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the evidence link as a full web address starting https://."},
    )

    class Meta:
        model = ProgressUpdate
        fields = ["as_at", "status", "rag", "narrative", "evidence", "evidence_url", "evidence_file"]
        widgets = {
            "as_at": DateInput(),
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"as_at": "Progress as at", "rag": "RAG rating", "evidence_file": "Evidence file"}
        help_texts = {
            "as_at": (
                "The date this progress is reported as at. "
                "A date in a past quarter is allowed and is shown as recorded late."
            ),
            "rag": "Red: off track. Amber: at risk. Green: on track. Blue: complete.",
            "evidence_file": "PDF, Word, Excel, OpenDocument, image, text or CSV, up to 10 MB.",
        }
        error_messages = {
            "as_at": {
                "required": "Say what date this progress is as at.",
                "invalid": "Enter the as-at date as a date, for example 2010-09-30.",
            },
            "status": {
                "required": "Choose a status: not started, in progress, ongoing, achieved, not achieved or superseded.",
            },
            "evidence_url": {"invalid": "Enter the evidence link as a full web address starting https://."},
        }

    def __init__(self, *args, action, corrects=None, **kwargs):
        # a correction is offered the date of the update it corrects: it corrects that quarter, not today's
        kwargs.setdefault("initial", {}).setdefault("as_at", corrects.as_at if corrects else timezone.localdate())
        super().__init__(*args, **kwargs)
        self.action = action
        self.corrects = corrects
        self.fields["rag"].required = True
        self.fields["rag"].error_messages["required"] = "Choose a RAG rating: Red, Amber, Green or Blue (complete)."
        if corrects is not None:
            for name in ["status", "rag", "narrative", "evidence", "evidence_url"]:
                self.fields[name].initial = getattr(corrects, name)
            self.fields["date_reason"] = forms.CharField(
                label="Why a different date?",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=f"Only if the correction is not as at {corrects.as_at:%d %B %Y}, the date of the update it "
                "corrects.",
            )

    def clean_as_at(self):
        as_at = self.cleaned_data["as_at"]
        if as_at > timezone.localdate():
            raise forms.ValidationError("Progress cannot be reported as at a future date.")
        plan = self.action.objective.plan
        if as_at < plan.period_start:
            raise forms.ValidationError(
                f"The plan's period starts on {plan.period_start:%d %B %Y}: report progress as at that date or later."
            )
        return as_at

    def clean_evidence_url(self):
        url = self.cleaned_data["evidence_url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Enter the evidence link as a full web address starting https://.")
        return url

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not upload or not hasattr(upload, "content_type"):
            return upload
        if upload.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(
                f"The evidence file is {upload.size / 1048576:.1f} MB; the limit is {MAX_EVIDENCE_BYTES // 1048576} MB."
            )
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in EVIDENCE_TYPES:
            raise forms.ValidationError("Evidence must be a PDF, Word, Excel, OpenDocument, image, text or CSV file.")
        head = upload.read(8)
        upload.seek(0)
        if extension in MAGIC and not head.startswith(MAGIC[extension]):
            raise forms.ValidationError(
                f"The file is named .{extension} but its content is not a {extension.upper()} file."
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        as_at = cleaned.get("as_at")
        if self.corrects is not None and as_at and as_at != self.corrects.as_at:
            if not (cleaned.get("date_reason") or "").strip():
                self.add_error(
                    "date_reason",
                    f"The update you correct is as at {self.corrects.as_at:%d %B %Y}: say why the correction is as "
                    f"at {as_at:%d %B %Y} instead, or date it {self.corrects.as_at:%d %B %Y}.",
                )
        status, rag = cleaned.get("status"), cleaned.get("rag")
        if status == Status.ACHIEVED and rag and rag != RAG.BLUE:
            self.add_error("rag", "An achieved action is Blue (complete). Choose Blue, or choose another status.")
        if rag == RAG.BLUE and status and status != Status.ACHIEVED:
            self.add_error("status", "Blue means complete: choose the status Achieved, or another RAG rating.")
        return cleaned

    def save(self, author, commit=True):
        update = super().save(commit=False)
        update.action = self.action
        update.author = author
        update.corrects = self.corrects
        if self.corrects is not None and update.as_at != self.corrects.as_at:
            update.date_reason = self.cleaned_data.get("date_reason", "").strip()
        update.submission = self.cleaned_data.get("submission")
        if commit:
            try:
                with transaction.atomic():
                    update.save()
            except IntegrityError:
                if (
                    update.submission
                    and ProgressUpdate.objects.filter(action=self.action, submission=update.submission).exists()
                ):
                    raise AlreadySubmitted from None
                raise
        return update


class QuarterlyUpdateForm(ProgressUpdateForm):
    """A row of a lead's quarterly sheet: a row left without a status is skipped."""

    class Meta(ProgressUpdateForm.Meta):
        fields = ["as_at", "status", "rag", "narrative", "evidence_url"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].required = False
        self.fields["rag"].required = False

    @property
    def is_skipped(self):
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (data.get("status") or data.get("rag") or data.get("narrative") or data.get("evidence_url"))

    def clean(self):
        cleaned = super().clean()
        if self.is_skipped:
            return cleaned
        if not cleaned.get("status"):
            self.add_error("status", "Choose a status for this action, or clear the row to skip it.")
        if not cleaned.get("rag"):
            self.add_error("rag", "Choose a RAG rating for this action, or clear the row to skip it.")
        return cleaned


class ImpactForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["impact_evidenced_on", "impact_evidence", "follow_up_review_on"]
        widgets = {
            "impact_evidenced_on": DateInput(),
            "follow_up_review_on": DateInput(),
            "impact_evidence": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "impact_evidenced_on": "Impact evidenced on",
            "impact_evidence": "How the impact was evidenced",
            "follow_up_review_on": "Follow-up review date",
        }

    def clean(self):
        cleaned = super().clean()
        for name in self.Meta.fields:
            if not cleaned.get(name):
                self.add_error(
                    name,
                    {
                        "impact_evidenced_on": "Say when the impact was evidenced.",
                        "impact_evidence": "Say how the impact was evidenced.",
                        "follow_up_review_on": "Set a date to review the impact again.",
                    }[name],
                )
        evidenced, follow_up = cleaned.get("impact_evidenced_on"), cleaned.get("follow_up_review_on")
        if evidenced and follow_up and follow_up <= evidenced:
            self.add_error("follow_up_review_on", "The follow-up review must come after the impact was evidenced.")
        return cleaned
