from django import forms
from django.db.models import Q

from lscb.concurrency import VersionedFormMixin
from lscb.forms import DateInput, IdsField
from reviews.models import Finding, Review

from .models import Objective, Plan, Risk, Section


class PlanForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "kind", "period_start", "period_end", "status", "layout", "read_with", "introduction"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "introduction": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {"period_start": "Period starts", "period_end": "Period ends", "layout": "Report layout"}
        error_messages = {
            "title": {
                "required": (
                    "Give the plan its title, as the board writes it (for example 'Improvement Plan 2009-2010')."
                ),
            },
            "period_start": {
                "required": "Say when the plan's period starts.",
                "invalid": "Enter the start as a date, for example 2009-04-01.",
            },
            "period_end": {
                "required": "Say when the plan's period ends.",
                "invalid": "Enter the end as a date, for example 2011-03-31.",
            },
        }


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "parent"]
        labels = {"parent": "Theme of (leave empty for a top-level section)"}
        error_messages = {"title": {"required": "Give the section its heading, for example 'CORE WORK'."}}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = plan.sections.filter(parent__isnull=True).exclude(pk=self.instance.pk or 0)


class ObjectiveForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Objective
        fields = ["number", "title", "section", "sources", "findings", "timescale", "lead"]
        field_classes = {"sources": IdsField, "findings": IdsField}
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "timescale": forms.Textarea(attrs={"rows": 2}),  # as written, on several lines where the plan has them
            "lead": forms.Textarea(attrs={"rows": 2}),
            "sources": forms.CheckboxSelectMultiple,
            "findings": forms.CheckboxSelectMultiple,
        }
        labels = {
            "timescale": "Time scale (as written)",
            "lead": "Lead officer (as written)",
            "sources": "Sources (the reviews that gave rise to it)",
            "findings": "Findings it answers",
        }
        error_messages = {"number": {"required": "Give the objective a number as the plan writes it, for example 4."}}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        reviews = Review.objects.filter(Q(board=plan.board) | Q(board__isnull=True))
        self.fields["sources"].queryset = reviews
        self.fields["sources"].label_from_instance = lambda r: f"{r.code}: {r.title}"
        self.fields["findings"].queryset = Finding.objects.filter(review__in=reviews).select_related("review")
        self.fields["findings"].label_from_instance = lambda f: f"{f.review.code} {f.number}: {f.text}"
        self.fields["section"].queryset = plan.sections.all()
        self.fields["section"].required = False

    def clean(self):
        cleaned = super().clean()
        sources, findings = cleaned.get("sources"), cleaned.get("findings")
        if sources is not None and findings:
            missing = {f.review.code for f in findings} - {s.code for s in sources}
            if missing:
                self.add_error(
                    "findings",
                    f"These findings come from reviews not ticked as sources: {', '.join(sorted(missing))}. "
                    "Tick the review as a source too, or untick its findings.",
                )
        return cleaned


class LinkFindingForm(forms.Form):
    """Which of the board's objectives answers a finding that none answers yet."""

    objective = forms.ModelChoiceField(
        queryset=Objective.objects.none(),
        label="Objective that answers it",
        error_messages={
            "required": "Choose the objective that answers this finding.",
            "invalid_choice": "Choose one of the board's objectives from the list.",
        },
    )

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = objectives
        self.fields["objective"].label_from_instance = lambda o: f"{o.plan.title}: {o}"


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["number", "text", "objectives"]
        field_classes = {"objectives": IdsField}
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "objectives": forms.CheckboxSelectMultiple}
        labels = {"text": "Risk", "objectives": "Objectives that address it"}
        error_messages = {"text": {"required": "Describe the risk as the board names it."}}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].queryset = plan.objectives.all()
        self.fields["objectives"].label_from_instance = lambda o: str(o)[:120]
