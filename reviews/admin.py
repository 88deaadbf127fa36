from django.contrib import admin

from lscb.admin import FixedOnceMade

from .models import BoardResponse, Finding, Review


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


@admin.register(Review)
class ReviewAdmin(FixedOnceMade, admin.ModelAdmin):
    fixed_once_made = ("board",)
    list_display = ["code", "title", "kind", "board", "date"]
    list_filter = ["kind", "board"]
    search_fields = ["code", "title"]
    inlines = [FindingInline]


@admin.register(Finding)
class FindingAdmin(FixedOnceMade, admin.ModelAdmin):
    fixed_once_made = ("review",)
    list_display = ["review", "number", "text"]
    list_filter = ["review"]
    search_fields = ["text"]


@admin.register(BoardResponse)
class BoardResponseAdmin(admin.ModelAdmin):
    list_display = ["review", "board"]
    list_filter = ["board"]
