"""The headless commands, as support staff and scripts use them."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "panne-fibre-particulier"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_of_a_case_file_is_reproducible_with_today(capsys):
    code, out, _ = run(capsys, "status", str(EXAMPLE), "--today", "2026-11-22", "--json")
    assert code == 0
    first = json.loads(out)
    assert first["today"] == "2026-11-22"
    assert first["stage"]["id"] == "service_consommateurs"
    mediator = first["routes"]["mediator"]
    assert mediator["open"] is True
    _, again, _ = run(capsys, "status", str(EXAMPLE), "--today", "2026-11-22", "--json")
    assert again == out


def test_status_text_says_why(capsys):
    code, out, _ = run(capsys, "status", str(EXAMPLE), "--today", "2026-11-22")
    assert code == 0
    assert "Service consommateurs saisi" in out
    assert "Pourquoi" in out and "L.612-2" in out


def test_status_before_the_delay_says_the_mediator_is_not_yet_open(capsys):
    _, out, _ = run(capsys, "status", str(EXAMPLE), "--today", "2026-04-01", "--json")
    data = json.loads(out)
    mediator = data["routes"]["mediator"]
    assert mediator["open"] is False


def test_bad_today_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main.main(["status", str(EXAMPLE), "--today", "22/11/2026"])
    assert info.value.code == 2
    assert "AAAA-MM-JJ" in capsys.readouterr().err


def test_import_list_export_round_trip(tmp_path, capsys):
    data = tmp_path / "data"
    code, out, _ = run(capsys, "--data-dir", str(data), "import", str(EXAMPLE))
    assert code == 0 and "6 pièce(s)" in out
    code, out, _ = run(capsys, "--data-dir", str(data), "list", "--json")
    rows = json.loads(out)
    assert [r["subscriber"] for r in rows] == ["Claire Fontaine"]
    assert rows[0]["next_deadline"]["id"] == "mediator_one_year_limit"
    case_id = rows[0]["id"]

    code, out, _ = run(capsys, "--data-dir", str(data), "status", case_id[:6], "--json",
                       "--today", "2026-11-22")
    assert code == 0 and json.loads(out)["case_id"] == case_id

    exported = tmp_path / "export"
    code, _, _ = run(capsys, "--data-dir", str(data), "export", case_id, "--out", str(exported))
    assert code == 0
    original = sorted(p.name for p in (EXAMPLE / "pieces").iterdir())
    assert sorted(p.name for p in (exported / "pieces").iterdir()) == original
    for name in original:
        assert filecmp.cmp(EXAMPLE / "pieces" / name, exported / "pieces" / name, shallow=False)


def test_unknown_case_and_bad_file_are_explained_in_french(tmp_path, capsys):
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d"), "status", "zzzzzz")
    assert code == 1 and "Aucun dossier" in err
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "case.json").write_text('{"format": "recours-telecom/case", "format_version": 1,',
                                   encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d"), "import", str(bad))
    assert code == 1 and err.startswith("Erreur : ") and "ligne" in err
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "d"), "list")
    assert out.strip() == "Aucun dossier."


def test_list_prints_each_line_cleaned_as_before_in_one_write(tmp_path, capsys, monkeypatch):
    """``main.py list`` writes its lines at once (10,000 prints cost two system calls each
    when unbuffered), cleaning nothing when nothing needs it: the same text as cleaning and
    printing each line (the path hostile names take: a carriage return, escape codes, a lone
    surrogate, a vertical tab, NEL)."""
    import dispute.validation
    from store import CaseStore
    from test_store_support import make_case

    clean = ["Zoé Lefèvre", "Émile 🥖 & <Cie>", "", "Ana\u00a0Lé"]
    hostile = ["Marc\r Rouge\r\n", "\x1b[31mNadia\x07 Benali\x85", "Ana\ud800 Lé", "Ligne\x0bdeux"]
    writes: list[str] = []
    real_write = sys.stdout.write

    def listing(data, line_by_line: bool) -> str:
        if line_by_line:
            monkeypatch.setattr(dispute.validation, "needs_cleaning", lambda text: True)
        monkeypatch.setattr(sys.stdout, "write",
                            lambda text: writes.append(text) or real_write(text))
        writes.clear()
        code, out, _ = run(capsys, "--data-dir", str(data), "list")
        monkeypatch.undo()
        assert code == 0 and len(writes) == 1
        return out

    for names in (clean, clean + hostile):
        data = tmp_path / str(len(names))
        with CaseStore.open(data) as opened:
            for name in names:
                opened.save_case(make_case(name))
        out = listing(data, line_by_line=False)
        assert out == listing(data, line_by_line=True)
        assert out.endswith(f"\n{len(names)} dossier(s).\n")
        assert "Zoé Lefèvre" in out and "Émile 🥖 & <Cie>" in out and "(sans nom)" in out
    assert "Nadia Benali\n" in out and "Ligne\ndeux" in out and "Marc\n Rouge\n" in out
    assert not any(c in out for c in "\x1b\x07\r\x85\x0b\ud800")


def test_headless_commands_do_not_load_qt(tmp_path):
    script = (
        "import sys, main\n"
        f"code = main.main(['status', {str(EXAMPLE)!r}, '--today', '2026-11-22'])\n"
        "assert code == 0\n"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_second_instance_is_refused_with_a_clear_message(tmp_path):
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from store.store import CaseStore\n"
         f"s = CaseStore.open(__import__('pathlib').Path({str(data)!r}))\n"
         "print('ready', flush=True)\n"
         "sys.stdin.read()\n"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        # reading needs no lock (tests/test_store_readonly.py); writing is refused
        result = subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "list"],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "Aucun dossier." in result.stdout
        result = subprocess.run([sys.executable, "main.py", "--data-dir", str(data), "import",
                                 str(EXAMPLE)],
                                cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 1
        assert "Erreur" in result.stderr and "déjà ouvert" in result.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_dossier_from_a_case_file_for_the_cpme_with_its_email(tmp_path, capsys):
    import email
    import zipfile

    folder = ROOT / "examples" / "facturation-entreprise-cpme"
    out = tmp_path / "sortie" / "dossier.zip"
    out.parent.mkdir()
    code, text, err = run(capsys, "dossier", str(folder), "--out", str(out),
                          "--today", "2026-11-22", "--email")
    assert code == 0, err
    assert "Dossier créé" in text
    names = zipfile.ZipFile(out).namelist()
    assert any(n.startswith("01_Courriers/") and "CPME" in n for n in names)
    assert "02_Chronologie/Chronologie.pdf" in names
    assert sum(n.startswith("04_Pieces/P0") for n in names) == 5
    draft = email.message_from_bytes(out.with_suffix(".eml").read_bytes())
    assert "dborne@cpme.fr" in draft["To"]


def test_dossier_from_the_store_and_a_missing_exhibit(tmp_path, capsys):
    data = tmp_path / "data"
    run(capsys, "--data-dir", str(data), "import", str(EXAMPLE))
    case_id = json.loads(run(capsys, "--data-dir", str(data), "list", "--json")[1])[0]["id"]
    out = tmp_path / "m.zip"
    code, text, err = run(capsys, "--data-dir", str(data), "dossier", case_id, "--out", str(out),
                          "--today", "2026-11-22")
    assert code == 0, err
    assert "Saisine du M" in " ".join(__import__("zipfile").ZipFile(out).namelist())
    # An exhibit file vanishes from the store: the dossier stops, naming it, and leaves nothing.
    victim = next((data / "exhibits" / case_id).iterdir())
    victim.unlink()
    out2 = tmp_path / "m2.zip"
    code, _, err = run(capsys, "--data-dir", str(data), "dossier", case_id, "--out", str(out2),
                       "--today", "2026-11-22")
    assert code == 1 and "pièce n°" in err.lower() and "introuvable" in err
    assert not out2.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("m2")] == []


NOT_FOR_A_DOSSIER = ("PySide6", "jsonschema", "holidays", "pypdf", "pypdfium2", "phonenumbers",
                     "platformdirs", "openpyxl", "icalendar", "dispute.validation",
                     "concurrent.futures", "multiprocessing")
"""What ``main.py dossier`` of a small stored case has no use for (docs/benchmarks.md): Qt,
the case file schema, the holidays package (a table is shipped), PDF readers (the exhibits'
page counts are read by documents/pdf_pages.py), phone numbers, the data folder's default
(``--data-dir`` given), the Bilan's and the calendar's formats, the validation module (the
output is cleaned by dispute/control_chars.py) and render workers (a small case has none)."""


def test_a_small_dossier_imports_only_what_it_uses(tmp_path, capsys):
    data = tmp_path / "data"
    run(capsys, "--data-dir", str(data), "import", str(EXAMPLE))
    case_id = json.loads(run(capsys, "--data-dir", str(data), "list", "--json")[1])[0]["id"]
    script = (
        "import sys, main\n"
        f"code = main.main(['--data-dir', {str(data)!r}, 'dossier', {case_id!r}, '--out', "
        f"{str(tmp_path / 'd.zip')!r}, '--today', '2026-11-22'])\n"
        "assert code == 0\n"
        f"print(sorted(m for m in sys.modules if m.startswith({NOT_FOR_A_DOSSIER!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
    assert zipfile.ZipFile(tmp_path / "d.zip").testzip() is None


def test_status_of_a_stored_case_reports_an_altered_exhibit(tmp_path, capsys):
    data = tmp_path / "data"
    run(capsys, "--data-dir", str(data), "import", str(EXAMPLE))
    case_id = json.loads(run(capsys, "--data-dir", str(data), "list", "--json")[1])[0]["id"]
    _, out, _ = run(capsys, "--data-dir", str(data), "status", case_id, "--json")
    assert json.loads(out)["exhibit_problems"] == []
    victim = sorted((data / "exhibits" / case_id).iterdir())[0]
    raw = bytearray(victim.read_bytes())
    raw[-1] ^= 0xFF  # same size, different content
    victim.write_bytes(bytes(raw))
    _, out, _ = run(capsys, "--data-dir", str(data), "status", case_id, "--json")
    problems = json.loads(out)["exhibit_problems"]
    assert [p["kind"] for p in problems] == ["hash"]
    _, text, _ = run(capsys, "--data-dir", str(data), "status", case_id)
    assert "Pièce en défaut" in text


@pytest.mark.parametrize("argv", [
    [],
    ["--smoke"],
    ["-v"],
    ["--verbose", "--smoke"],
    ["--data-dir", "/tmp/données à part"],
    ["--data-dir=/tmp/d", "-v"],
    ["--smoke", "--data-dir", "relatif", "--verbose"],
    ["--data-dir", "a", "--data-dir", "b"],
])
def test_desktop_options_read_like_the_full_parser(argv):
    """The desktop start-up skips building the parser; it must read the same options."""
    from cli.commands import build_parser

    fast = main.desktop_options(argv)
    full = build_parser().parse_args(argv)
    assert full.command is None
    assert fast == main.DesktopOptions(full.data_dir, full.smoke, full.verbose)


@pytest.mark.parametrize("argv", [
    ["list"], ["--smoke", "status", "x"], ["--help"], ["-h"], ["--smo"], ["--data-dir"],
    ["--data-dir", "--smoke"], ["--data-dir="], ["--verbose=1"], ["-vv"], ["--unknown"],
])
def test_anything_else_goes_to_the_full_parser(argv):
    assert main.desktop_options(argv) is None


def test_a_mistyped_option_is_explained_by_the_full_parser(capsys):
    with pytest.raises(SystemExit) as stop:
        main.main(["--smok3"])
    assert stop.value.code == 2
    assert "--smok3" in capsys.readouterr().err
