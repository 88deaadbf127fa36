from django import forms

from lscb.forms import DateInput

from .models import Finding, Review


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["code", "title", "kind", "date", "date_as_written", "summary"]
        widgets = {"date": DateInput(), "title": forms.Textarea(attrs={"rows": 2}), "summary": forms.Textarea()}
        labels = {"date_as_written": "Date as written"}
        error_messages = {
            "code": {"required": "Give the review the code the plan's source key uses, for example PR."},
            "title": {"required": "Give the review its title, for example 'IDeA Peer Review'."},
            "kind": {"required": "Say what kind of review it is."},
            "date": {"invalid": "Enter the date as a date, for example 2009-03-31."},
        }

    def clean_code(self):
        """The board is not on the form, so Django would not check the code is the board's only one."""
        code = self.cleaned_data["code"].strip()
        taken = Review.objects.filter(board_id=self.instance.board_id, code=code).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"The board already has a review coded “{code}”. Choose another code.")
        return code


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "number": {"required": "Give the finding its number as the review writes it, for example 3 or R2."},
            "text": {"required": "Write the finding as the review states it."},
        }

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        taken = Finding.objects.filter(review_id=self.instance.review_id, number=number).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"This review already has a finding numbered “{number}”.")
        return number
