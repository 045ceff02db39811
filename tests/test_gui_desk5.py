"""The case window after desk5: the « Voies de recours » column lists every route the
header names (one list), a weekend date says what it changes, the CPME advice agrees with
its letter, the closed banner names « Rouvrir le dossier », the exhibit tree shows types."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from dispute.case_list import list_summary  # noqa: E402
from dispute.model import ExhibitKind, HandlingStructure, Outcome, OutcomeResult  # noqa: E402
from dispute.outcome import close_case  # noqa: E402
from gui import desktop  # noqa: E402
from gui.case_view import CaseWindow  # noqa: E402
from gui.case_view import text as txt  # noqa: E402
from gui.case_view.header import ROUTE_KEYS  # noqa: E402
from store.store import CaseStore  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procedure_builders import answer, lrar, make_case, opinion, saisine  # noqa: E402


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(desktop, "opener", lambda url: True)
    with CaseStore.open(tmp_path / "data", summarizer=list_summary, durable=False) as s:
        yield s


def open_window(qtbot, store, case, today) -> CaseWindow:
    saved = store.save_case(case)
    window = CaseWindow(store, saved.id, today=today)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.exhibits_verified, timeout=10_000)
    window.resize(1180, 700)
    window.show()
    return window


def header_keys(window) -> set[str]:
    return {key for key in ROUTE_KEYS if window.route_labels[key].isVisibleTo(window)}


# --------------------------------------------------------------------------------------------
# 1. The column lists every route the header names


def business_case():
    case = make_case(lrar(date(2026, 9, 8), received=date(2026, 9, 10)),
                     answer(date(2026, 9, 25)), business=True, operator="SFR",
                     directory_id="sfr")
    case.subscriber.name = "Boulangerie Martin & Fils"
    case.handling_structure = HandlingStructure(name="CPME du Calvados")
    return case


def private_case_after_the_opinion():
    return make_case(lrar(date(2026, 1, 5), received=date(2026, 1, 7)),
                     answer(date(2026, 1, 20)), saisine(date(2026, 3, 10)),
                     opinion(date(2026, 5, 29)))


@pytest.mark.parametrize(
    ("make", "today", "named"),
    [
        (business_case, date(2026, 11, 2), {"business_mediator", "cpme"}),
        # the mediator already gave its opinion: the court is the route the header names
        (private_case_after_the_opinion, date(2026, 7, 20), {"mediator", "cpme", "court"}),
    ],
)
def test_the_routes_column_lists_every_route_the_header_names(qtbot, store, answers, make,
                                                              today, named):
    window = open_window(qtbot, store, make(), today)
    assert header_keys(window) == named
    assert named <= set(window.route_cards)  # before: no « Tribunal » card in the column
    for key in named:
        status = txt.route_status(txt.header_routes(window.case, window.assessment,
                                                    today)[key], today, with_reason=False)
        assert status in window.route_cards[key].text()
    # one list: the header's routes are those of the column's rows it names
    rows = txt.route_rows(window.case, window.assessment, today)
    assert [r.key for r in rows] == list(window.route_cards)
    assert {r.key for r in rows if r.in_header} == named


def test_a_saturday_deadline_says_it_is_not_moved_and_why(qtbot, store, answers):
    case = business_case()
    del case.events[1:]  # the LRAR received on Thursday 10 September, no answer yet
    window = open_window(qtbot, store, case, date(2026, 9, 20))
    card = window.deadline_cards["service_clients_answer"]
    text = card.text()
    assert "Attention : le 10 octobre 2026 tombe un samedi." in text
    # before: the warning alone; now what it changes, from the rule and its source
    assert ("L'application ne reporte pas cette date au lundi 12 octobre 2026 : ni la règle "
            "appliquée (« Le service clients dispose d'un mois pour répondre ») ni sa source "
            "(Fiche du service public sur le médiateur) ne prévoient de report") in text
    assert "seeds/" not in text


# --------------------------------------------------------------------------------------------
# 2. « Saisir la CPME » agrees with the CPME letter


def test_the_cpme_step_says_what_the_premature_letter_waits_for(qtbot, store, answers):
    case = business_case()
    case.contract.contract_number = ""
    window = open_window(qtbot, store, case, date(2026, 11, 2))
    letter = window.assessment.letter("demande_cpme")
    assert letter.waits_for == "après avoir complété les éléments demandés par la CPME"
    card = window.step_cards["seize_cpme"]
    assert "dès maintenant" not in card.text()  # before: « dès maintenant (possible depuis… »
    assert f"pas encore : {letter.waits_for}" in card.text()
    assert "4. Numéro de contrat" in card.text()
    assert window.recommended_letter() != "demande_cpme"


# --------------------------------------------------------------------------------------------
# 4. A closed case's banner names the real button


def test_the_closed_banner_names_the_reopen_button(qtbot, store, answers):
    today = date(2026, 11, 2)
    closed = close_case(business_case(), Outcome(result=OutcomeResult.REFUSED, date=today),
                        today)
    window = open_window(qtbot, store, closed, today)
    for text in (window.banner.text(), window.routes_box.itemAt(0).widget().text()):
        assert "« Rouvrir le dossier »" in text
        assert "changez son statut" not in text
    assert window.outcome_controls.button.text().replace("&", "") == "Rouvrir le dossier"


# --------------------------------------------------------------------------------------------
# 8. The exhibit tree shows each exhibit's type


def test_the_exhibit_tree_shows_the_type(qtbot, store, answers, tmp_path):
    case = business_case()
    saved = store.save_case(case)
    pdf = tmp_path / "facture.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    exhibit = store.add_exhibit(saved, pdf, title="Facture FAC-2026-10-778",
                                kind=ExhibitKind.INVOICE)
    saved.events[0].exhibit_ids.append(exhibit.id)
    window = open_window(qtbot, store, saved, date(2026, 11, 2))
    item = window.exhibit_item(exhibit.id)
    assert item.text(1) == f"Pièce n° {exhibit.number} — Facture"
    window.select_exhibit(exhibit.id)
    assert "Type : Facture" in window.details.text()


# --------------------------------------------------------------------------------------------
# 6. « Enregistrer l'envoi recommandé… » proposes the letter generated last, with its PDF


def _capture(monkeypatch, fill=None):
    """``exec_dialog`` replaced: records the dialog's proposal, fills it and accepts (with
    ``fill``) or cancels (without)."""
    from gui.case_view import modal

    seen = {}

    def run(dialog):
        seen["kind"] = dialog.kind_combo.currentData()
        seen["attached"] = dialog.attach_box.isChecked()
        seen["copy"] = dialog.attachment_copy()
        seen["label"] = dialog.attach_label.text()
        if fill is None:
            dialog.reject()
        else:
            fill(dialog)
            dialog.accept()
        return dialog.result()

    monkeypatch.setattr(modal, "exec_dialog", run)
    return seen


def test_the_posting_never_proposes_a_letter_that_does_not_apply(qtbot, store, answers,
                                                                 monkeypatch):
    today = date(2026, 11, 2)
    window = open_window(qtbot, store, business_case(), today)
    assert window.assessment.letter("reclamation_service_clients").state.value \
        == "not_applicable"
    seen = _capture(monkeypatch)
    window.tabs.setCurrentIndex(1)  # « Chronologie et pièces », Ctrl+L
    assert window.record_posting() is None
    # before: « Réclamation au service clients » (the first of the list: « Non applicable »)
    assert seen["kind"] != "reclamation_service_clients"
    assert window.assessment.letter(seen["kind"]).state.value != "not_applicable"


def test_the_posting_proposes_the_last_generated_letter_and_its_pdf(qtbot, store, answers,
                                                                   monkeypatch, tmp_path):
    from PySide6.QtCore import QSettings

    from gui import letter_preview as lp

    QSettings().setValue(lp.OUTPUT_DIR_KEY, str(tmp_path))
    today = date(2026, 11, 2)
    window = open_window(qtbot, store, business_case(), today)
    with qtbot.waitSignal(window.previewReady, timeout=60_000) as blocker:
        window.generate_letter("mise_en_demeure")
    preview = blocker.args[0]
    qtbot.addWidget(preview)
    generated_pdf = preview.generated.pdf
    preview.close()  # back to the timeline, as after posting the letter

    def fill(dialog):
        dialog.tracking.setText("1A 123 456 7890 1")

    seen = _capture(monkeypatch, fill)
    with qtbot.waitSignal(window.caseSaved):
        event = window.record_posting()
    assert seen["kind"] == "mise_en_demeure"  # before: « Réclamation au service clients »
    assert seen["attached"] and seen["copy"] is not None  # before: no copy, find the PDF
    assert "Mise en demeure" in seen["label"]
    stored = store.load_case(window.case_id)
    saved_event = next(e for e in stored.events if e.id == event.id)
    exhibit = stored.exhibit(saved_event.exhibit_ids[0])
    assert store.exhibit_path(stored.id, exhibit).read_bytes() == generated_pdf
    assert exhibit.original_name.endswith(".pdf")
    QSettings().remove(lp.OUTPUT_DIR_KEY)


def test_another_letter_chosen_drops_the_generated_copy(qtbot, store, answers, monkeypatch,
                                                        tmp_path):
    from gui.case_view.registered_dialogs import GeneratedCopy, RegisteredLetterDialog

    case = business_case()
    copy_ = GeneratedCopy("mise_en_demeure", "Mise en demeure", "md.pdf", b"%PDF-1.4\n%%EOF")
    dialog = RegisteredLetterDialog(case, date(2026, 11, 2), kind="mise_en_demeure",
                                    generated=copy_)
    qtbot.addWidget(dialog)
    assert dialog.attach_box.isChecked() and dialog.attachment_copy() is copy_
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("courrier_dgccrf"))
    assert not dialog.attach_box.isChecked() and dialog.attachment_copy() is None
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("mise_en_demeure"))
    assert dialog.attachment_copy() is copy_
