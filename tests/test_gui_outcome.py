"""Closing and reopening a case from the case window; its deadlines to a calendar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QDialog  # noqa: E402

from dispute.case_list import list_summary  # noqa: E402
from dispute.model import CaseStatus, OutcomeResult  # noqa: E402
from gui import desktop  # noqa: E402
from gui import outcome_dialog as od  # noqa: E402
from store.casefile import import_case_file  # noqa: E402
from store.store import CaseStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = ROOT / "examples" / "panne-fibre-particulier"
TODAY = date(2026, 11, 22)


@pytest.fixture
def window(qtbot, tmp_path):
    from gui.case_view import CaseWindow

    with CaseStore.open(tmp_path / "data", summarizer=list_summary) as store:
        case_id = import_case_file(store, PRIVATE).id
        win = CaseWindow(store, case_id, today=TODAY)
        qtbot.addWidget(win)
        yield win
        win.close()


def _answer_dialog(monkeypatch, fill):
    """Replace OutcomeDialog.exec: fill the fields, then accept as the OK button does."""
    def fake_exec(dialog):
        fill(dialog)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(od.OutcomeDialog, "exec", fake_exec)


def test_close_then_reopen_keeps_the_outcome(window, monkeypatch, answers):
    controls = window.outcome_controls
    assert not window.status_combo.isEnabled()
    window.notes_edit.setPlainText("Note en attente « & <b> »")  # pending, saved along

    def fill(dialog):
        dialog.result_combo.setCurrentIndex(dialog.result_combo.findData("partial"))
        dialog.route_combo.setCurrentIndex(dialog.route_combo.findData("mediator"))
        dialog.claimed_field.set_amount(Decimal("300"))
        dialog.obtained_field.set_amount(Decimal("120"))

    _answer_dialog(monkeypatch, fill)
    assert controls.close_or_reopen()
    saved = window.store.load_case(window.case_id)
    assert saved.status is CaseStatus.RESOLVED and saved.outcome.result is OutcomeResult.PARTIAL
    assert saved.outcome.date == TODAY and saved.notes == "Note en attente « & <b> »"
    assert "Issue : Obtenu en partie" in controls.text.text()
    assert controls.button.text().replace("&", "") == "Rouvrir le dossier"
    summary = next(s for s in window.store.list_cases() if s.id == window.case_id)
    assert summary.extra["report"]["outcome"]["result"] == "partial"

    assert controls.close_or_reopen()  # « Rouvrir », confirmed by the answers fixture
    reopened = window.store.load_case(window.case_id)
    assert reopened.status is CaseStatus.OPEN and reopened.outcome.result is OutcomeResult.PARTIAL
    assert "Issue avant réouverture" in controls.text.text()


def test_a_refused_dialog_changes_nothing(window, monkeypatch):
    monkeypatch.setattr(od.OutcomeDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    revision = window.case.revision
    assert not window.outcome_controls.close_or_reopen()
    assert window.store.load_case(window.case_id).revision == revision


def test_case_deadlines_to_ics(window, monkeypatch, tmp_path, answers):
    from icalendar import Calendar

    target = tmp_path / "e.ics"
    monkeypatch.setattr(desktop, "file_picker", lambda *a: str(target))
    assert window.outcome_controls.export_deadlines() == target
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert events and all(str(e["UID"]).startswith(window.case_id) for e in events)


def test_the_banner_says_the_outcome(window, monkeypatch):
    _answer_dialog(monkeypatch, lambda d: d.result_combo.setCurrentIndex(
        d.result_combo.findData("refused")))
    window.outcome_controls.close_or_reopen()
    # the header says how the case ended where its routes were (the banner: it is closed)
    assert "Refusé le 22/11/2026" in window.outcome_label.text()
    assert window.routes_caption.text() == "Issue"
    assert "plus aucune échéance" in window.banner.label.text()


# --------------------------------------------------------------------------------------------
# « Obtenu en totalité » for less than claimed; the amount claimed proposed (fresh-eyes 21)


def test_full_for_less_than_claimed_warns_and_offers_partial(qtbot, window):
    dialog = od.OutcomeDialog(window.case, TODAY, window)
    qtbot.addWidget(dialog)
    dialog.result_combo.setCurrentIndex(dialog.result_combo.findData("full"))
    dialog.claimed_field.set_amount(Decimal("39.99"))
    dialog.obtained_field.setText("20,00")  # as typed
    assert "s'agit-il plutôt d'un résultat « Obtenu en partie » ?" in dialog.message.text()
    assert not dialog.partial_button.isHidden()
    dialog.accept()  # before: closed « Obtenu en totalité … 20,00 € obtenus sur 39,99 € »
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "Cliquez de nouveau" in dialog.message.text()
    dialog.partial_button.click()
    assert dialog.outcome().result is OutcomeResult.PARTIAL
    assert dialog.partial_button.isHidden() and dialog.message.text() == ""
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_full_for_less_can_still_be_confirmed(qtbot, window):
    dialog = od.OutcomeDialog(window.case, TODAY, window)
    qtbot.addWidget(dialog)
    dialog.result_combo.setCurrentIndex(dialog.result_combo.findData("full"))
    dialog.claimed_field.set_amount(Decimal("39.99"))
    dialog.obtained_field.set_amount(Decimal("20.00"))
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.accept()  # the second click keeps « Obtenu en totalité »
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.outcome().result is OutcomeResult.FULL


def test_the_amount_claimed_is_the_letters_claim(qtbot, window):
    from documents.letters.claims import settlement

    case = window.case
    assert case.invoice_lines and not case.is_business
    dialog = od.OutcomeDialog(case, TODAY, window)
    qtbot.addWidget(dialog)
    expected = settlement(case, TODAY).remaining.ttc
    assert expected > 0
    assert dialog.claimed_field.amount() == expected  # before: 0,00 or the lines alone
    assert dialog.basis_combo.currentData() == "ttc"


def test_a_business_claim_is_proposed_ht(qtbot, tmp_path):
    from documents.letters.claims import settlement
    from gui.case_view import CaseWindow

    with CaseStore.open(tmp_path / "b", summarizer=list_summary, durable=False) as store:
        case = import_case_file(store, ROOT / "examples" / "facturation-entreprise-cpme")
        window = CaseWindow(store, case.id, today=TODAY)
        qtbot.addWidget(window)
        dialog = od.OutcomeDialog(window.case, TODAY, window)
        qtbot.addWidget(dialog)
        assert dialog.claimed_field.amount() == settlement(window.case, TODAY).remaining.ht
        assert dialog.basis_combo.currentData() == "ht"
        window.close()
