"""What the store and the case list read of every case without loading the case model:
the schema version, identifiers, the subscriber's kind and the case's status.

Apart from ``dispute.model`` so that each start-up (the store checks ``SCHEMA_VERSION``; the
list reads ``SubscriberKind`` and ``CaseStatus`` from the store's summaries) does not build
the case dataclasses and their other enums too (bench/startup.py). ``dispute.model``
re-exports every name here: elsewhere, import them from there.
"""

from __future__ import annotations

import os
from enum import StrEnum

SCHEMA_VERSION = 4
"""Version of the case structure, stored with every case and in every case file."""


def new_id() -> str:
    """A short random identifier (12 hex digits), safe in file names on every OS."""
    return os.urandom(6).hex()  # what uuid4().hex[:12] holds, without importing uuid


class SubscriberKind(StrEnum):
    PRIVATE = "private"
    BUSINESS = "business"


class CaseStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    ABANDONED = "abandoned"
