from django.contrib import admin

from .models import Objective, Plan, Risk, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "board", "kind", "period_start", "period_end", "status", "layout"]
    list_filter = ["board", "kind", "status"]
    search_fields = ["title"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "parent", "order"]
    list_filter = ["plan"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan", "timescale"]
    list_filter = ["plan__board", "plan"]
    search_fields = ["title", "lead"]
    filter_horizontal = ["sources", "findings"]


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["text", "plan"]
    list_filter = ["plan"]
    filter_horizontal = ["objectives"]
