"""Refusals with a Vietnamese message; nothing was saved when one is raised."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from thidua.core.errors import Refused


class MovementError(Refused, ValidationError):
    """Bad input or a step the movement, registration or scoring sheet does not allow."""
