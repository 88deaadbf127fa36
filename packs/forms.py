from django import forms
from django.utils import timezone

from actions.quarters import Quarter, last_complete_quarter


class PackForm(forms.Form):
    """Which quarter, and which of the user's boards (the boards come as `board` slugs, checked for access by
    packs.services.boards_for_pack before this form is validated)."""

    quarter = forms.CharField(
        label="Quarter",
        max_length=20,
        help_text="The year the financial year starts, then Q1 to Q4: 2010-Q2 is July to September 2010. Each "
        "board's report is as at the quarter's last day.",
        error_messages={"required": "Say which quarter, for example 2010-Q2."},
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
            self.initial.setdefault("quarter", last_complete_quarter(timezone.localdate()).code)
            if len(boards) == 1:
                self.initial.setdefault("board", [boards[0].slug])

    def clean_quarter(self):
        try:
            return Quarter.parse(self.cleaned_data["quarter"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
