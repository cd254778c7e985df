from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "thidua.registry"
    label = "registry"
    verbose_name = "Sổ khen thưởng"

    def ready(self) -> None:
        from thidua.audit.services import declare_renamed_actions

        from .actions import FORMER_ACTIONS

        declare_renamed_actions(FORMER_ACTIONS)
