from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "thidua.council"
    verbose_name = "Hội đồng thi đua – khen thưởng"
    default_auto_field = "django.db.models.BigAutoField"
