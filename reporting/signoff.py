"""Submitting and signing off a plan's quarter, and freezing what the board saw (`actions.signoff` keeps it).

At sign-off the quarterly report is rendered once more, labelled "signed off on <date> by <chair>", and its PDF
bytes, its Word copy's bytes, the content of its page and the numbers behind it are stored with the sign-off, with
one snapshot row per action (`actions.snapshots`, which also keeps the rows of quarters not signed off, for cron's
`manage.py snapshot_quarter`): from then on `reporting.report_views` and `reporting.word_views` serve those, byte for
byte, whatever is recorded or edited later."""

from django import forms
from django.db import transaction
from django.utils import dateformat, timezone

from actions import snapshots
from actions.quarters import Quarter
from actions.signoff import QuarterSignoff, QuarterSnapshot, quarter_has_ended
from lscb.forms import DateInput
from plans.models import running_on

from . import pdf, word
from .reports import quarterly_html, quarterly_report

MAIN_START, MAIN_END = '<main id="main">', "</main>"


class SubmitQuarterForm(forms.Form):
    commentary = forms.CharField(
        label="Your commentary for the chair (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SignOffForm(forms.Form):
    meeting_date = forms.DateField(
        label="Agreed at the board meeting of",
        widget=DateInput(),
        error_messages={
            "required": "Give the date of the board meeting that agreed the quarter.",
            "invalid": "Enter the board meeting's date as a date, for example 12/10/2010.",
        },
    )
    commentary = forms.CharField(
        label="The chair's commentary (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, quarter, **kwargs):
        super().__init__(*args, **kwargs)
        self.quarter = quarter

    def clean_meeting_date(self):
        day = self.cleaned_data["meeting_date"]
        if day > timezone.localdate():
            raise forms.ValidationError("The board meeting's date is in the future: sign off after the meeting.")
        if day <= self.quarter.end:
            raise forms.ValidationError(
                f"The board meeting must come after {self.quarter.label} ended "
                f"({dateformat.format(self.quarter.end, 'j F Y')})."
            )
        return day


def refusal_to_submit(plan, quarter: Quarter, today=None):
    """Why this quarter cannot be submitted now, in words, or None."""
    if not quarter_has_ended(quarter, today):
        return (
            f"{quarter.label} has not ended yet (it ends on {dateformat.format(quarter.end, 'j F Y')}): "
            "submit it for sign-off after that day."
        )
    existing = QuarterSignoff.objects.filter(plan=plan, quarter_end=quarter.end).first()
    if existing:
        return f"{quarter.label} was already {existing.state_label}."
    return None


def submit(plan, quarter, user, commentary=""):
    return QuarterSignoff.objects.create(
        plan=plan, quarter_end=quarter.end, submitted_by=user, submit_commentary=commentary
    )


def refusal_to_sign_off(signoff, quarter):
    if signoff is None:
        return f"{quarter.label} has not been submitted for sign-off: the board manager submits it first."
    if signoff.is_signed_off:
        return f"{quarter.label} was already {signoff.signed_off_label}."
    return None


def page_content(html):
    """The inside of a report's <main>: what a signed-off quarter's page shows of its frozen HTML, under its own
    toolbar."""
    start = html.index(MAIN_START) + len(MAIN_START)
    return html[start : html.rindex(MAIN_END)]


@transaction.atomic
def sign_off(signoff, user, meeting_date, commentary=""):
    """Sign the quarter off and freeze it: the labelled report's PDF, Word copy, page content and numbers, and a
    snapshot row per action, written in the same transaction as the sign-off."""
    signoff = (
        QuarterSignoff.objects.select_for_update().select_related("plan__board", "submitted_by").get(pk=signoff.pk)
    )
    signoff.signed_off_by = user
    signoff.signed_off_at = timezone.now()
    signoff.meeting_date = meeting_date
    signoff.chair_commentary = commentary
    plan, quarter = signoff.plan, signoff.quarter
    report = quarterly_report(plan, quarter)
    html = quarterly_html(plan, quarter, signoff=signoff, report=report)
    signoff.pdf = pdf.html_to_pdf(html)
    signoff.docx = word.quarterly_docx(plan, quarter, signoff=signoff, report=report)
    signoff.html = html
    signoff.numbers = report.numbers()
    signoff.save()
    write_snapshots(report, quarter)
    return signoff


def write_snapshots(report, quarter):
    """One row per action of the report being signed off: what the board saw, as at the quarter end. Rows kept
    before (by `snapshot_quarter`) are rewritten with it."""
    plan = report.plan
    QuarterSnapshot.objects.bulk_create(
        [
            snapshots.snapshot_of(line.action, line.rating, quarter.end, plan_id=plan.pk, board_id=plan.board_id)
            for line in report.lines
        ],
        update_conflicts=True,
        unique_fields=["action", "quarter_end"],
        update_fields=snapshots.KEPT,
    )


def snapshot_quarter(quarter, plans):
    """Snapshots of an ended quarter for these plans (those running at its end), for any quarter end asked for, so
    that past-quarter readers find rows: written where the quarter is not signed off (a signed-off quarter's rows
    were written at sign-off and stay). The same ratings as the quarterly report, without building it
    (`actions.snapshots`). Returns how many plans were read."""
    if not quarter_has_ended(quarter):
        raise ValueError(f"{quarter.label} has not ended: its snapshot would be provisional.")
    running = list(plans.filter(running_on(quarter.end)).values_list("pk", flat=True))
    with transaction.atomic():
        snapshots.write_quarter(running, quarter.end)
    return len(running)
