from typing import Any

from django.apps import AppConfig


def _prepare_verifications(sender: Any, *, decision_id: int, **kwargs: Any) -> None:
    """A decision was issued: make its certificates' verification codes in the background."""
    from .tasks import prepare_verifications

    prepare_verifications.enqueue(decision_id)


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    verbose_name = "Văn bản, giấy khen, bằng khen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from thidua.decisions.signals import decision_issued

        decision_issued.connect(_prepare_verifications, dispatch_uid="documents.prepare_verifications")

        from thidua.registry.importer import register_background_import

        from .import_jobs import start_import

        register_background_import(start_import)
