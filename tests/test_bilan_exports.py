"""The Bilan's files (PDF, XLSX, CSV), the anonymised export and the CLI commands."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

import main
from dispute.anonymised import HEADER, anonymised_rows
from dispute.bilan import Period, build_bilan
from documents.bilan_files import (
    bilan_csv_bytes,
    bilan_pdf_bytes,
    bilan_xlsx_bytes,
    rows_csv_bytes,
)
from tests.bilan_fixture import HOSTILE, PERIOD, TODAY, fixture_cases, fixture_summaries

FORMULA_NAME = "=HYPERLINK(\"http://x\";\"clic\")"


def _cases():
    cases = fixture_cases()
    cases[3].subscriber.name = FORMULA_NAME  # D: a name that a spreadsheet would run
    return cases


@pytest.fixture(scope="module")
def bilan():
    return build_bilan(fixture_summaries(_cases()), Period(*PERIOD), today=TODAY)


def test_xlsx_opens_with_openpyxl_one_sheet_per_table(bilan, tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "bilan.xlsx"
    path.write_bytes(bilan_xlsx_bytes(bilan))
    book = load_workbook(path)
    assert book.sheetnames == ["Synthèse", "Opérateurs", "Natures", "Issues par voie",
                               "Avis du médiateur", "Montants", "Durées",
                               "Échéances dépassées", "Dossiers"]
    summary = {row[0]: row[1] for row in book["Synthèse"].iter_rows(min_row=2, values_only=True)}
    assert summary["Dossiers ouverts sur la période"] == 6
    assert summary["Dossiers clos sur la période"] == 5
    assert summary["Taux de succès"] == pytest.approx(0.6667, abs=1e-4)
    assert Decimal(str(summary["Montant obtenu (TTC)"])) == Decimal("660")
    cases = list(book["Dossiers"].iter_rows(values_only=True))
    assert len(cases) == 1 + 8
    cells = [c for row in book["Dossiers"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert FORMULA_NAME in [c.value for c in cells]  # kept as text, not run
    assert any(isinstance(c.value, str) and "<script>" in c.value for c in cells)
    assert not any(isinstance(c.value, str) and "\x07" in c.value for c in cells)


CALC = Path("/usr/lib/libreoffice/program/libsclo.so")


@pytest.mark.skipif(shutil.which("soffice") is None or not CALC.exists(),
                    reason="LibreOffice Calc absent (.ci/run installs libreoffice-calc-nogui)")
def test_xlsx_converts_with_libreoffice(bilan, tmp_path):
    path = tmp_path / "bilan.xlsx"
    path.write_bytes(bilan_xlsx_bytes(bilan))
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "bilan.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")


def test_pdf_has_the_charts_and_the_tables(bilan):
    from pypdf import PdfReader

    data = bilan_pdf_bytes(bilan)
    text = " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(data)).pages)
    for expected in ("Bilan d'activité", "Dossiers par opérateur", "Taux de succès par voie",
                     "Issues et taux de succès par voie", "66,7", "Médiateur des communications",
                     "Durées médianes", "Date limite de saisine du médiateur (1 an)"):
        assert expected in text, expected
    assert "<script>" in text  # the hostile name is printed as typed, never as markup


def test_csv_one_row_per_case(bilan):
    raw = bilan_csv_bytes(bilan)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + 8
    by_id = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert by_id["case-d"]["Abonné"] == "'" + FORMULA_NAME
    assert by_id["case-b"]["Obtenu (TTC)"] == "600,00"
    assert by_id["case-a"]["Jours jusqu'à la clôture"] == "140"


def _personal_strings(cases) -> set[str]:
    out = {HOSTILE, "<script>", "Zoé", "06 12 34 56 78", "exemple.fr", "REF-", "CONTRAT",
           "CLIENT-", "ADH-", "Conseiller", "Calvados", "rue", "Ville", "Résumé", "Notes",
           "Note", "case-"}
    for case in cases:
        s = case.subscriber
        out |= {s.name, s.email, s.phone, s.address.postcode, s.address.city,
                *s.address.street_lines, case.contract.contract_number, case.summary,
                case.notes, *(e.summary for e in case.events), *(e.reference for e in case.events)}
        if s.address.postcode:
            out.add(s.address.postcode)
    return {x for x in out if x and len(x) >= 3}


def test_anonymised_export_holds_no_personal_field(bilan):
    cases = _cases()
    raw = rows_csv_bytes(HEADER, anonymised_rows(bilan)).decode("utf-8-sig")
    for secret in _personal_strings(cases):
        assert secret not in raw, secret
    rows = list(csv.DictReader(io.StringIO(raw), delimiter=";"))
    assert len(rows) == 8
    assert {r["departement"] for r in rows} >= {"2A", "2B", "974", "75"}
    a = next(r for r in rows if r["departement"] == "2A")  # case A, Ajaccio
    assert (a["operateur"], a["resultat"], a["mois_cloture"]) == ("Orange", "Obtenu en partie",
                                                                   "2026-06")
    assert (a["jours_reclamation_a_cloture"], a["jours_etape_mediator"]) == ("140", "44")
    assert (a["montant_reclame"], a["base_montants"], a["avis_suivi_operateur"]) == (
        "120,00", "TTC", "oui")


def test_an_operator_typed_by_hand_is_not_exported_as_typed():
    cases = _cases()
    cases[0].operator.directory_id = ""
    cases[0].operator.name = "Opérateur " + HOSTILE
    cases[1].operator.directory_id = ""
    cases[1].operator.name = "  sfr "  # a known operator typed by hand: the directory's name
    bilan = build_bilan(fixture_summaries(cases), Period(*PERIOD), today=TODAY)
    raw = rows_csv_bytes(HEADER, anonymised_rows(bilan)).decode("utf-8-sig")
    assert "<script>" not in raw and "Autre opérateur" in raw
    assert "SFR" in raw


# --- the CLI ---------------------------------------------------------------------------------


@pytest.fixture
def store_dir(tmp_path):
    from dispute.case_list import list_summary
    from store.store import CaseStore

    data = tmp_path / "data"
    with CaseStore.open(data, summarizer=list_summary, durable=False) as store:
        for case in _cases():
            if case.id != "case-k":  # closed on its last save, which the store sets to now
                store.save_case(case)
    return data


def run(capsys, *argv):
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_bilan_writes_the_three_formats(store_dir, tmp_path, capsys):
    outs = [tmp_path / f"bilan.{ext}" for ext in ("pdf", "xlsx", "csv")]
    code, out, err = run(capsys, "--data-dir", str(store_dir), "bilan", "--from", "2026-01-01",
                         "--to", "2026-06-30", "--today", "2026-07-15",
                         *(x for p in outs for x in ("--out", str(p))))
    assert code == 0, err
    assert all(p.exists() and p.stat().st_size > 0 for p in outs)
    assert "7 dossier(s) suivi(s), 5 ouvert(s), 4 clos, 3 en cours" in out  # all but K
    code, out, _ = run(capsys, "--data-dir", str(store_dir), "bilan", "--from", "2026-01-01",
                       "--to", "2026-06-30", "--operator", "ORANGE", "--out",
                       str(tmp_path / "o.csv"))
    assert code == 0 and "3 dossier(s) suivi(s), 1 ouvert(s), 2 clos" in out


def test_cli_bilan_refuses_bad_input(store_dir, tmp_path, capsys):
    base = ["--data-dir", str(store_dir), "bilan", "--from", "2026-06-30", "--to", "2026-01-01",
            "--out", str(tmp_path / "b.pdf")]
    code, _, err = run(capsys, *base)
    assert code == 1 and "avant de commencer" in err
    code, _, err = run(capsys, *base[:3], "--from", "2026-01-01", "--to", "2026-02-01",
                       "--out", str(tmp_path / "b.doc"))
    assert code == 1 and "Extension inconnue" in err
    code, _, err = run(capsys, *base[:3], "--from", "2026-01-01", "--to", "2026-02-01",
                       "--nature", "nope", "--out", str(tmp_path / "b.csv"))
    assert code == 1 and "Nature inconnue" in err
    code, _, err = run(capsys, *base[:3], "--from", "2026-01-01", "--to", "2026-02-01",
                       "--out", str(tmp_path / "absent" / "b.csv"))
    assert code == 1 and "n'a pas pu être enregistré" in err


def test_cli_anonymised_export(store_dir, tmp_path, capsys):
    out = tmp_path / "federation.csv"
    code, text, err = run(capsys, "--data-dir", str(store_dir), "export-anonyme", "--from",
                          "2026-01-01", "--to", "2026-06-30", "--kind", "business",
                          "--out", str(out))
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert [r["type_abonne"] for r in rows] == ["Entreprise ou structure professionnelle"]
    assert "Calvados" not in out.read_text("utf-8-sig")


def test_status_json_has_the_outcome(store_dir, capsys):
    _, out, _ = run(capsys, "--data-dir", str(store_dir), "status", "case-a", "--json")
    outcome = json.loads(out)["outcome"]
    assert (outcome["result"], outcome["route"], outcome["current"]) == ("partial", "mediator",
                                                                         True)
    _, out, _ = run(capsys, "--data-dir", str(store_dir), "status", "case-d", "--json")
    assert json.loads(out)["outcome"] is None
    _, text, _ = run(capsys, "--data-dir", str(store_dir), "status", "case-i")
    assert "Issue avant réouverture : Obtenu en totalité le 10/02/2026" in text
