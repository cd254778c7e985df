"""Refusals onto forms: the one place a service's "no" becomes form errors."""

from __future__ import annotations

from django import forms

from .errors import refusal_messages


class RefusalErrorsForm(forms.Form):
    """A form that shows a service's refusal: messages naming a field go next to it, the rest above."""

    # False: every message above the form (the service's field names are not this form's).
    field_errors = True

    def add_service_errors(self, exc: BaseException) -> None:
        if self.field_errors and hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():  # type: ignore[attr-defined]
                for message in errors:
                    self.add_error(field if field in self.fields else None, message)
            return
        for message in refusal_messages(exc):
            self.add_error(None, message)
