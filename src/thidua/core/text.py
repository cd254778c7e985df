"""Vietnamese text helpers: search keys without diacritics (đ → d)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

_SPACES = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def search_key(text: str) -> str:
    """Lower-case, strip diacritics, map đ→d, collapse spaces.

    "NÔNG LƯƠNG CHẤN", "Nông Lương Chấn" and "nong  luong chan" give the same key.
    """
    text = text.translate(_D_MAP)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()


def nfc(text: str) -> str:
    """Normalise to NFC so that equal Vietnamese strings compare equal."""
    return unicodedata.normalize("NFC", text).strip()


def length_errors(model: Any, values: Mapping[str, str]) -> list[str]:
    """Vietnamese messages for values longer than their field allows (``max_length``), naming the field
    and the limit. Services check before saving: PostgreSQL refuses an over-long value with an error
    (a 500), SQLite would store it whole."""
    errors: list[str] = []
    for name, value in values.items():
        field = model._meta.get_field(name)
        limit = getattr(field, "max_length", None)
        if limit is not None and len(value) > limit:
            errors.append(f"Trường “{str(field.verbose_name).capitalize()}”: tối đa {limit} ký tự "
                          f"(đang có {len(value)}).")
    return errors
