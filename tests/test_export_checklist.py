"""What the recipient needs, shown in the export dialog before « Exporter » (issue 10 point 5,
lead-drive 13), each fact said once after the export (lead-drive 7), in a box that stays
within the screen; the ``dossier`` command prints the same list."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QDialog  # noqa: E402

import main  # noqa: E402
from dispute.model import (  # noqa: E402
    BusinessForm,
    Counterpart,
    Event,
    EventKind,
    Exhibit,
    ExhibitKind,
)
from dispute.procedure import assess  # noqa: E402
from documents.dossier import build_dossier  # noqa: E402
from documents.dossier_checklist import checklist_report, dossier_checklist  # noqa: E402
from gui import dialogs  # noqa: E402
from gui.case_view import modal  # noqa: E402
from gui.case_view.export_dialog import ExportDialog  # noqa: E402
from store.casefile import read_case_file  # noqa: E402
from tests.letter_matrix import _business, _example  # noqa: E402
from tests.test_gui_export import (  # noqa: E402, F401 - fixtures
    BUSINESS,
    answers,
    open_window,
    opened,
    out,
)

TODAY = date(2026, 12, 3)
MANDATE = "Mandat signé (l'abonné est accompagné par une structure)"


def dialog_for(qtbot, case, target: str = "") -> ExportDialog:
    dialog = ExportDialog(case, assess(case, TODAY), TODAY, target=target)
    qtbot.addWidget(dialog)
    return dialog


def ok_text(dialog: ExportDialog) -> str:
    return dialog.buttons.buttons()[0].text() if dialog.buttons.buttons()[0].text().startswith(
        ("Exporter", "Créer")) else dialog.buttons.buttons()[1].text()


def test_the_dialog_lists_what_the_mediator_needs_before_export(qtbot, tmp_path):
    case = _example("panne-fibre-particulier")
    dialog = dialog_for(qtbot, case)
    rows = dialog.checklist.rows
    assert dialog.checklist.isVisibleTo(dialog)
    assert "Contrat ou récapitulatif contractuel — manque : à joindre" in rows
    assert any(r.startswith("Copie de chaque réclamation écrite à l'opérateur — présent : "
                            "pièces nos") for r in rows)
    # each missing item with what to do
    assert "Joignez le contrat ou son récapitulatif (type « Contrat ou récapitulatif " \
           "contractuel »)." in rows
    assert "manquent" in dialog.checklist.heading.text()
    assert "Joindre des fichiers" in dialog.checklist.hint.text()
    assert ok_text(dialog) == "Exporter quand même"
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert dialog.checklist.view.height() <= screen.height() * 0.4 + 1  # scrolls beyond
    # exporting with missing items stays possible
    dialog.path.setText(str(tmp_path / "d.zip"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_cpme_list_holds_the_mandate_and_follows_the_target(qtbot):
    case = _business(BusinessForm.COMPANY)
    dialog = dialog_for(qtbot, case)
    assert dialog.target() == "cpme"
    rows = dialog.checklist.rows
    assert f"{MANDATE} — manque : mandat à faire signer et à joindre" in rows
    assert any(r.startswith("Structure qui transmet la demande") and "présent" in r
               for r in rows)
    assert any(r.startswith("4. Numéro de contrat — présent : CTR-2025-0048817") for r in rows)
    assert not any(r.startswith("Contrat ou récapitulatif") for r in rows)
    assert ok_text(dialog) == "Exporter quand même"
    dialog.radios["mediator"].setChecked(True)
    rows = dialog.checklist.rows
    assert "Contrat ou récapitulatif contractuel — manque : à joindre" in rows
    assert not any(r.startswith("4. Numéro de contrat") for r in rows)
    dialog.radios["complete"].setChecked(True)
    assert any(r.startswith("4. Numéro de contrat") for r in dialog.checklist.rows)
    # the mandate signed and scanned: nothing missing for the CPME, the button says so
    signed = copy.deepcopy(case)
    exhibit = Exhibit(number=9, title="Mandat signé", kind=ExhibitKind.MANDATE)
    signed.exhibits.append(exhibit)
    signed.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 11, 2),
                               counterpart=Counterpart.HANDLING_STRUCTURE, written=True,
                               exhibit_ids=[exhibit.id]))
    dialog = dialog_for(qtbot, signed, "cpme")
    assert f"{MANDATE} — présent : pièce n° 9" in dialog.checklist.rows
    assert "tout ce que le destinataire attend est là" in dialog.checklist.heading.text()
    assert ok_text(dialog) == "Exporter"


def test_typed_text_in_the_list_is_never_markup(qtbot):
    case = _business(BusinessForm.COMPANY)
    case.subscriber.name = "<b>Dupont</b> & Fils 🥖 <img src=x>"
    dialog = dialog_for(qtbot, case)
    shown = dialog.checklist.view.toPlainText()
    assert "<b>Dupont</b> & Fils 🥖 <img src=x>" in shown


def test_a_missing_structure_is_on_the_cpme_list(qtbot):
    case = _business(BusinessForm.COMPANY)
    case.handling_structure = None
    lines = [line for s in dossier_checklist(case, assess(case, TODAY), "cpme")
             for line in s.lines]
    structure = next(line for line in lines if line.key == "structure")
    assert not structure.present and "Structure qui suit le dossier" in structure.action
    assert not any(line.key == "mandate" for line in lines)  # no structure, no mandate


def _business_with_emoji(tmp_path: Path):
    case_file = read_case_file(BUSINESS)
    case = case_file.case
    case.subscriber.name = "Boulangerie Martin & Fils <Caen> 🥖"
    return case, case_file.sources


def test_each_fact_is_said_once_after_the_export(tmp_path):
    case, sources = _business_with_emoji(tmp_path)
    result = build_dossier(case, sources, tmp_path / "cpme.zip", today=TODAY, target="cpme")
    warnings = result.warnings
    mandate = [w for w in warnings if "mandat" in w.lower()]
    assert len(mandate) == 1, mandate  # was 3: the dossier, and twice the CPME request
    assert mandate[0].startswith(f"Dossier pour la CPME — {MANDATE}")
    glyphs = [w for w in warnings if "absent de la police" in w]
    assert len(glyphs) == 1, glyphs  # was once per document
    assert glyphs[0].startswith("Demande d'intervention à la CPME, Chronologie et Bordereau : ")
    # by importance: what is missing before the letters' notes, the rendering last
    assert warnings.index(mandate[0]) < min(i for i, w in enumerate(warnings)
                                            if w.startswith("Demande d'intervention"))
    assert warnings[-1] == glyphs[0]
    assert result.checklist and result.checklist[0].missing


def test_the_invoice_without_its_exhibit_is_said_once(tmp_path):
    case = _example("panne-fibre-particulier")
    case.exhibits = [x for x in case.exhibits if x.kind is not ExhibitKind.INVOICE]
    for event in case.events:
        event.exhibit_ids = [i for i in event.exhibit_ids if case.exhibit(i) is not None]
    case_file = read_case_file(Path(__file__).resolve().parent.parent / "examples"
                               / "panne-fibre-particulier")
    sources = {x.id: case_file.sources[x.id] for x in case.exhibits}
    numbers = {il.invoice_number for il in case.invoice_lines if il.invoice_number}
    assert numbers
    result = build_dossier(case, sources, tmp_path / "m.zip", today=TODAY, target="mediator")
    for number in numbers:
        said = [w for w in result.warnings if number in w]
        assert len(said) == 1, said  # the checklist's line, not the letter's again
        assert said[0].startswith("Dossier du médiateur — Factures contestées : à joindre")


def test_the_result_box_stays_within_the_screen(qtbot):
    details = "\n".join(["À vérifier :"] + [
        f"• Point n° {n} : une phrase assez longue pour tenir sur deux lignes dans la boîte, "
        "avec des accents, des « guillemets » et <b>rien</b> qui devienne du balisage."
        for n in range(40)])
    box = dialogs.details_box(None, "Dossier créé", "Le dossier a été créé : /tmp/x.zip",
                              details, "Ouvrir le dossier qui contient le fichier ?")
    qtbot.addWidget(box)
    box.adjustSize()
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert box.details_area is not None
    assert box.sizeHint().height() <= screen.height()
    assert box.details_area.height() <= screen.height() * dialogs.DETAILS_SCREEN_SHARE + 1
    assert box.details_area.widget().text() == details  # plain text, as given


def test_export_with_missing_items_then_one_box_line_per_fact(qtbot, store, answers, opened,
                                                             out, monkeypatch):
    window = open_window(qtbot, store, BUSINESS)
    seen = {}

    def run(dialog):
        seen["button"] = ok_text(dialog)
        seen["rows"] = list(dialog.checklist.rows)
        dialog.path.setText(str(out / "cpme.zip"))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(modal, "exec_dialog", run)
    task = window.export_dossier()
    with qtbot.waitSignal(window.exportFinished, timeout=60_000):
        pass
    task.wait()
    assert seen["button"] == "Exporter quand même"
    assert any(r.startswith(MANDATE) for r in seen["rows"])
    kind, title, text = answers[-1]
    assert title == "Dossier créé" and (out / "cpme.zip").is_file()
    assert sum("mandat" in line.lower() for line in text.splitlines()) == 1, text


def test_the_dossier_command_prints_the_same_list(tmp_path, capsys):
    case = _business(BusinessForm.COMPANY)
    expected = checklist_report(dossier_checklist(case, assess(case, TODAY), "cpme"))
    code = main.main(["dossier", str(BUSINESS), "--out", str(tmp_path / "d.zip"), "--today",
                      TODAY.isoformat(), "--target", "cpme"])
    text = capsys.readouterr().out
    assert code == 0
    for line in expected:
        assert line in text
    assert f"[ ] {MANDATE}" in text
    assert sum("mandat" in line.lower() and "Attention" in line
               for line in text.splitlines()) == 0  # said by the list, not again


def test_notes_grouped_by_fact_in_order_of_importance():
    from dispute.exhibit_roles import UNLINKED_INVOICE
    from documents.dossier_warnings import (
        LETTER,
        MISSING,
        RENDERING,
        ROUTE,
        Note,
        grouped,
        invoice_fact,
        known_facts,
        route_fact,
    )

    invoice = UNLINKED_INVOICE.format(number="FA-0626")
    glyph_letter = ("Caractère absent de la police, imprimé comme un cadre vide : 🥖 dans la "
                    "raison sociale (U+1F956). Remplacez-le ou retirez-le.")
    glyph_other = ("Caractère absent de la police, imprimé comme un cadre vide : 🥖 "
                   "(U+1F956). Remplacez-le ou retirez-le.")
    premature = "Ce courrier est prématuré : possible à partir du 9 janvier 2027."
    notes = [
        Note(glyph_letter, "Saisine", RENDERING, known_facts(glyph_letter)),
        Note("Une note du courrier.", "Saisine", LETTER),
        Note(invoice, "Saisine", LETTER, known_facts(invoice)),
        Note(premature, "Saisine", LETTER, known_facts(premature, target_letter="mediator")),
        Note("Dossier du médiateur — Factures contestées : à joindre (n° FA-0626).", "",
             MISSING, (invoice_fact("FA-0626"),)),
        Note("La saisine du médiateur n'est pas encore possible : …", "", ROUTE,
             (route_fact("mediator"),)),
        Note(glyph_other, "Chronologie", RENDERING, known_facts(glyph_other)),
        Note(glyph_other, "Bordereau", RENDERING, known_facts(glyph_other)),
        Note("Une note du courrier.", "Saisine", LETTER),
    ]
    assert grouped(notes) == [
        "La saisine du médiateur n'est pas encore possible : …",
        "Dossier du médiateur — Factures contestées : à joindre (n° FA-0626).",
        "Saisine : Une note du courrier.",
        "Saisine, Chronologie et Bordereau : " + glyph_letter,
    ]
    # another invoice, another glyph: other facts, other lines
    other = UNLINKED_INVOICE.format(number="FA-0727")
    assert known_facts(other) == (invoice_fact("FA-0727"),)
    assert len(grouped([Note(invoice, "A", LETTER, known_facts(invoice)),
                        Note(other, "A", LETTER, known_facts(other))])) == 2
