from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "thidua.registry"
    label = "registry"
    verbose_name = "Sổ khen thưởng"
