from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = "Đơn vị và con người"
