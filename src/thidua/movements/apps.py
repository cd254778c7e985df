from django.apps import AppConfig


class MovementsConfig(AppConfig):
    name = "thidua.movements"
    label = "movements"
    verbose_name = "Phong trào thi đua, đăng ký thi đua và cụm, khối thi đua"

    def ready(self) -> None:
        from thidua.nominations.rounds import register_round_check

        from .services import round_movement_errors

        # Every dossier of a round opened from a movement, whatever creates or submits it.
        register_round_check(round_movement_errors)
