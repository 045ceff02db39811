"""The TinyDB storage of the store: every write atomic and durable (store/atomic.py).

Kept apart from store/atomic.py so that TinyDB is imported when a database file is first
used, not by everything that writes a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from store.atomic import atomic_write_bytes, dumps_json, read_json_file
from store.errors import StoreCorruptError


class AtomicJSONStorage(Storage):
    """TinyDB storage: JSON in UTF-8, every write atomic and (if ``durable``) fsynced.

    Unlike TinyDB's ``JSONStorage`` it never creates or truncates the file when opened, and
    an existing empty or invalid file raises ``StoreCorruptError`` instead of being taken for
    an empty database (which the next write would silently replace).
    """

    def __init__(
        self,
        path: Path | str,
        *,
        durable: bool = True,
        indent: int | None = None,
        sync_dir: bool = True,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.durable = durable
        self.indent = indent
        self.sync_dir = sync_dir

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            data = read_json_file(self.path)
        except FileNotFoundError:
            return None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise StoreCorruptError(
                f"Le fichier « {self.path} » n'a pas la structure attendue.", path=self.path
            )
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write_bytes(
            self.path,
            dumps_json(data, indent=self.indent),
            durable=self.durable,
            sync_dir=self.sync_dir,
        )

    def close(self) -> None:
        pass
