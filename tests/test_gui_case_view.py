"""The case window over a real store: situation and its « Pourquoi ? », letters previewed,
printed and saved, registered letters and receipts, section editing, concurrent changes.

No modal dialog can hang: message boxes go through ``dialogs.responder``, the case window's
own dialogs through ``gui.case_view.modal.exec_dialog``, file choosers through
``desktop.file_picker``, the print dialog through ``letter_preview.print_exec_dialog``.
"""

from __future__ import annotations

import copy
import errno
import io
import os
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pypdfium2")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtPrintSupport import QPrinter  # noqa: E402
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout  # noqa: E402

from dispute.model import Counterpart, DisputeNature, Event, EventKind, Sender  # noqa: E402
from dispute.validation import Severity, ValidationIssue  # noqa: E402
from documents.letters import LetterKind  # noqa: E402
from gui import desktop, dialogs  # noqa: E402
from gui.case_view import export_dialog, modal, registered_dialogs, roles  # noqa: E402
from gui.case_view import text as txt  # noqa: E402
from gui import letter_preview as lp  # noqa: E402
from gui.case_view import CaseWindow  # noqa: E402
from gui.case_view.cards import WARNING_COLOUR  # noqa: E402
from gui.editors.base import SectionEditor  # noqa: E402
from gui.workers import Task, scaled  # noqa: E402
from store.casefile import import_case_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "panne-fibre-particulier"
TODAY = date(2026, 7, 1)


# --------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture
def answers():
    """Every message box answered « Oui », recorded as (kind, title, text)."""
    seen: list[tuple[str, str, str]] = []
    dialogs.responder = lambda kind, title, text: seen.append((kind, title, text)) or True
    yield seen
    dialogs.responder = None


@pytest.fixture
def hooks(tmp_path, monkeypatch):
    """Nothing real opens: file chooser, desktop opener, print dialog are recorded."""
    opened: list[str] = []
    picks: list[Path | None] = []
    monkeypatch.setattr(desktop, "opener", lambda url: opened.append(url.toLocalFile()) or True)

    def picker(parent, mode, caption, suggested, filters):
        return picks.pop(0) if picks else None

    monkeypatch.setattr(desktop, "file_picker", picker)
    out = tmp_path / "sortie"
    out.mkdir()
    QSettings().setValue(lp.OUTPUT_DIR_KEY, str(out))
    QSettings().remove(desktop.FOLDER_KEYS["exports"])
    yield {"opened": opened, "picks": picks, "out": out}
    QSettings().remove(lp.OUTPUT_DIR_KEY)
    QSettings().remove(desktop.FOLDER_KEYS["exports"])


@pytest.fixture
def case_id(store):
    return import_case_file(store, EXAMPLE).id


def open_window(qtbot, store, case_id, today=TODAY) -> CaseWindow:
    window = CaseWindow(store, case_id, today=today)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.exhibitsChecked, timeout=10_000):
        pass
    window.resize(1200, 800)
    window.show()
    return window


@pytest.fixture
def window(qtbot, store, case_id, answers, hooks):
    w = open_window(qtbot, store, case_id)
    yield w
    w.close()


def accept_with(fill):
    """An ``exec_dialog`` replacement: ``fill(dialog)`` then accept (through its own checks)."""
    def run(dialog):
        fill(dialog)
        dialog.accept()
        return dialog.result()
    return run


# --------------------------------------------------------------------------------------------
# Header and situation


def test_header_shows_who_what_and_where_the_case_stands(window):
    header = " ".join(label.text() for label in (
        window.title_label, window.subscriber_label, window.operator_label, window.lines_label,
        window.contract_label, window.stage_label, window.stage_reason_label,
        *window.route_labels.values()))
    assert "Claire Fontaine" in header
    assert "Bouygues Télécom" in header
    assert "01 99 00 41 27" in header
    assert "99004127" in header  # customer number
    assert "Service consommateurs saisi" in header
    assert "Médiateur : ouvert" in header
    assert "16 mars 2027" in header
    # The CPME does not apply to a private subscriber: said so, with the reason, no date.
    assert "CPME : non applicable — réservée aux entreprises" in header
    assert window.route_icons["mediator"].property("severity") == "ok"
    assert window.route_icons["cpme"].property("severity") == "closed"


def test_mediator_one_year_limit_explains_why(window):
    card = window.deadline_cards["mediator_one_year_limit"]
    assert "Date limite de saisine du médiateur (1 an)" in card.text()
    assert "16 mars 2027" in card.text()
    assert "dans 258 jours" in card.text()
    why = card.whys[0]
    assert not why.text.isVisibleTo(card)
    why.button.click()
    assert why.text.isVisibleTo(card)
    text = why.explanation()
    assert "L.612-2" in text  # the source
    assert "Statut : vérifiée" in text
    assert "16 mars 2026" in text  # the event it was computed from, and the date used
    assert "Lettre recommandée avec accusé de réception — Service clients" in text
    assert "date la plus ancienne connue" in text
    assert why.button.accessibleName().startswith("Pourquoi ?")


def test_routes_list_every_reason_and_a_private_case_only_hears_cpme_does_not_apply(window):
    mediator = window.route_cards["mediator"].text()
    assert "Ouvert" in mediator and "16 mars 2027" in mediator
    cpme = window.route_cards["cpme"]
    text = cpme.text()
    # a private subscriber (issue 11, point 7): one line, no five items, nothing « MANQUANT »
    assert text.splitlines()[1].startswith("Non applicable — ")
    assert "MANQUANT" not in text and "présent" not in text and not cpme.whys
    assert len([line for line in text.splitlines() if line.strip()]) == 2


def test_next_steps_invoice_flags_and_notices(window):
    step = window.step_cards["saisir_mediateur"] if "saisir_mediateur" in window.step_cards \
        else next(iter(window.step_cards.values()))
    assert "Médiateur" in step.text()
    assert "au plus tard le 16 mars 2027" in step.text()
    assert "Pourquoi" not in step.text() or step.whys
    invoices = [window.invoices_box.itemAt(i).widget() for i in range(window.invoices_box.count())]
    texts = "\n".join(w.text() for w in invoices if hasattr(w, "text"))
    assert "FB-2603-448120" in texts and "20 mars 2027" in texts and "L.34-2" in texts


def test_weekend_warning_is_shown_in_words(qtbot, store, case_id, answers, hooks):
    # 2026-07-01 + ... : find a deadline falling on a weekend or holiday, if any, in the
    # engine's output and check the card repeats it.
    w = open_window(qtbot, store, case_id)
    for deadline in w.assessment.deadlines:
        card = w.deadline_cards[deadline.id]
        # a passed delay the case has moved on from is history: no warning (situation.py)
        history = txt.deadline_superseded(deadline, w.assessment)
        if deadline.warning and deadline.state.value != "met" and not history:
            assert deadline.warning[1:] in card.text() and "Attention" in card.text()
        else:
            assert "Attention" not in card.text()
    w.close()


# --------------------------------------------------------------------------------------------
# Timeline and exhibits


def test_timeline_lists_events_lrar_and_exhibits(window):
    case = window.case
    lrar = next(e for e in case.events if e.kind is EventKind.REGISTERED_LETTER)
    item = window.event_item(lrar.id)
    assert item is not None
    assert "1A 000 000 3161 2" in item.text(4)
    assert "AR signé le 18 mars 2026" in item.text(4)
    assert item.childCount() == 2
    assert item.child(0).text(1).startswith("Pièce n° 1 — ")  # its type follows
    assert item.child(0).text(4) == "Fichier vérifié"
    window.select_event(lrar.id)
    assert "Demande de rétablissement" in window.details.text()
    assert window.receipt_button.isEnabled()


def test_open_exhibit_opens_a_read_only_copy(window, hooks, store):
    exhibit = window.case.exhibits[0]
    window.select_exhibit(exhibit.id)
    assert window.open_exhibit_button.isEnabled()
    window.open_selected_exhibit()
    assert len(hooks["opened"]) == 1
    opened = Path(hooks["opened"][0])
    original = store.exhibit_path(window.case.id, exhibit)
    assert opened != original
    assert opened.read_bytes() == original.read_bytes()
    assert not os.access(opened, os.W_OK) or os.geteuid() == 0
    assert opened.stat().st_mode & 0o222 == 0


def test_missing_and_altered_exhibits_are_marked(qtbot, store, case_id, answers, hooks):
    case = store.load_case(case_id)
    missing, altered = case.exhibits[2], case.exhibits[0]
    store.exhibit_path(case_id, missing).unlink()
    path = store.exhibit_path(case_id, altered)
    path.write_bytes(path.read_bytes() + b"x")
    w = open_window(qtbot, store, case_id)
    assert w.exhibit_item(missing.id).text(4) == "Fichier introuvable"
    assert w.exhibit_item(altered.id).text(4) == "Empreinte différente"
    assert not w.exhibit_item(missing.id).icon(4).isNull()
    assert "Pièce n° 3" in w.exhibit_banner.text()
    assert "2 pièces posent problème" in w.banner.text()
    w.select_exhibit(missing.id)
    w.open_selected_exhibit()
    assert hooks["opened"] == []
    assert answers[-1][0] == "critical" and "introuvable" in answers[-1][2]
    w.close()


# --------------------------------------------------------------------------------------------
# Letters: generate, preview, print, save


def generate(qtbot, window, kind):
    window.tabs.setCurrentIndex(2)
    window.select_letter(kind)
    with qtbot.waitSignal(window.previewReady, timeout=30_000) as blocker:
        task = window.generate_selected()
        assert isinstance(task, Task)
    return blocker.args[0]


def test_letters_list_every_kind_with_availability(window):
    table = window.letters_table
    assert table.rowCount() == len(LetterKind)
    rows = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())}
    assert rows["Saisine du Médiateur des communications électroniques"][0] == "Possible"
    state, why = rows["Demande d'intervention à la CPME"]
    # the reason agrees with the subscriber (Claire Fontaine: « l'abonnée est une particulière »)
    assert state == "Non applicable" and "l'abonnée est une particulière" in why
    business_mediator = next(v for k, v in rows.items() if "Médiateur des entreprises" in k)
    assert business_mediator[0] == "Non applicable", business_mediator  # not « Pas encore »
    assert "particulière" in business_mediator[1]


def test_generate_preview_print_and_save(qtbot, window, hooks, answers, tmp_path):
    from docx import Document
    from pypdf import PdfReader

    preview = generate(qtbot, window, LetterKind.SERVICE_CONSOMMATEURS)
    qtbot.addWidget(preview)
    assert preview.isVisible()
    assert preview.page_count() >= 1
    assert preview.page_widgets[0].pixmap() is not None
    assert not preview.page_widgets[0].pixmap().isNull()
    assert preview.page_label.text() == f"Page 1 / {preview.page_count()}"
    preview.zoom_in_button.click()
    assert preview.zoom_label.text() == "125 %"
    preview.zoom_out_button.click()
    preview.zoom_out_button.click()
    assert preview.zoom_label.text() == "80 %"
    letter_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        preview.generated.pdf)).pages)
    assert "Claire Fontaine" in letter_text

    # Print (Ctrl+P on the case window prints the current preview) to a PDF file.
    printed = tmp_path / "imprime.pdf"

    def to_pdf(dialog):
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return QDialog.DialogCode.Accepted

    lp.print_exec_dialog = to_pdf
    try:
        assert window.print_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
        window.print_action.trigger()
    finally:
        lp.print_exec_dialog = None
    assert printed.is_file()
    assert len(PdfReader(str(printed)).pages) == preview.page_count()
    # Printing paints the pages as images (true scale): the printed page shows the letter,
    # at the same place as the generated PDF.
    difference = _page_difference(preview.generated.pdf, printed.read_bytes())
    assert difference < 0.25  # measured about 0.07; a blank or shifted page is far above
    assert f"enregistré dans « {printed} »" in preview.status.text()  # said where it went

    # Save as Word and as PDF through the (injected) file chooser.
    docx_path = hooks["out"] / "lettre.docx"
    hooks["picks"].append(docx_path)
    assert preview.save_as("docx") == docx_path
    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert "Claire Fontaine" in text
    pdf_path = hooks["out"] / "lettre"  # no extension typed: « .pdf » is added
    hooks["picks"].append(pdf_path)
    saved = preview.save_as("pdf")
    assert saved == hooks["out"] / "lettre.pdf"
    assert "Claire Fontaine" in "".join(p.extract_text() for p in PdfReader(str(saved)).pages)
    assert [p.name for p in hooks["out"].iterdir()] == sorted(
        [p.name for p in hooks["out"].iterdir()]) or True
    assert not [p for p in hooks["out"].iterdir() if p.name.endswith(".tmp")]
    assert lp.last_output_dir() == hooks["out"]
    preview.open_output_folder()
    assert hooks["opened"][-1] == str(hooks["out"])


def _page_difference(original: bytes, printed: bytes) -> float:
    """How much the first printed page differs from the generated one (0: identical, 1: as
    different as a blank sheet), after checking that the printed page has ink."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops, ImageFilter, ImageStat

    def grey(data):
        document = pdfium.PdfDocument(data)
        try:
            return document[0].render(scale=40 / 72).to_pil().convert("L")
        finally:
            document.close()

    a, b = grey(original), grey(printed)
    assert a.size == b.size
    assert ImageStat.Stat(b).extrema[0][0] < 100  # ink on the printed page
    a, b = (x.filter(ImageFilter.GaussianBlur(3)) for x in (a, b))  # ignore anti-aliasing
    blank = Image.new("L", a.size, 255)
    ink = ImageStat.Stat(ImageChops.difference(a, blank)).mean[0]
    # Relative to the ink of the page: 0 = identical, 1 = as different as a blank sheet.
    return ImageStat.Stat(ImageChops.difference(a, b)).mean[0] / ink


def test_saving_into_a_missing_folder_says_so_in_french(qtbot, window, hooks, answers):
    preview = generate(qtbot, window, LetterKind.SERVICE_CLIENTS)
    qtbot.addWidget(preview)
    hooks["picks"].append(hooks["out"] / "absent" / "lettre.pdf")
    assert preview.save_as("pdf") is None
    kind, _title, text = answers[-1]
    assert kind == "critical" and "n'existe pas" in text


def test_full_disk_leaves_nothing_behind(tmp_path, monkeypatch):
    target = tmp_path / "lettre.pdf"
    target.write_bytes(b"ancienne version")

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(desktop.WriteError) as info:
        desktop.write_file_atomic(target, b"nouvelle version")
    assert "Le disque est plein" in info.value.message
    assert target.read_bytes() == b"ancienne version"
    assert [p.name for p in tmp_path.iterdir()] == ["lettre.pdf"]


def test_ctrl_p_without_preview_explains(window):
    assert window.print_preview() is False
    assert "générez d'abord" in window.statusBar().currentMessage()


# --------------------------------------------------------------------------------------------
# Registered letter and acknowledgement of receipt


def test_record_lrar_then_receipt_updates_the_deadlines(qtbot, store, case_id, answers, hooks,
                                                        monkeypatch):
    today = date(2026, 7, 10)
    w = open_window(qtbot, store, case_id, today=today)
    preview = generate(qtbot, w, LetterKind.SERVICE_CONSOMMATEURS)
    qtbot.addWidget(preview)
    hooks["picks"].append(hooks["out"] / "recours.pdf")
    saved_pdf = preview.save_as("pdf")

    def fill_posting(dialog):
        assert dialog.kind_combo.currentData() == LetterKind.SERVICE_CONSOMMATEURS.value
        assert dialog.counterpart() is Counterpart.SERVICE_CONSOMMATEURS
        assert dialog.attach_box.isChecked() and dialog.attachment == saved_pdf
        dialog.tracking.setText("1A 111 222 3334 5")
        dialog.posted.set_date_value(date(2026, 7, 2))

    monkeypatch.setattr(modal, "exec_dialog", accept_with(fill_posting))
    with qtbot.waitSignal(w.caseSaved):
        preview.posting_button.click()
    stored = store.load_case(case_id)
    event = next(e for e in stored.events if e.registered
                 and e.registered.tracking_number == "1A 111 222 3334 5")
    assert event.kind is EventKind.REGISTERED_LETTER
    assert event.counterpart is Counterpart.SERVICE_CONSOMMATEURS
    assert event.date == event.registered.posted_on == date(2026, 7, 2)
    assert len(event.exhibit_ids) == 1
    exhibit = stored.exhibit(event.exhibit_ids[0])
    assert exhibit.number == 7
    assert store.exhibit_path(case_id, exhibit).read_bytes() == saved_pdf.read_bytes()
    deadline = next(d for d in w.assessment.deadlines if d.id == "service_consommateurs_answer")
    assert deadline.provisional and deadline.date == date(2026, 8, 2)
    assert "Date provisoire" in w.deadline_cards["service_consommateurs_answer"].text()
    assert w.selected_event_id() == event.id

    def fill_receipt(dialog):
        dialog.presented.set_date_value(date(2026, 7, 6))
        dialog.received.set_date_value(date(2026, 7, 7))

    monkeypatch.setattr(modal, "exec_dialog", accept_with(fill_receipt))
    with qtbot.waitSignal(w.caseSaved):
        w.record_receipt()  # the new letter is selected
    stored = store.load_case(case_id)
    reg = next(e for e in stored.events if e.id == event.id).registered
    assert reg.first_presented_on == date(2026, 7, 6) and reg.received_on == date(2026, 7, 7)
    card = w.deadline_cards["service_consommateurs_answer"]
    assert "7 août 2026" in card.text()
    assert "Date provisoire" not in card.text()
    card.whys[0].button.click()
    assert "date de réception (accusé de réception signé)" in card.whys[0].explanation()
    assert "AR signé le 7 juillet 2026" in w.event_item(event.id).text(4)
    w.close()


def test_receipt_dialog_refuses_inconsistent_dates(qtbot, window, monkeypatch, answers):
    event = next(e for e in window.case.events if e.kind is EventKind.REGISTERED_LETTER)
    refused = []

    def fill(dialog):
        dialog.received.set_date_value(date(2026, 3, 10))  # before posting (16 mars)
        dialog.accept()
        refused.append(dialog.message.text())
        dialog.received.set_date_value(date(2026, 12, 1))  # in the future
        dialog.accept()
        refused.append(dialog.message.text())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(modal, "exec_dialog", fill)
    revision = window.case.revision
    assert window.record_receipt(event.id) is None
    assert "précède" in refused[0]
    assert "futur" in refused[1] or "avenir" in refused[1] or "postérieure" in refused[1]
    assert window.store.load_case(window.case_id).revision == revision


def test_mediator_letter_is_recorded_as_a_saisine(qtbot, window, monkeypatch):
    def fill(dialog):
        index = dialog.kind_combo.findData(LetterKind.MEDIATOR.value)
        dialog.kind_combo.setCurrentIndex(index)
        dialog.attach_box.setChecked(False)
        dialog.tracking.setText("1A 999")

    monkeypatch.setattr(modal, "exec_dialog", accept_with(fill))
    event = window.record_posting()
    assert event.kind is EventKind.SAISINE and event.counterpart is Counterpart.MEDIATOR
    assert window.assessment.stage.value == "mediator_seized"
    # no structure follows this case: the subscriber sent it (model v3)
    saved = window.store.load_case(window.case_id)
    assert next(e for e in saved.events if e.id == event.id).sender is Sender.SUBSCRIBER


def test_a_formal_notice_posted_to_the_service_consommateurs_is_the_stage(qtbot, window,
                                                                          monkeypatch):
    # the event as « Enregistrer l'envoi recommandé » records it (docs/procedure.md « Stage »):
    # « Étape » no longer stays at « Service consommateurs saisi »
    assert window.stage_label.text() == "Service consommateurs saisi"

    def fill(dialog):
        dialog.kind_combo.setCurrentIndex(
            dialog.kind_combo.findData(LetterKind.FORMAL_NOTICE.value))
        dialog.attach_box.setChecked(False)
        dialog.tracking.setText("1A 777")

    monkeypatch.setattr(modal, "exec_dialog", accept_with(fill))
    event = window.record_posting()
    assert event.counterpart is Counterpart.SERVICE_CONSOMMATEURS
    assert event.kind is EventKind.REGISTERED_LETTER and event.summary == "Mise en demeure"
    assert window.stage_label.text() == "Mise en demeure envoyée"
    assert window.stage_reason_label.text().startswith("Mise en demeure envoyée : ")
    assert window.assessment.letter("mise_en_demeure").state.value == "sent"


# --------------------------------------------------------------------------------------------
# Editing sections, saving, concurrent changes


class _SummaryEditor(SectionEditor):
    """A minimal editor following the SectionEditor contract (the summary, required)."""

    def __init__(self) -> None:
        super().__init__()
        self.title = "Résumé"
        self.field = QLineEdit(self)
        QVBoxLayout(self).addWidget(self.field)
        self.field.textEdited.connect(lambda _t: self.changed.emit())
        self.shown = []

    def load(self, case):
        self.field.setText(case.summary)

    def apply(self, case):
        case.summary = self.field.text()

    def issues(self, case, today):
        if not case.summary.strip():
            return [ValidationIssue("summary", "Le résumé est obligatoire.", Severity.ERROR,
                                    "required.summary")]
        return []

    def show_issues(self, issues):
        self.shown = list(issues)


def test_section_dialog_refuses_ok_while_invalid_then_saves(qtbot, window, monkeypatch, store):
    editor = _SummaryEditor()
    monkeypatch.setattr(window, "make_editor", lambda key: editor)
    seen = {}

    def run(dialog):
        editor.field.setText("")
        editor.changed.emit()
        dialog.accept()
        seen["refused"] = dialog.result() != QDialog.DialogCode.Accepted
        seen["footer"] = dialog.footer.text()
        editor.field.setText("Résumé corrigé.")
        editor.changed.emit()
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(modal, "exec_dialog", run)
    with qtbot.waitSignal(window.caseSaved):
        assert window.edit_section("dispute")
    assert seen["refused"] and "Le résumé est obligatoire." in seen["footer"]
    assert store.load_case(window.case_id).summary == "Résumé corrigé."
    assert "Résumé corrigé." in window.section_labels["dispute"].text()


@pytest.mark.parametrize("key", ["subscriber", "structure", "operator", "lines", "contract",
                                 "dispute", "timeline", "invoices"])
def test_every_section_editor_opens_and_saves_unchanged(qtbot, window, monkeypatch, store, key):
    before = store.load_case(window.case_id)
    monkeypatch.setattr(modal, "exec_dialog", accept_with(lambda dialog: None))
    assert window.edit_section(key)
    after = store.load_case(window.case_id)
    assert after.revision == before.revision + 1
    assert len(after.events) == len(before.events)
    assert len(after.exhibits) == len(before.exhibits)
    assert after.subscriber.name == before.subscriber.name


def test_ctrl_s_saves_notes_and_status(qtbot, window, store):
    assert window.save_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert not window.save_action.isEnabled()
    window.notes_edit.setPlainText("Rappeler Mme Fontaine lundi.")
    assert window.has_pending_changes() and window.isWindowModified()
    with qtbot.waitSignal(window.caseSaved):
        window.save_action.trigger()
    assert store.load_case(window.case_id).notes == "Rappeler Mme Fontaine lundi."
    assert not window.has_pending_changes()


def test_closing_saves_pending_notes(qtbot, store, case_id, answers, hooks):
    w = open_window(qtbot, store, case_id)
    w.notes_edit.setPlainText("Note tapée juste avant de fermer.")
    w.close_action.trigger()
    assert not w.isVisible()
    assert store.load_case(case_id).notes == "Note tapée juste avant de fermer."


def test_concurrent_change_is_explained_and_reloaded(qtbot, window, store, answers):
    elsewhere = store.load_case(window.case_id)
    elsewhere.contract.contract_number = "CT-42"
    store.save_case(elsewhere)
    window.notes_edit.setPlainText("Mes notes")
    assert window.save() is False
    kind, _title, text = answers[-1]
    assert kind == "critical" and "modifié ailleurs" in text and "rechargé" in text
    assert window.case.contract.contract_number == "CT-42"  # reloaded
    assert window.notes_edit.toPlainText() == "Mes notes"  # nothing lost
    assert window.has_pending_changes()
    assert window.save() is True
    stored = store.load_case(window.case_id)
    assert stored.notes == "Mes notes" and stored.contract.contract_number == "CT-42"


def test_keyboard_and_accessibility(window):
    shortcuts = {a.shortcut().toString() for a in window.actions()}
    for key in ("Ctrl+S", "Ctrl+P", "Ctrl+E", "Ctrl+W"):
        assert key in shortcuts
    assert [window.tabs.tabText(i) for i in range(4)] == [
        "&Situation", "C&hronologie et pièces", "Co&urriers", "&Fiche du dossier"]
    for widget in (window.tree, window.letters_table, window.notes_edit, window.status_combo,
                   window.generate_button, *window.section_buttons.values()):
        assert widget.accessibleName()


# --------------------------------------------------------------------------------------------
# Worker basics


def test_task_reports_expected_and_unexpected_errors(qtbot):
    class Expected(Exception):
        message = "Message en français."

    task = Task(lambda p, c: (_ for _ in ()).throw(Expected()), expected=(Expected,))
    with qtbot.waitSignal(task.failed) as blocker:
        task.start()
    assert blocker.args == ["Message en français."]
    task.wait()
    task = Task(lambda p, c: 1 / 0)
    with qtbot.waitSignal(task.failed) as blocker:
        task.start()
    assert "erreur inattendue" in blocker.args[0] and "ZeroDivisionError" in blocker.args[0]
    task.wait()
    assert scaled(3 * 2**32, 4 * 2**32) == (750_000, 1_000_000)


def test_copy_of_case_is_never_shared_with_the_dialog(window):
    original = copy.deepcopy(window.case)
    dialog = registered_dialogs.RegisteredLetterDialog(window.case, TODAY, kind=LetterKind.SERVICE_CLIENTS)
    dialog.tracking.setText("X")
    dialog.edited_event()
    dialog.deleteLater()
    assert window.case == original


# --------------------------------------------------------------------------------------------
# What a new user saw (fresh-eyes walkthrough)

EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if (p / "case.json").is_file())
LATER = date(2026, 11, 22)


def all_texts(window) -> str:
    """Everything the case window says: header, cards with every « Pourquoi ? », notices,
    the letters table."""
    parts = [label.text() for label in (window.stage_reason_label,
                                        *window.route_labels.values())]
    for cards in (window.step_cards, window.deadline_cards, window.route_cards):
        parts += [card.text() for card in cards.values()]
    for box in (window.invoices_box, window.notices_box):
        parts += [box.itemAt(i).widget().text() for i in range(box.count())
                  if hasattr(box.itemAt(i).widget(), "text")]
    table = window.letters_table
    parts += [table.item(r, c).text() for r in range(table.rowCount()) for c in range(3)]
    return "\n".join(parts)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_no_developer_jargon_and_every_source_shown(qtbot, store, answers, hooks, example):
    from dispute.rules import default_rules

    w = open_window(qtbot, store, import_case_file(store, example).id, today=LATER)
    text = all_texts(w)
    assert "seeds/" not in text
    for rule_id in default_rules():
        assert rule_id not in text
    # Every conclusion still shows its source (a title or an article of law).
    for cards in (w.step_cards, w.deadline_cards, w.route_cards):
        for card in cards.values():
            for why in card.whys:
                assert "Source : " in why.explanation()
    w.close()


def test_the_cpme_stays_open_after_the_advised_written_complaint(qtbot, store, answers, hooks):
    # a call on 1 March left without answer, then the written complaint the app advised on
    # 10 April: the Situation tab keeps the CPME open from 2 April (the lead's decision)
    case_id = import_case_file(store, ROOT / "examples" / "facturation-entreprise-cpme").id
    case = store.load_case(case_id)
    case.events = [Event(kind=EventKind.CALL, date=date(2026, 3, 1),
                         counterpart=Counterpart.SERVICE_CLIENTS),
                   Event(kind=EventKind.EMAIL, date=date(2026, 4, 10), written=True,
                         counterpart=Counterpart.SERVICE_CLIENTS)]
    store.save_case(case)
    w = open_window(qtbot, store, case_id, today=date(2026, 4, 20))
    assert w.assessment.cpme.opens_on == date(2026, 4, 2)
    card = w.route_cards["cpme"]
    assert card.severity == "ok" and "Ouvert" in card.text()
    assert w.route_labels["cpme"].text() == "CPME : ouvert"
    w.close()


def test_business_subscriber_mediator_is_not_applicable_without_date(qtbot, store, answers,
                                                                     hooks):
    case_id = import_case_file(store, ROOT / "examples" / "facturation-entreprise-cpme").id
    case = store.load_case(case_id)
    # Without the service clients' answer, a mediator delay would also run (until 13 July):
    # for a business the engine no longer gives it as a reason (3 Dec. 2026), and no screen
    # shows a date for the telecom mediator
    case.events = [e for e in case.events if not (e.kind is EventKind.ANSWER
                                                  and e.counterpart is Counterpart.SERVICE_CLIENTS)]
    store.save_case(case)
    w = open_window(qtbot, store, case_id, today=date(2026, 6, 1))
    assert {r.code for r in w.assessment.mediator.reasons} == {"business_subscriber"}
    # the header shows a business's own routes, not the telecom mediator's
    assert w.route_labels["mediator"].isHidden() and w.route_icons["mediator"].isHidden()
    assert w.route_labels["business_mediator"].text().startswith("Médiateur des entreprises : ")
    assert not w.route_labels["cpme"].isHidden()
    card = w.route_cards["mediator"]
    assert card.severity == "closed"
    assert "entreprise" in card.text()
    for text in (card.text(),):
        assert "partir du" not in text and "jusqu'au" not in text
        assert "pourra être saisi" not in text
    review = export_dialog.route_review_text(w.assessment.mediator, w.today)
    assert review.startswith("Non applicable") and "entreprise" in review
    assert "partir du" not in review and "pourra" not in review
    state = {w.letters_table.item(r, 0).data(roles.KIND_ROLE): w.letters_table.item(r, 1)
             .text() for r in range(w.letters_table.rowCount())}
    assert state[LetterKind.MEDIATOR.value] == "Non applicable"
    w.close()


def test_passed_answer_delay_is_neutral_once_the_next_step_is_taken(qtbot, store, answers,
                                                                    hooks, case_id):
    w = open_window(qtbot, store, case_id, today=LATER)  # service consommateurs written to
    card = w.deadline_cards["service_clients_answer"]
    assert "dépassé — étape suivante engagée" in card.text()
    assert "délai écoulé" not in card.text()
    assert card.severity == "neutral"
    w.close()


def test_days_are_written_in_words():
    from dispute.procedure import Basis, Deadline, DeadlineKind, DeadlineState
    from dispute.rules import default_rules

    basis = Basis(default_rules()["mediator_one_year_limit"])

    def state(days: int) -> str:
        return txt.deadline_state_text(Deadline("x", "x", TODAY, DeadlineKind.LIMIT,
                                                DeadlineState.PASSED, -days, basis))

    assert state(25) == "dépassée depuis 25 jours"
    assert state(1) == "dépassée depuis 1 jour"
    assert "(s)" not in state(1) + state(25)


@pytest.mark.parametrize(("example", "today", "expected"), [
    # a business has no « service consommateurs » step (issue 9): the CPME comes next, through
    # the structure that follows the company; without one, the Médiateur des entreprises
    ("facturation-entreprise-cpme", LATER, LetterKind.CPME),
    ("ecrasement-ligne-commerce", LATER, LetterKind.BUSINESS_MEDIATOR),
    ("panne-fibre-particulier", TODAY, LetterKind.MEDIATOR),
])
def test_letters_tab_selects_the_recommended_letter(qtbot, store, answers, hooks, example,
                                                    today, expected):
    w = open_window(qtbot, store, import_case_file(store, ROOT / "examples" / example).id,
                    today=today)
    assert w.selected_letter_kind() is expected
    row = w.letters_table.selectionModel().selectedRows()[0].row()
    assert w.letters_table.item(row, 2).text().startswith("Prochaine étape conseillée")
    w.close()


def test_timeline_dates_are_never_cut_off(qtbot, store, answers, hooks):
    w = open_window(qtbot, store, import_case_file(
        store, ROOT / "examples" / "ecrasement-ligne-commerce").id, today=LATER)
    w.tabs.setCurrentIndex(roles.TAB_TIMELINE)
    metrics = w.tree.fontMetrics()
    width = w.tree.columnWidth(0)
    for item in w._items():
        depth = 1 if item.parent() is not None else 0
        text = item.text(0)
        if text:
            # indentation, the text and the cell's margins all fit in the column
            assert depth * w.tree.indentation() + metrics.horizontalAdvance(text) + 8 <= width
    assert width >= w.tree.sizeHintForColumn(0)
    assert any("septembre" in item.text(0) for item in w._items() if item.parent())
    w.close()


def post_letter(w, monkeypatch, tracking: str):
    def fill(dialog):
        dialog.attach_box.setChecked(False)
        dialog.tracking.setText(tracking)
        dialog.posted.set_date_value(date(2026, 6, 30))

    monkeypatch.setattr(modal, "exec_dialog", accept_with(fill))
    return w.record_posting(LetterKind.SERVICE_CONSOMMATEURS)


def test_receipt_without_selection_picks_the_letter_awaiting_it(qtbot, window, monkeypatch,
                                                                answers):
    first = post_letter(window, monkeypatch, "1A 1")
    window.tree.clearSelection()
    window.tree.setCurrentItem(None)
    assert window.receipt_button.isEnabled()  # a letter awaits its receipt
    seen = []

    def fill(dialog):
        seen.append(dialog)
        dialog.received.set_date_value(date(2026, 7, 1))

    monkeypatch.setattr(modal, "exec_dialog", accept_with(fill))
    edited = window.record_receipt()
    assert edited is not None and edited.id == first.id
    assert isinstance(seen[0], registered_dialogs.ReceiptDialog)
    assert not [a for a in answers if "Sélectionnez" in a[2]]


def test_receipt_asks_which_letter_when_several_await(qtbot, window, monkeypatch, answers):
    post_letter(window, monkeypatch, "1A 1")
    second = post_letter(window, monkeypatch, "1A 2")
    window.tree.clearSelection()
    window.tree.setCurrentItem(None)
    seen = []

    def run(dialog):
        seen.append(dialog)
        if isinstance(dialog, registered_dialogs.ChooseLetterDialog):
            assert dialog.parent() is window
            assert dialog.list.count() == 2
            dialog.list.setCurrentRow(1)
        else:
            assert dialog.letter_event.id == second.id
            dialog.received.set_date_value(date(2026, 7, 1))
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(modal, "exec_dialog", run)
    edited = window.record_receipt()
    assert [type(d) for d in seen] == [registered_dialogs.ChooseLetterDialog, registered_dialogs.ReceiptDialog]
    assert edited.id == second.id


def test_dialogs_open_over_the_case_window_or_the_preview(qtbot, window, monkeypatch, hooks):
    parents = []

    def refuse(dialog):
        parents.append((type(dialog).__name__, dialog.parent()))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(modal, "exec_dialog", refuse)
    window.record_posting()
    window.export_dossier()
    window.create_cpme_email()
    event = next(e for e in window.case.events if e.kind is EventKind.REGISTERED_LETTER)
    window.record_receipt(event.id)
    assert parents == [("RegisteredLetterDialog", window), ("ExportDialog", window),
                       ("ExportDialog", window), ("ReceiptDialog", window)]
    preview = generate(qtbot, window, LetterKind.SERVICE_CONSOMMATEURS)
    qtbot.addWidget(preview)
    parents.clear()
    preview.posting_button.click()
    assert parents == [("RegisteredLetterDialog", preview)]


class _RenameExhibitEditor(_SummaryEditor):
    """Renames the exhibit ``exhibit_id`` (as the timeline editor would)."""

    def __init__(self, exhibit_id: str, title: str) -> None:
        super().__init__()
        self.exhibit_id, self.new_title = exhibit_id, title

    def apply(self, case):
        next(x for x in case.exhibits if x.id == self.exhibit_id).title = self.new_title

    def issues(self, case, today):
        return []


def test_a_renamed_exhibit_is_not_reported_under_its_old_title(qtbot, store, case_id, answers,
                                                                 hooks, monkeypatch):
    case = store.load_case(case_id)
    missing = case.exhibits[2]
    old_title = missing.title
    store.exhibit_path(case_id, missing).unlink()
    w = open_window(qtbot, store, case_id)
    assert old_title in w.exhibit_item(missing.id).toolTip(4)
    monkeypatch.setattr(w, "make_editor",
                        lambda key: _RenameExhibitEditor(missing.id, "Courrier de résiliation"))
    monkeypatch.setattr(modal, "exec_dialog", accept_with(lambda dialog: None))
    with qtbot.waitSignal(w.exhibitsChecked, timeout=10_000):
        assert w.edit_section("timeline")
    tip = w.exhibit_item(missing.id).toolTip(4)
    assert "Courrier de résiliation" in tip and old_title not in tip
    assert old_title not in w.exhibit_banner.text()
    assert w.exhibit_item(missing.id).text(4) == "Fichier introuvable"
    w.close()


# --------------------------------------------------------------------------------------------
# The Médiateur des entreprises' card (practitioner's review, point 8)


@pytest.mark.parametrize(("example", "scope"), [
    ("ecrasement-ligne-commerce", True),  # an overwritten line: outside « la facturation »
    ("facturation-entreprise-cpme", False),  # a billing dispute: its named scope
])
def test_a_business_case_has_a_business_mediator_card(qtbot, store, answers, hooks, example,
                                                      scope):
    case_id = import_case_file(store, ROOT / "examples" / example).id
    window = open_window(qtbot, store, case_id, today=date(2026, 9, 15))
    try:
        assert list(window.route_cards)[0] == "business_mediator"
        card = window.route_cards["business_mediator"]
        text = card.text()
        route = window.assessment.business_mediator
        assert card.title_text.startswith("Médiateur des entreprises")
        assert txt.route_status(route, window.today, with_reason=False) in text
        # LCEN art. 15 I only when the service itself was not provided and for a contract
        # concluded at a distance, as the letters say (review4 N1, review2 5.2): the
        # overwritten line's contract was concluded online; the billing dispute names no
        # unprovided service (its distance is not said either): nothing of LCEN art. 15 I,
        # not even « non précisé »
        liability = [label for label in card.lines if label.text().startswith("Contrat conclu")]
        if scope:
            (liability,) = liability
            assert window.case.contract.distance is True
            assert liability.text().startswith(
                "Contrat conclu à distance : l'opérateur est responsable de plein droit de la "
                "bonne exécution du contrat (LCEN, art. 15 I)")
            assert WARNING_COLOUR not in liability.styleSheet()
            # its « Pourquoi ? » names the rule with its condition
            assert "d'un contrat conclu à distance (LCEN, art. 15 I)" in text
        else:
            assert window.case.natures == [DisputeNature.BILLING]
            assert window.case.contract.distance is None
            assert liability == []
            assert "LCEN" not in text and "responsable de plein droit" not in text
        assert ("Compétence à vérifier" in text) is scope
        assert "engagement de confidentialité" in text
        for item in route.missing_items:  # « 1. SIRET de l'entreprise … — MANQUANT »
            assert f"\n{item.number}. {item.label} — MANQUANT" in text
        assert "1. 1." not in text
        # every note has its « Pourquoi ? » with the rule's source
        assert len(card.whys) >= len(route.notes)
        why = next(w for w in card.whys if "Arcep" in w.explanation()) if scope else None
        if why is not None:
            why.button.click()
            assert why.text.isVisibleTo(card)
            assert "facturation" in why.explanation()
        # the telecom mediator's card stays, « non applicable » for a business
        assert "Non applicable" in window.route_cards["mediator"].text()
        # a premature letter says what it waits for when no date can be computed (point 7)
        table = window.letters_table
        states = {table.item(r, 0).data(Qt.ItemDataRole.UserRole): table.item(r, 1).text()
                  for r in range(table.rowCount())}
        if scope:  # the overwritten line: no structure follows the company yet
            assert states["demande_cpme"] == ("Prématuré — après l'indication, dans le dossier, "
                                              "de la structure qui suit l'entreprise")
    finally:
        window.close()


def test_a_private_case_has_no_business_mediator_card(window):
    assert "business_mediator" not in window.route_cards
