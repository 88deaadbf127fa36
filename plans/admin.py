from django.contrib import admin

from lscb.admin import FixedOnceMade

from .models import Objective, Plan, Risk, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Plan)
class PlanAdmin(FixedOnceMade, admin.ModelAdmin):
    fixed_once_made = ("board",)
    list_display = ["title", "board", "kind", "period_start", "period_end", "status", "layout"]
    list_filter = ["board", "kind", "status"]
    search_fields = ["title"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(FixedOnceMade, admin.ModelAdmin):
    fixed_once_made = ("plan",)
    list_display = ["title", "plan", "parent", "order"]
    list_filter = ["plan"]


@admin.register(Objective)
class ObjectiveAdmin(FixedOnceMade, admin.ModelAdmin):
    fixed_once_made = ("plan",)
    list_display = ["number", "title", "plan", "timescale"]
    list_filter = ["plan__board", "plan"]
    search_fields = ["title", "lead"]
    filter_horizontal = ["sources", "findings"]


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["text", "plan"]
    list_filter = ["plan"]
    filter_horizontal = ["objectives"]
