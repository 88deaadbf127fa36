from django.contrib import admin

from lscb.admin import FixedOnceMade

from .models import Agency, Board, BoardAgency, Membership, Subgroup


class SeatInline(admin.TabularInline):
    model = BoardAgency
    extra = 0
    autocomplete_fields = ["agency"]


class SubgroupInline(admin.TabularInline):
    model = Subgroup
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "areas", "meeting_cadence"]
    search_fields = ["name", "short_name", "areas"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [SeatInline, SubgroupInline, MembershipInline]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Subgroup)
class SubgroupAdmin(FixedOnceMade, admin.ModelAdmin):
    fixed_once_made = ("board",)
    list_display = ["name", "board", "chair"]
    list_filter = ["board"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "board", "role"]
    list_filter = ["board", "role"]
    autocomplete_fields = ["user"]
