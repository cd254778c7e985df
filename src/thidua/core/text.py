"""Vietnamese text helpers: search keys without diacritics (đ → d)."""

from __future__ import annotations

import re
import unicodedata

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
