"""Errors with a Vietnamese message for the user. Permission refusals use Django's PermissionDenied."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class WorkflowError(ValidationError):
    """A request the rules or the dossier's state do not allow; nothing was saved."""


class StaleVersionError(WorkflowError):
    """Someone else saved the dossier since this user loaded it; this save was refused."""
