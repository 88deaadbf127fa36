from django import forms
from django.db.models import Max, Min
from django.utils import timezone

from actions.quarters import Quarter, last_complete_quarter, quarter_choices
from plans.models import Plan


class PackForm(forms.Form):
    """Which quarter, and which of the user's boards (the boards come as `board` slugs, checked for access by
    packs.services.boards_for_pack before this form is validated)."""

    quarter = forms.CharField(
        label="Quarter",
        max_length=60,
        help_text="Choose from the list or type one, for example Q2 2010/11 (July to September 2010), or "
        "2010-Q2. Each board's report is as at the quarter's last day.",
        error_messages={"required": "Say which quarter, for example Q2 2010/11 (July to September 2010)."},
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )

    def __init__(self, *args, boards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"] = forms.MultipleChoiceField(
            label="Boards",
            choices=[(b.slug, b.name) for b in boards],
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Choose at least one board.", "invalid_choice": "Choose boards from the list."},
        )
        if not self.is_bound:
            self.initial.setdefault("quarter", last_complete_quarter(timezone.localdate()).long_label)
            if len(boards) == 1:
                self.initial.setdefault("board", [boards[0].slug])

    def quarter_choices(self):
        """The list offered: every quarter of the boards' plans, newest first, up to the last complete one
        (one query)."""
        slugs = [slug for slug, _name in self.fields["board"].choices]
        span = Plan.objects.filter(board__slug__in=slugs).aggregate(start=Min("period_start"), end=Max("period_end"))
        if span["start"] is None:
            return []
        last = min(span["end"], last_complete_quarter(timezone.localdate()).end)
        return quarter_choices(span["start"], max(last, span["start"]))

    def clean_quarter(self):
        try:
            return Quarter.parse(self.cleaned_data["quarter"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
