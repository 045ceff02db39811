"""The cache of parsed TrueType faces (documents/face_cache.py): the very face ReportLab
parses, the same PDF bytes, a new entry for a changed font, silent fallback on any damage,
atomic writes, and the per-user folder platformdirs would give."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from documents import face_cache, fonts

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(face_cache.ENV_VAR, str(folder))
    return folder


def _font(name: str = fonts.REGULAR) -> str:
    return str(fonts.font_path(fonts.FONT_FILES[name]))


def _assert_same_face(mine, theirs) -> None:
    assert type(mine) is type(theirs)
    assert set(vars(mine)) == set(vars(theirs))
    for key, value in vars(theirs).items():
        if key == "_pdfScale":
            continue
        assert vars(mine)[key] == value, key
        assert type(vars(mine)[key]) is type(value), key
    for units in (0, 1, 1000, 2048, -77, 0.5):
        assert mine._pdfScale(units) == theirs._pdfScale(units)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.face")) if folder.exists() else []


@pytest.mark.parametrize("name", list(fonts.FONT_FILES))
def test_a_cached_face_is_the_face_reportlab_parses(cache, name, monkeypatch) -> None:
    expected = TTFontFace(_font(name))
    first = face_cache.read_face(_font(name))  # parsed, entry written
    _assert_same_face(first, expected)
    assert len(_entries(cache)) == 1

    def no_parsing(*_args, **_kwargs):
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(TTFontFace, "__init__", no_parsing)
    second = face_cache.read_face(_font(name))
    _assert_same_face(second, expected)
    # the cached face is an ordinary face: subsetting reads its bytes
    assert second._ttf_data == Path(_font(name)).read_bytes()


_RENDER = """
import hashlib
from datetime import date
from documents.content import (Align, BulletList, Heading, Letter, Paragraph, Report,
                               Signature, Table)
from documents.render_pdf import letter_pdf_bytes, report_pdf_bytes
rows = tuple((f"{d:02d}/01/2026", "Appel au service clients n° %d : ligne coupée, œ, €" % d)
             for d in range(1, 40))
report = Report(title="Chronologie – été 2026 : 1 234,56 €", generated_on=date(2026, 11, 22),
                subtitle="« œuvre »", table=Table(("Date", "Événement"), rows,
                                                  (Align.LEFT, Align.LEFT)))
letter = Letter(subject="Saisine du médiateur",
                body=(Paragraph.of("Je vous saisis <i>du litige</i> : 12,50 €. " * 9),
                      Heading("Démarches"), BulletList.of(*[f"Étape {i}" for i in range(8)])),
                sender=("Claire Fontaine", "8 allée des Glycines", "37100 TOURS"),
                recipient=("Médiateur des communications électroniques", "CS 30342",
                           "94257 GENTILLY CEDEX"),
                place_and_date="Tours, le 22 novembre 2026",
                signature=Signature("Claire Fontaine"))
digest = hashlib.sha256(report_pdf_bytes(report)[0] + letter_pdf_bytes(letter)[0])
print(digest.hexdigest())
"""


def _render_digest(cache_value: str) -> str:
    env = {**os.environ, face_cache.ENV_VAR: cache_value, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _RENDER], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return out.stdout.strip()


def test_the_same_pdf_bytes_with_and_without_the_cache(tmp_path) -> None:
    folder = tmp_path / "faces"
    without = _render_digest("")
    first = _render_digest(str(folder))  # parses, writes the entries
    assert _entries(folder)
    second = _render_digest(str(folder))  # reads them
    assert without == first == second


def test_a_changed_font_file_gets_its_own_entry(cache, tmp_path) -> None:
    path = tmp_path / "Face.ttf"
    shutil.copyfile(_font(fonts.REGULAR), path)
    face_cache.read_face(str(path))
    shutil.copyfile(_font(fonts.BOLD), path)  # same name, same folder, other content
    face = face_cache.read_face(str(path))
    _assert_same_face(face, TTFontFace(str(path)))
    assert face.name == b"DejaVuSans-Bold"
    assert len(_entries(cache)) == 2


def test_the_entry_is_named_by_content_and_versions(monkeypatch) -> None:
    data = Path(_font()).read_bytes()
    name = face_cache._entry_name(data)
    assert name == face_cache._entry_name(bytes(data))
    assert face_cache._entry_name(data[:-1] + b"\1") != name
    monkeypatch.setattr(face_cache, "FORMAT", face_cache.FORMAT + 1)
    assert face_cache._entry_name(data) != name
    import reportlab

    monkeypatch.setattr(face_cache, "FORMAT", face_cache.FORMAT - 1)
    monkeypatch.setattr(reportlab, "Version", reportlab.Version + ".x")
    assert face_cache._entry_name(data) != name


def _damaged_variants(blob: bytes) -> dict[str, bytes]:
    import marshal

    header = face_cache._MAGIC
    start = len(header) + face_cache._CHECK
    payload = blob[start:]
    flipped = bytearray(blob)
    flipped[len(blob) // 2] ^= 0xFF

    def signed(value) -> bytes:
        return face_cache._sealed(marshal.dumps(value))

    return {
        "empty": b"",
        "truncated": blob[: len(blob) // 3],
        "a byte flipped": bytes(flipped),
        "another header": b"XXXXXXX\n" + blob[len(header):],
        "no payload": blob[:start],
        "garbage with its checksum": face_cache._sealed(b"\x00garbage"),
        "the header of the former format": b"RTFACE1\n" + blob[len(header):],
        "a list": signed([1, 2, 3]),
        "a dict without widths": signed({"unitsPerEm": 2048}),
        "a zero unitsPerEm": signed({"charWidths": {}, "unitsPerEm": 0}),
        "a payload cut, its checksum kept": blob[:start] + payload[:-5],
        "a payload cut and sealed again": face_cache._sealed(payload[:-5]),
    }


@pytest.mark.parametrize("damage", list(_damaged_variants(b"x" * 100)))
def test_a_damaged_entry_is_ignored_and_written_again(cache, damage) -> None:
    expected = TTFontFace(_font(fonts.ITALIC))
    face_cache.read_face(_font(fonts.ITALIC))
    (entry,) = _entries(cache)
    good = entry.read_bytes()
    entry.write_bytes(_damaged_variants(good)[damage])
    face = face_cache.read_face(_font(fonts.ITALIC))  # no exception
    _assert_same_face(face, expected)
    assert entry.read_bytes() == good  # rewritten whole
    assert not list(cache.glob("*.tmp"))


def test_an_unwritable_cache_folder_only_costs_the_parse(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "a file"
    blocker.write_bytes(b"")
    monkeypatch.setenv(face_cache.ENV_VAR, str(blocker / "fonts"))  # cannot be a folder
    face = face_cache.read_face(_font())
    _assert_same_face(face, TTFontFace(_font()))


def test_a_failed_write_leaves_no_temporary_file(cache, monkeypatch) -> None:
    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(face_cache.os, "replace", full_disk)
    face_cache.read_face(_font())
    assert not _entries(cache)
    assert not list(cache.glob("*"))


def test_an_empty_setting_turns_the_cache_off(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(face_cache.ENV_VAR, "")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert face_cache.cache_dir() is None
    _assert_same_face(face_cache.read_face(_font()), TTFontFace(_font()))
    assert not list(tmp_path.rglob("*.face"))


def test_a_missing_font_file_raises_as_reportlab_does(cache, tmp_path) -> None:
    with pytest.raises(OSError):
        face_cache.read_face(str(tmp_path / "absent.ttf"))
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"\0" * 100)
    font = fonts._lazy_font(fonts.REGULAR, broken)
    with pytest.raises(fonts.FontError, match="Police illisible"):
        font.stringWidth("a", 10)
    assert not _entries(cache)


def test_the_cache_folder_is_platformdirs_user_cache(monkeypatch, tmp_path) -> None:
    import platformdirs

    monkeypatch.delenv(face_cache.ENV_VAR, raising=False)
    for xdg in (None, str(tmp_path / "xdg"), "relative/ignored", ""):
        if xdg is None:
            monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        expected = platformdirs.user_cache_path(face_cache.APP_NAME, appauthor=False)
        assert face_cache.cache_dir() == expected / "fonts", xdg
