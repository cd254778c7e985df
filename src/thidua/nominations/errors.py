"""Refusals of the dossier workflow (``thidua.core.errors.Refused``), with a Vietnamese message for the user.

Refusals of role or scope are ``thidua.core.errors.NotAllowed`` (``accounts.permissions.require_role``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from thidua.core.errors import Refused


class WorkflowError(Refused, ValidationError):
    """A request the rules or the dossier's state do not allow; nothing was saved."""


class StaleVersionError(WorkflowError):
    """Someone else saved the dossier since this user loaded it; this save was refused."""

    status_code = 409
