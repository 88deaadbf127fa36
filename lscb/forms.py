"""Form pieces every app uses."""

from django import forms
from django.shortcuts import render


class DateInput(forms.DateInput):
    """A native date picker, its value in the ISO form the picker expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def render_form_page(request, form, *, title, cancel_url, **context):
    """The one page every create/edit form is shown on (templates/form_page.html)."""
    return render(request, "form_page.html", {"form": form, "title": title, "cancel_url": cancel_url, **context})


LARGEST_ID = 2**63 - 1  # what a database integer holds


class IdsField(forms.ModelMultipleChoiceField):
    """A multi-select of objects by id that says an id no database integer holds is not one of the choices:
    Django passes it to the query, and SQLite answers it with an OverflowError (a 500)."""

    def _check_values(self, value):
        for given in value:
            text = str(given).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > LARGEST_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:30]}
                )
        return super()._check_values(value)
