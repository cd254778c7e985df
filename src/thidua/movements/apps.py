from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "thidua.movements"
    label = "movements"
    verbose_name = "Phong trào thi đua, đăng ký thi đua và cụm, khối thi đua"
