"""What the public pages show also changes outside the portal's own services: a decision issues
or retracts awards, a dossier is put up for (or taken out of) public consultation, an initiative
is made public. Those writes bump the portal generation when their transaction commits, through
model signals, so the registry's apps need not know the portal exists.

Bulk writes that send no signal (the audited import of award history, the demo builder) show up
when the cached pages expire: ``pagecache.PAGE_SECONDS`` / ``views.FRAGMENT_SECONDS`` (5 minutes).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from .selectors import bump_generation_on_commit


def _changed(sender: Any, instance: Any, using: str | None = None, **kwargs: Any) -> None:
    bump_generation_on_commit(using)


def _dossier_changed(sender: Any, instance: Any, using: str | None = None, **kwargs: Any) -> None:
    # Only dossiers that went through public consultation are ever on the portal; the busy
    # season's other dossier saves must not throw the portal's cache away.
    if getattr(instance, "consultation_published_on", None) is not None:
        bump_generation_on_commit(using)


def connect() -> None:
    from thidua.decisions.models import Decision
    from thidua.nominations.models import Dossier
    from thidua.registry.models import Award, Initiative

    for model in (Award, Decision, Initiative):
        post_save.connect(_changed, sender=model, dispatch_uid=f"portal-generation-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"portal-generation-del-{model.__name__}")
    post_save.connect(_dossier_changed, sender=Dossier, dispatch_uid="portal-generation-Dossier")
