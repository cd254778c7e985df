from __future__ import annotations

from thidua.core.errors import Refused


class PortalError(Refused):
    """A refused portal action, with a Vietnamese message for the user."""
