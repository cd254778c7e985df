from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "thidua.portal"
    label = "portal"
    verbose_name = "Cổng thông tin công khai"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .invalidation import connect

        connect()
