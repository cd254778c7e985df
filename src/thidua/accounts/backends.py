"""The authentication backend: Django's, reading the user's unit in the same query.

Every staff page shows the user's unit in its header and scopes its data by it, so loading the
user with its unit saves one query on every request.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .models import User


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        user = User._default_manager.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
