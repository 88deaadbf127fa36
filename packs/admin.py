from django.contrib import admin

from .models import ReportPack


@admin.register(ReportPack)
class ReportPackAdmin(admin.ModelAdmin):
    list_display = ["id", "quarter", "created_by", "created_at", "status", "done", "total", "failed"]
    list_filter = ["status"]
    readonly_fields = ["created_by", "quarter", "status", "done", "total", "failed", "zip_name", "error", "finished_at"]
    exclude = ["zip_data"]

    def has_add_permission(self, request):
        return False  # packs are started from the site, by the people who read the boards
