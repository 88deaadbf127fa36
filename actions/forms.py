import operator
import uuid
from functools import reduce

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import dateformat, timezone

from boards.access import Permissions, lead_users_of
from lscb.concurrency import VersionedFormMixin
from lscb.forms import DateInput, PlanPeriodForm

from .models import RAG, Action, Funding, ProgressUpdate, QuarterSignoff, Status
from .quarters import quarter_of
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
            "heading",
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
            "heading": "Under the heading (as written, optional)",
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


def signed_off_quarters(actions):
    """{(plan id, quarter end)} signed off for the plans of these actions: read once for a sheet's every row."""
    plans = {action.objective.plan_id for action in actions}
    return set(QuarterSignoff.objects.signed_off().filter(plan__in=plans).values_list("plan_id", "quarter_end"))


# the fields a correction's form starts filled with, from the update it corrects
CORRECTION_INITIAL = (
    "as_at",
    "after_end_reason",  # a correction of progress after the plan's end offers the reason given
    "status",
    "rag",
    "narrative",
    "corrective_action",
    "evidence",
    "evidence_url",
)
DATE_REASON_LABEL = "Why a different date?"


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
        fields = [
            "as_at",
            "status",
            "rag",
            "narrative",
            "corrective_action",
            "evidence",
            "evidence_url",
            "evidence_file",
        ]
        widgets = {
            "as_at": DateInput(),
            "narrative": forms.Textarea(attrs={"rows": 4}),
            "corrective_action": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "as_at": "Progress as at",
            "rag": "RAG rating",
            "corrective_action": "Corrective action",
            "evidence_file": "Evidence file",
        }
        help_texts = {
            "as_at": (
                "The date this progress is reported as at. "
                "A date in a past quarter is allowed and is shown as recorded late."
            ),
            "status": "Achieved sets the RAG rating to Blue (complete).",
            "rag": "Red: off track. Amber: at risk. Green: on track. Blue: complete.",
            "corrective_action": "Required for a Red or Amber rating: what is being done to put it back on track.",
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

    # the single-action form offers a manager the reason that records an update dated in a signed-off quarter
    # as a late amendment; a row of the lead's sheet does not (such a row is refused)
    offers_amendment = True
    # the single-action and correction forms ask why progress is recorded after the plan's period ended; a sheet's
    # row has no room for a reason, so such a row is refused (the sheets list plans in force, so it seldom arises)
    offers_after_end_reason = True

    def __init__(self, *args, action, corrects=None, signed_off=None, **kwargs):
        """`signed_off`: the {(plan id, quarter end)} signed off, when read once for many forms
        (`signed_off_quarters`); None: this form asks the database."""
        # a correction is offered the date of the update it corrects: it corrects that quarter, not today's
        kwargs.setdefault("initial", {}).setdefault("as_at", corrects.as_at if corrects else timezone.localdate())
        super().__init__(*args, **kwargs)
        self.action = action
        self.corrects = corrects
        self.signed_off = signed_off
        self.amendment = False
        self.may_amend = self.offers_amendment and Permissions.of(getattr(action, "role", None)).record_any
        if self.may_amend:
            self.fields["late_reason"] = forms.CharField(
                label="Reason for a late amendment",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Only for progress dated in a quarter the chair has signed off: say why it is recorded "
                "now. It is shown on the next quarter's report as amended after sign-off; the signed-off report "
                "does not change.",
            )
        ended = action.objective.plan.period_end if self.offers_after_end_reason else None
        if ended is not None and ended < timezone.localdate():
            # asked only on a plan whose period has ended, and placed under the as-at date it depends on
            self.fields["after_end_reason"] = forms.CharField(
                label=f"This plan ended on {dateformat.format(ended, 'j F Y')}: why record progress after it?",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Only for progress as at a date after the plan's period ended: say why it is recorded "
                "against this plan, not its successor.",
            )
            names = list(self.fields)
            names.remove("after_end_reason")
            names.insert(names.index("as_at") + 1 if "as_at" in names else len(names), "after_end_reason")
            self.fields = {name: self.fields[name] for name in names}
        self.fields["rag"].required = False  # Achieved sets Blue: `clean` asks for a rating only otherwise
        if corrects is not None:
            for name in CORRECTION_INITIAL:
                if name in self.fields:
                    self.fields[name].initial = getattr(corrects, name)
            self.fields["date_reason"] = forms.CharField(
                label=DATE_REASON_LABEL,
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

    @property
    def is_skipped(self):
        """A row of a sheet left empty (QuarterlyUpdateForm); a form of its own is never skipped."""
        return False

    def clean(self):
        """Achieved is Blue whatever was chosen; Red or Amber needs a corrective action (every door but the import)."""
        cleaned = super().clean()
        if self.is_skipped:
            return cleaned
        as_at = cleaned.get("as_at")
        if self.corrects is not None and as_at and as_at != self.corrects.as_at:
            if not (cleaned.get("date_reason") or "").strip():
                self.add_error(
                    "date_reason",
                    f"The update you correct is as at {self.corrects.as_at:%d %B %Y}: say why the correction is as "
                    f"at {as_at:%d %B %Y} instead, or date it {self.corrects.as_at:%d %B %Y}.",
                )
        status, rag = cleaned.get("status"), cleaned.get("rag")
        if status == Status.ACHIEVED:
            cleaned["rag"] = rag = RAG.BLUE
        elif rag == RAG.BLUE and status:
            self.add_error("status", "Blue means complete: choose the status Achieved, or another RAG rating.")
        if not rag and "rag" not in self.errors:
            self.add_error("rag", self.RAG_REQUIRED)
        if rag in (RAG.RED, RAG.AMBER) and not cleaned.get("corrective_action"):
            self.add_error(
                "corrective_action",
                f"{'An' if rag == RAG.AMBER else 'A'} {RAG(rag).label} rating needs a corrective action: "
                "say what is being done to bring it back on track.",
            )
        self._check_after_end(cleaned)
        self._check_signed_off(cleaned)
        return cleaned

    RAG_REQUIRED = "Choose a RAG rating: Red, Amber, Green or Blue (complete)."

    def _check_after_end(self, cleaned):
        """Progress as at a date after the plan's period ended needs a reason: a plan that ended is not quietly
        reported as at today (actions.as_at). A sheet's row, dated by its sheet, is refused instead."""
        as_at = cleaned.get("as_at") or self.instance.as_at
        if not as_at or self.is_skipped:
            return
        ended = self.action.objective.plan.period_end
        if as_at <= ended:
            return
        ended_on = dateformat.format(ended, "j F Y")
        if "after_end_reason" not in self.fields:
            self.add_error(
                None,
                f"The plan's period ended on {ended_on}: record progress after it on the outcome's own page, "
                "with the reason.",
            )
        elif not (cleaned.get("after_end_reason") or "").strip():
            self.add_error(
                "after_end_reason",
                f"The plan's period ended on {ended_on}: say why this progress is recorded after it, "
                "or date it by then.",
            )

    def _check_signed_off(self, cleaned):
        """An update dated in a signed-off quarter: refused, or, from a manager who gives a reason, a late
        amendment (it never alters the frozen report)."""
        as_at = cleaned.get("as_at")
        if not as_at or getattr(self, "is_skipped", False):  # a sheet's empty row records nothing
            return
        quarter = quarter_of(as_at)
        plan_id = self.action.objective.plan_id
        if self.signed_off is not None:
            if (plan_id, quarter.end) not in self.signed_off:
                return
        elif not QuarterSignoff.objects.signed_off().filter(plan_id=plan_id, quarter_end=quarter.end).exists():
            return
        if not self.may_amend:
            self.add_error(
                "as_at",
                f"{quarter.label} has been signed off by the chair: progress dated in it cannot be recorded now. "
                "Date it in a later quarter, or ask the board manager to record it as a late amendment.",
            )
        elif not cleaned.get("late_reason", "").strip():
            self.add_error(
                "late_reason",
                f"{quarter.label} has been signed off: give a reason to record this as a late amendment, "
                "or date the progress in a later quarter.",
            )
        else:
            self.amendment = True

    def save(self, author, commit=True):
        update = super().save(commit=False)
        update.action = self.action
        update.author = author
        update.corrects = self.corrects
        if self.corrects is not None and update.as_at != self.corrects.as_at:
            update.date_reason = self.cleaned_data.get("date_reason", "").strip()
        if update.as_at > self.action.objective.plan.period_end:
            update.after_end_reason = self.cleaned_data["after_end_reason"].strip()
        update.submission = self.cleaned_data.get("submission")
        if self.amendment:
            update.amended_after_signoff = True
            update.late_reason = self.cleaned_data["late_reason"].strip()
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


def record_submitted(forms, author):
    """Record the updates of these valid forms by `author` at once, all or nothing (ProgressUpdate.objects.record);
    AlreadySubmitted if any of them was sent before (its token is stored: the whole sending is refused)."""
    updates = [form.save(author=author, commit=False) for form in forms]
    try:
        with transaction.atomic():
            return ProgressUpdate.objects.record(updates)
    except IntegrityError:
        sent = [Q(action=update.action, submission=update.submission) for update in updates if update.submission]
        if sent and ProgressUpdate.objects.filter(reduce(operator.or_, sent)).exists():
            raise AlreadySubmitted from None
        raise


class QuarterlyUpdateForm(ProgressUpdateForm):
    """A row of a lead's quarterly sheet: a row left without a status is skipped."""

    offers_amendment = False
    offers_after_end_reason = False

    class Meta(ProgressUpdateForm.Meta):
        fields = ["as_at", "status", "rag", "narrative", "corrective_action", "evidence_url"]

    RAG_REQUIRED = "Choose a RAG rating for this action, or clear the row to skip it."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].required = False

    @property
    def is_skipped(self):
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(data.get(name) for name in ("status", "rag", "narrative", "corrective_action", "evidence_url"))

    def clean(self):
        cleaned = super().clean()
        if not self.is_skipped and not cleaned.get("status"):
            self.add_error("status", "Choose a status for this action, or clear the row to skip it.")
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


class FundingForm(forms.ModelForm):
    class Meta:
        model = Funding
        fields = ["funder", "amount"]
        labels = {"amount": "Amount (£)"}
        error_messages = {
            "funder": {"required": "Name who pays, for example 'Leicester City Council'."},
            "amount": {
                "required": "Give the amount in pounds, for example 35000.",
                "invalid": "Enter the amount in pounds, for example 35000.",
            },
        }

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount <= 0:
            raise forms.ValidationError("The amount is more than £0: remove the funding line instead.")
        return amount


class RolloverForm(PlanPeriodForm):
    """Next year's plan from this one: its title and period (PlanPeriodForm), and what carries forward
    (rollover.py)."""

    numbering = forms.ChoiceField(
        label="Numbers",
        choices=[("keep", "Keep their numbers (4.2 stays 4.2)"), ("renumber", "Number them afresh (1, 1.1, 1.2 ...)")],
        initial="keep",
        widget=forms.RadioSelect,
    )
    leads = forms.BooleanField(required=False, initial=True, label="Carry their leads (as written, and lead users)")
    sources = forms.BooleanField(required=False, initial=True, label="Carry the objectives' sources and findings")
    objectives = forms.MultipleChoiceField(
        required=True, error_messages={"required": "Choose at least one objective to carry forward."}
    )
    actions = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, plan, objectives, open_actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].label = "The new plan's title"  # beside the old plan's, on the rollover page
        self.plan, self.all_objectives, self.open_actions = plan, list(objectives), list(open_actions)
        self.fields["objectives"].choices = [(str(o.pk), o.number) for o in self.all_objectives]
        self.fields["actions"].choices = [(str(a.pk), a.number) for a in self.open_actions]
        if not self.is_bound:
            with_open = {a.objective_id for a in self.open_actions}
            self.initial.setdefault("objectives", [str(o.pk) for o in self.all_objectives if o.pk in with_open])
            self.initial.setdefault("actions", [str(a.pk) for a in self.open_actions])

    def clean(self):
        data = super().clean()  # the period (PlanPeriodForm)
        chosen = set(data.get("objectives") or ())
        orphans = [a.number for a in self.chosen_actions() if str(a.objective_id) not in chosen]
        if chosen and orphans:
            self.add_error(
                "actions",
                f"Outcome{'s' if len(orphans) > 1 else ''} {', '.join(orphans)} can only be carried forward with "
                "its objective: choose the objective too, or leave the outcome behind.",
            )
        return data

    def chosen_objectives(self):
        chosen = set(self.cleaned_data.get("objectives") or ())
        return [o for o in self.all_objectives if str(o.pk) in chosen]

    def chosen_actions(self):
        chosen = set(self.cleaned_data.get("actions") or ())
        return [a for a in self.open_actions if str(a.pk) in chosen]

    def groups(self):
        """Each objective with its open outcomes, and whether each box is ticked: what the page lists."""
        objectives = set(map(str, self.data.getlist("objectives") if self.is_bound else self.initial["objectives"]))
        actions = set(map(str, self.data.getlist("actions") if self.is_bound else self.initial["actions"]))
        by_objective = {}
        for action in self.open_actions:
            by_objective.setdefault(action.objective_id, []).append((action, str(action.pk) in actions))
        return [(o, str(o.pk) in objectives, by_objective.get(o.pk, [])) for o in self.all_objectives]
