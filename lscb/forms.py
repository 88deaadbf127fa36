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
