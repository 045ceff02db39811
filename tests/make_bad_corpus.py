"""Regenerate ``tests/data/bad_case_files/``: case files that ``read_case_file`` must refuse.

    .venv/bin/python tests/make_bad_corpus.py

Each entry is a small valid case file (``base_case()``) with one defect: a folder, or a .zip
for the archive defects. The expected error of each entry (class, path, words of the message)
is listed in ``tests/test_casefile.py`` (``BAD_FILES``); a test checks that both lists agree.
Defects that git cannot carry portably (symbolic links) or that need large files (oversized
case.json) are built by the tests themselves in a temporary folder.
"""

from __future__ import annotations

import json
import re
import shutil
import stat
import sys
import zipfile
from collections.abc import Callable
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dispute.model import (  # noqa: E402
    AnswerOutcome,
    Case,
    Counterpart,
    Direction,
    Event,
    EventKind,
    Exhibit,
    InvoiceLine,
    InvoiceReason,
    Line,
    LineKind,
    RegisteredMail,
)
from store.casefile import write_case_file  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "data" / "bad_case_files"
EXPORTED_AT = datetime(2026, 6, 1, 12, 0, tzinfo=timezone.utc)
ZIP_TIME = (2026, 6, 1, 12, 0, 0)
EX1, EX2 = "exh000000001", "exh000000002"
FILE1, FILE2 = "pieces/P01_facture.txt", "pieces/P02_ar.txt"
CONTENT = {EX1: b"Facture n\xc2\xb0 F-0001 du 05/03/2026 : 32,99 EUR\n",
           EX2: b"Avis de reception : LRAR 1A 000 000 0001 1 distribuee le 18/03/2026\n"}


def base_case() -> Case:
    """A small valid case: 2 exhibits, 3 events, 1 disputed invoice line."""
    case = Case(id="corpusbase01", revision=3,
                created_at=datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))
    case.subscriber.name = "Hélène Dupont"
    case.operator.name = "Opérateur d'exemple"
    case.lines = [Line(number="01 99 00 00 01", kind=LineKind.INTERNET)]
    case.contract.monthly_price = Decimal("32.99")
    case.invoice_lines = [InvoiceLine(id="inv000000001", invoice_number="F-0001",
                                      invoice_date=date(2026, 3, 5),
                                      amount_billed=Decimal("32.99"),
                                      amount_disputed=Decimal("32.99"),
                                      reason=InvoiceReason.NOT_DELIVERED)]
    case.exhibits = [
        Exhibit(id=EX1, number=1, title="facture", original_name="facture.txt",
                media_type="text/plain"),
        Exhibit(id=EX2, number=2, title="ar", original_name="ar.txt", media_type="text/plain"),
    ]
    case.events = [
        Event(id="evt000000001", kind=EventKind.CALL, date=date(2026, 3, 3)),
        Event(id="evt000000002", kind=EventKind.REGISTERED_LETTER, date=date(2026, 3, 16),
              written=True, exhibit_ids=[EX1, EX2],
              registered=RegisteredMail(tracking_number="1A 000 000 0001 1",
                                        posted_on=date(2026, 3, 16),
                                        received_on=date(2026, 3, 18))),
        Event(id="evt000000003", kind=EventKind.ANSWER, date=date(2026, 4, 2), written=True,
              counterpart=Counterpart.SERVICE_CLIENTS, direction=Direction.INCOMING,
              outcome=AnswerOutcome.UNSATISFACTORY),
    ]
    return case


def write_base(folder: Path) -> Path:
    """Write the valid base case file into ``folder`` (its exhibit sources live beside it)."""
    sources = folder.parent / f".{folder.name}.sources"
    sources.mkdir(parents=True)
    for exhibit_id, data in CONTENT.items():
        (sources / exhibit_id).write_bytes(data)
    try:
        return write_case_file(base_case(), lambda x: sources / x.id, folder,
                               exported_at=EXPORTED_AT)
    finally:
        shutil.rmtree(sources)


# --------------------------------------------------------------------------- mutations


def _json(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "case.json").read_text(encoding="utf-8"))


def _dump(folder: Path, document: Any) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    (folder / "case.json").write_bytes(text.encode("utf-8"))


def edit(change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        document = _json(folder)
        change(document)
        _dump(folder, document)
    return apply


def raw(change: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        file = folder / "case.json"
        file.write_bytes(change(file.read_text(encoding="utf-8")).encode("utf-8"))
    return apply


def replace_once(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return change


def set_at(path: list[str | int], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        node: Any = document
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
    return change


def delete_at(path: list[str | int]) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        node: Any = document
        for part in path[:-1]:
            node = node[part]
        del node[path[-1]]
    return change


def truncate(folder: Path) -> None:
    file = folder / "case.json"
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])


def latin1(folder: Path) -> None:
    file = folder / "case.json"
    file.write_bytes(file.read_bytes().replace("Hélène".encode(), "Hélène".encode("latin-1")))


def deep_nesting(folder: Path) -> None:
    raw(replace_once('"notes": ""', '"notes": ' + "[" * 5000 + "]" * 5000))(folder)


def huge_integer(folder: Path) -> None:
    raw(replace_once('"revision": 3', '"revision": ' + "9" * 5000))(folder)


def add_orphan_entry(document: dict[str, Any]) -> None:
    document["exhibit_files"]["orphan000001"] = dict(document["exhibit_files"][EX1])


def file_bytes(name: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        file = folder / name
        file.write_bytes(change(file.read_bytes()))
    return apply


def remove_file(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


def flip_first_byte(data: bytes) -> bytes:
    return bytes([data[0] ^ 0x20]) + data[1:]


FOLDERS: dict[str, Callable[[Path], None]] = {
    # JSON syntax and strictness
    "truncated_json": truncate,
    "empty_json": lambda folder: (folder / "case.json").write_bytes(b""),
    "not_utf8": latin1,
    "trailing_garbage": raw(lambda text: text + "}\n"),
    "nan_value": raw(replace_once('"revision": 3', '"revision": NaN')),
    "infinity_value": raw(lambda text: re.sub(r'"size": [0-9]+', '"size": -Infinity', text, 1)),
    "huge_float": raw(replace_once('"revision": 3', '"revision": 1e400')),
    "duplicate_key": raw(replace_once('"name": "Hélène Dupont",',
                                      '"name": "Hélène Dupont",\n      "name": "Autre",')),
    "deep_nesting": deep_nesting,
    "huge_integer": huge_integer,
    "top_level_array": raw(lambda text: "[]\n"),
    # envelope and versions
    "unknown_format": edit(set_at(["format"], "autre-logiciel/dossier")),
    "newer_version": edit(set_at(["format_version"], 99)),
    "version_as_string": edit(set_at(["format_version"], "1")),
    "unknown_top_field": edit(set_at(["signature"], "x")),
    "bad_exported_at": edit(set_at(["exported_at"], "2026-13-01T00:00:00+00:00")),
    # schema: types, values, fields
    "missing_field": edit(delete_at(["case", "contract", "offer"])),
    "unknown_field": edit(set_at(["case", "subscriber", "surnom"], "Léna")),
    "wrong_type_date": edit(set_at(["case", "events", 2, "date"], 20260402)),
    "invalid_date": edit(set_at(["case", "events", 1, "date"], "2026-02-30")),
    "date_with_newline": edit(set_at(["case", "events", 0, "date"], "2026-03-03\n")),
    "wrong_type_amount": edit(set_at(["case", "invoice_lines", 0, "amount_billed"], 32.99)),
    "amount_with_comma": edit(set_at(["case", "invoice_lines", 0, "amount_disputed"], "32,99")),
    "bad_enum": edit(set_at(["case", "events", 0, "kind"], "telegram")),
    "bad_optional_enum": edit(set_at(["case", "events", 2, "outcome"], "maybe")),
    "bool_as_number": edit(set_at(["case", "exhibits", 0, "number"], True)),
    "bad_case_id": edit(set_at(["case", "id"], "../../etc")),
    "bad_siren": edit(set_at(["case", "subscriber", "siren"], "SIREN 123")),
    "list_instead_of_object": edit(set_at(["case", "contract"], [])),
    # consistency between the case and its files
    "duplicate_exhibit_number": edit(set_at(["case", "exhibits", 1, "number"], 1)),
    "duplicate_event_id": edit(set_at(["case", "events", 2, "id"], "evt000000001")),
    "dangling_exhibit_ref": edit(set_at(["case", "events", 0, "exhibit_ids"],
                                        ["zzz000000000"])),
    "exhibit_without_file_entry": edit(delete_at(["exhibit_files", EX2])),
    "file_entry_without_exhibit": edit(add_orphan_entry),
    "record_hash_mismatch": edit(set_at(["case", "exhibits", 0, "sha256"], "0" * 64)),
    "shared_file": edit(set_at(["exhibit_files", EX2, "path"], "pieces/P01_FACTURE.txt")),
    # unsafe exhibit paths
    "dotdot_path": edit(set_at(["exhibit_files", EX1, "path"], "pieces/../../secret.txt")),
    "absolute_path": edit(set_at(["exhibit_files", EX1, "path"], "/etc/passwd")),
    "unc_path": edit(set_at(["exhibit_files", EX1, "path"], "//serveur/partage/x.txt")),
    "backslash_path": edit(set_at(["exhibit_files", EX1, "path"], "pieces\\P01_facture.txt")),
    "drive_letter": edit(set_at(["exhibit_files", EX1, "path"], "C:/Windows/win.ini")),
    "outside_pieces": edit(set_at(["exhibit_files", EX1, "path"], "autre/P01_facture.txt")),
    "reserved_name": edit(set_at(["exhibit_files", EX1, "path"], "pieces/CON.txt")),
    # exhibit files
    "missing_exhibit_file": remove_file(FILE2),
    "size_mismatch": file_bytes(FILE1, lambda data: data + b"x"),
    "hash_mismatch": file_bytes(FILE2, flip_first_byte),
    "no_case_json": remove_file("case.json"),
}


def _zip(out: Path, entries: list[tuple[str, bytes]], *, symlink: str = "") -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
        if symlink:
            info = zipfile.ZipInfo(symlink, date_time=ZIP_TIME)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")


def _base_entries(folder: Path, top: str = "dossier") -> list[tuple[str, bytes]]:
    return [(f"{top}/{p.relative_to(folder).as_posix()}", p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()]


def make_zips(base: Path) -> None:
    entries = _base_entries(base)
    _zip(CORPUS / "zip_slip.zip", [*entries, ("../evil.txt", b"evil\n")])
    _zip(CORPUS / "zip_absolute.zip", [*entries, ("/tmp/evil.txt", b"evil\n")])
    _zip(CORPUS / "zip_backslash.zip", [*entries, ("dossier\\..\\..\\evil.txt", b"evil\n")])
    _zip(CORPUS / "zip_symlink.zip", entries, symlink="dossier/pieces/lien")
    _zip(CORPUS / "zip_bomb.zip", [*entries, ("dossier/pieces/zeros.bin", bytes(20 << 20))])
    _zip(CORPUS / "zip_no_case_json.zip", [e for e in entries if not e[0].endswith("case.json")])
    _zip(CORPUS / "zip_two_folders.zip", [*entries, *_base_entries(base, "autre")])
    (CORPUS / "not_a_zip.zip").write_bytes(b"Ceci n'est pas une archive.\n")


def main() -> None:
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    CORPUS.mkdir(parents=True)
    base = write_base(CORPUS / ".base")
    try:
        for name, mutate in FOLDERS.items():
            folder = CORPUS / name
            shutil.copytree(base, folder)
            mutate(folder)
        make_zips(base)
    finally:
        shutil.rmtree(base)
    print(f"{len(FOLDERS)} folders and {len(list(CORPUS.glob('*.zip')))} archives in {CORPUS}")


if __name__ == "__main__":
    main()
