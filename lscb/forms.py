"""Form pieces every app uses."""

from django import forms
from django.forms.renderers import DjangoTemplates, Jinja2
from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property

from .dates import plan_period_problem, validate_in_range


class WidgetRenderer(Jinja2):
    """The project's FORM_RENDERER: Django's own widgets from Jinja2's copies of their templates (the same markup, each
    widget in a fraction of the time: every edit page renders dozens); any other widget's from Django's templates,
    where it has no Jinja2 copy (the admin's date, time and related-object widgets)."""

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)

    @cached_property
    def _django(self):
        return DjangoTemplates()


class DateInput(forms.DateInput):
    """A native date picker, its value in the ISO form the picker expects."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PlanPeriodForm(forms.Form):
    """A new plan's title and period (the import and the rollover): two dates, the end after the start, a period
    of at most MAX_PLAN_YEARS (lscb.dates)."""

    title = forms.CharField(
        max_length=200,
        label="Plan title",
        error_messages={"required": "Give the plan its title, for example 'Improvement Plan 2009-2010'."},
    )
    period_start = forms.DateField(
        widget=DateInput(),
        label="Period starts",
        validators=[validate_in_range],
        error_messages={
            "required": "Say when the plan's period starts.",
            "invalid": "Enter the start as a date, for example 2009-04-01.",
        },
    )
    period_end = forms.DateField(
        widget=DateInput(),
        label="Period ends",
        validators=[validate_in_range],
        error_messages={
            "required": "Say when the plan's period ends.",
            "invalid": "Enter the end as a date, for example 2011-03-31.",
        },
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", "The plan's period must end after it starts.")
        elif plan_period_problem(start, end):
            self.add_error("period_end", plan_period_problem(start, end))
        return cleaned


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
