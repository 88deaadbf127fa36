from django.contrib import admin
from django.db import models

from .models import Action, Funding, ProgressUpdate


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["number", "text", "objective", "lead_user", "subgroup", "due_date"]
    list_filter = ["objective__plan__board", "objective__plan"]
    search_fields = ["text", "lead", "method"]
    list_select_related = ["objective__plan", "lead_user", "subgroup"]
    raw_id_fields = ["objective", "lead_user", "subgroup"]
    inlines = [FundingInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    """Updates are a record: they may be added here but never changed or deleted."""

    list_display = ["action", "as_at", "status", "rag", "author", "recorded_at"]
    list_filter = ["status", "rag"]
    raw_id_fields = ["action", "author", "corrects"]
    # a link typed without its scheme is https, as the progress form takes it (actions.forms)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
