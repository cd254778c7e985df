from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    verbose_name = "Văn bản, giấy khen, bằng khen"
    default_auto_field = "django.db.models.BigAutoField"
