from __future__ import annotations


class PortalError(Exception):
    """A refused portal action, with a Vietnamese message for the user."""
