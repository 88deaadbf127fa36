from django import forms

from .models import Agency, Subgroup


class SubgroupForm(forms.ModelForm):
    class Meta:
        model = Subgroup
        fields = ["name", "chair", "terms_of_reference"]
        widgets = {"terms_of_reference": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"name": {"required": "Give the subgroup its name, for example 'Quality Assurance'."}}

    def clean_name(self):
        """The board is not on the form, so Django would not check the name is the board's only one."""
        name = self.cleaned_data["name"].strip()
        taken = Subgroup.objects.filter(board_id=self.instance.board_id, name__iexact=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"The board already has a subgroup called “{name}”.")
        return name


class SeatForm(forms.Form):
    """An agency joining the board: one already known to the site by its name, or a new one."""

    name = forms.CharField(
        label="Agency",
        max_length=200,
        help_text="As the agency calls itself, e.g. 'Kingston Primary Care Trust'. An agency already on another "
        "board is the same agency: type its name as it is listed.",
        error_messages={"required": "Give the agency's name."},
    )
    kind = forms.ChoiceField(label="Kind of agency", choices=Agency.Kind.choices, initial=Agency.Kind.OTHER)

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if self.board.seats.filter(agency__name__iexact=name).exists():
            raise forms.ValidationError(f"{name} already sits on {self.board.short_name}.")
        return name


class AgencyForm(forms.ModelForm):
    """An agency's name and kind, changed by the manager of the one board it sits on."""

    class Meta:
        model = Agency
        fields = ["name", "kind"]
        labels = {"name": "Agency", "kind": "Kind of agency"}
        error_messages = {
            "name": {
                "required": "Give the agency's name.",
                "unique": "Another agency is already called that: add it to the board under that name instead.",
            }
        }
