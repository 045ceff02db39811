"""Packaging (docs/packaging.md).

The build itself takes minutes: ``test_build_and_check`` runs only with RECOURS_TEST_BUILD=1
(``RECOURS_TEST_BUILD=1 python run.py test tests/test_packaging.py -m slow``). It builds
dist/RecoursTelecom/ with packaging/build.py and runs packaging/check_build.py (contents, Qt
modules, --smoke offscreen and windowed, dossiers identical to the source, PDFium, second
instance). The other tests only read the packaging files and take milliseconds.
"""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


@pytest.mark.slow
@pytest.mark.timeout(3600)
@pytest.mark.skipif(os.environ.get("RECOURS_TEST_BUILD") != "1",
                    reason="build PyInstaller (plusieurs minutes) : RECOURS_TEST_BUILD=1 pour le lancer")
def test_build_and_check():
    result = subprocess.run([sys.executable, str(PACKAGING / "build.py")], cwd=ROOT,
                            capture_output=True, text=True, encoding="utf-8", errors="replace",
                            timeout=3500, check=False)
    tail = (result.stdout + result.stderr)[-6000:]
    assert result.returncode == 0, tail
    assert "Construction vérifiée : tout est conforme." in result.stdout, tail
    assert "ÉCHEC" not in result.stdout, tail


def test_spec_is_portable_python():
    text = (PACKAGING / "recours-telecom.spec").read_text(encoding="utf-8")
    compile(text, "recours-telecom.spec", "exec")
    # Paths are joined, never written with a separator of one OS.
    assert "/work/" not in text and "C:\\" not in text
    assert '("assets", "assets")' in text or 'os.path.join(ROOT, "assets"), "assets"' in text
    assert '"docx.parts": "pyz+py"' in text  # python-docx's parts/../templates paths


def test_desktop_file():
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(PACKAGING / "linux" / "recours-telecom.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Recours Télécom"
    assert entry["Comment"]
    assert entry["Categories"] == "Office;"
    assert entry["Icon"] == "recours-telecom"
    assert (ROOT / "assets" / "icons" / "recours-telecom.svg").is_file()


def test_icon_png_is_256():
    data = (ROOT / "assets" / "icons" / "recours-telecom.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (256, 256)
    ico = (ROOT / "assets" / "icons" / "recours-telecom.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and int.from_bytes(ico[4:6], "little") >= 4


def test_inno_setup_script():
    raw = (PACKAGING / "windows" / "recours-telecom.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup needs the UTF-8 BOM to read the accents"
    text = raw.decode("utf-8-sig")
    for line in ("PrivilegesRequired=lowest",
                 r"DefaultDirName={localappdata}\Programs\{#AppName}",
                 '#define AppName "Recours Télécom"',
                 r'MessagesFile: "compiler:Languages\French.isl"',
                 "{autoprograms}", "{autodesktop}", "Flags: unchecked"):
        assert line in text, line
    assert "/" not in text.split("[Files]")[1].split("[Icons]")[0]  # Windows paths only
