"""Text without its accents, for comparisons and searches (« Écrasement » ~ « ecrasement »)."""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """``text`` decomposed (NFKD) without its combining marks: « Télécom » → « Telecom »,
    « œ » stays, « ﬁ » → « fi ». Case is left to the caller (``lower``, ``casefold``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
