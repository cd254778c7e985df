from django.contrib import admin

from .models import DocumentJob, PrintLayout


@admin.register(PrintLayout)
class PrintLayoutAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "page_width_mm", "page_height_mm", "offset_x_mm", "offset_y_mm", "updated_at")


@admin.register(DocumentJob)
class DocumentJobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "status", "done", "total", "created_by", "created_at", "finished_at")
    list_filter = ("status", "kind")
    readonly_fields = ("file",)  # files are written by the services only (content check, random name)
