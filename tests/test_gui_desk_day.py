"""Issue 11: what a first-time user tripped over during a working day at the desk. One test
(or a few) per point of the issue; each failed on the code the issue was filed against.

Point 1 (run.py's Qt check) is in tests/test_run_qt_check.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from dispute.model import Event, EventKind  # noqa: E402
from gui import dialogs  # noqa: E402
from gui.case_view.section_dialog import SectionDialog  # noqa: E402
from gui.case_view.window import CaseWindow  # noqa: E402
from gui.editors.event_dialog import EventDialog  # noqa: E402
from gui.main_window import MainWindow  # noqa: E402
from store.casefile import import_case_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = ROOT / "examples" / "panne-fibre-particulier"
BUSINESS = ROOT / "examples" / "facturation-entreprise-cpme"
TODAY = date(2026, 7, 1)


def open_case(qtbot, store, example=PRIVATE, today=TODAY) -> CaseWindow:
    case_id = import_case_file(store, example).id
    window = CaseWindow(store, case_id, today=today)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.exhibitsChecked, timeout=10_000):
        pass
    window.resize(1200, 800)
    window.show()
    return window


def top_of(widget, root) -> int:
    return widget.mapTo(root, QPoint(0, 0)).y()


# --------------------------------------------------------------------------------------------
# 2. Fields never move under the mouse while typing


def test_event_dialog_fields_stay_put_when_a_message_appears(qtbot):
    dialog = EventDialog(Event(kind=EventKind.CALL, date=date(2026, 3, 2)), TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    below = [dialog.counterpart, dialog.direction, dialog.summary, dialog.reference]
    before = [top_of(w, dialog) for w in below]
    dialog.date.line.clear()
    qtbot.keyClicks(dialog.date.line, "31/02/2026")  # no such day: an error under the date
    qtbot.wait(10)
    assert dialog.date_message.severity == "error"
    assert "31/02/2026" in dialog.date_message.text() or dialog.date_message.text()
    assert [top_of(w, dialog) for w in below] == before
    # and back: the message goes, nothing moves either
    dialog.date.line.clear()
    qtbot.keyClicks(dialog.date.line, "02/03/2026")
    assert not dialog.date_message.text()
    assert [top_of(w, dialog) for w in below] == before


def test_a_long_message_is_cut_to_its_room_and_shown_whole_in_its_tooltip(qtbot):
    from gui.widgets import InlineMessage

    message = InlineMessage()
    qtbot.addWidget(message)
    message.resize(300, message.height())
    message.show()
    height = message.height()
    long_text = "Erreur : " + " ".join(["la date de la pièce n'est pas lisible"] * 12)
    message.set_message(long_text, "error")
    assert message.height() == height  # the reserved room, whatever the text
    assert message.text() == long_text
    assert message.shown_text().endswith("…") and len(message.shown_text()) < len(long_text)
    assert message.toolTip() == long_text
    message.set_message("Erreur : court", "error")
    assert message.shown_text() == "Erreur : court" and message.toolTip() == ""


# --------------------------------------------------------------------------------------------
# 3. Dialogs sized to their content and to the screen; columns elide with tooltips


def test_section_dialog_shows_the_whole_operator_form(qtbot, store, answers):
    window = open_case(qtbot, store)
    editor = window.make_editor("operator")
    dialog = SectionDialog(editor, window.case, TODAY, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.screen().availableGeometry()
    assert dialog.width() <= area.width() and dialog.height() <= area.height()
    scroll = editor.parentWidget().parentWidget()  # the scroll area's viewport, then itself
    viewport = editor.parentWidget()
    needed = editor.sizeHint().height()
    if needed + 200 < area.height():  # room enough on this screen: nothing cut, no scrolling
        qtbot.wait(20)
        assert viewport.height() >= needed, (viewport.height(), needed)
        assert editor.height() <= viewport.height(), (editor.size(), viewport.size(),
                                                      dialog.size())
        assert not scroll.verticalScrollBar().isVisible()
    window.close()


def test_case_list_headers_are_whole_and_cells_have_their_text_as_tooltip(qtbot, store):
    import_case_file(store, PRIVATE)
    import_case_file(store, BUSINESS)
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    QSettings().remove("main/header")
    window.show()
    window.resize(900, 600)  # narrower than the columns: they keep their width, it scrolls
    QApplication.processEvents()
    header = window.table.horizontalHeader()
    metrics = header.fontMetrics()
    model = window.table.model()
    for column in range(model.columnCount()):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title) + 20, title
        assert model.headerData(column, Qt.Orientation.Horizontal,
                                Qt.ItemDataRole.ToolTipRole) == title
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            text = index.data()
            if text:
                assert text in (index.data(Qt.ItemDataRole.ToolTipRole) or ""), (row, column)
    window.close()


# --------------------------------------------------------------------------------------------
# 4. File dialogs: Documents first, the last folder per purpose, in French


@pytest.fixture
def fresh_folders():
    from gui import desktop

    for key in desktop.FOLDER_KEYS.values():
        QSettings().remove(key)
    yield desktop
    for key in desktop.FOLDER_KEYS.values():
        QSettings().remove(key)


def test_file_dialogs_start_in_documents_then_in_the_last_folder_of_their_purpose(
        tmp_path, monkeypatch, fresh_folders):
    desktop = fresh_folders
    documents = desktop.documents_folder()
    asked: list[tuple[str, str]] = []
    answers_ = []

    def picker(parent, mode, caption, suggested, filters):
        asked.append((mode, suggested))
        return answers_.pop(0)

    monkeypatch.setattr(desktop, "file_picker", picker)
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "facture.pdf").write_bytes(b"%PDF")
    answers_.append([scans / "facture.pdf"])
    assert desktop.pick_open_files(None, "Joindre", "Tous (*)") == [scans / "facture.pdf"]
    assert asked[-1] == ("open_many", str(documents))
    # the next exhibits start where the last ones came from; imports are another purpose
    answers_.append([])
    desktop.pick_open_files(None, "Joindre", "Tous (*)")
    assert asked[-1] == ("open_many", str(scans))
    answers_.append(None)
    desktop.pick_open_file(None, "Importer", None, "Dossier (*.zip)", purpose="import")
    assert asked[-1] == ("open", str(documents))
    # a bare file name to save is proposed in the purpose's folder, never the program's
    out = tmp_path / "courriers"
    out.mkdir()
    answers_.append(out / "lettre")
    saved = desktop.pick_save_file(None, "Enregistrer", "lettre.pdf", "PDF (*.pdf)")
    assert asked[-1] == ("save", str(documents / "lettre.pdf"))
    assert saved == out / "lettre.pdf"
    answers_.append(None)
    desktop.pick_save_file(None, "Enregistrer", "autre.pdf", "PDF (*.pdf)")
    assert asked[-1] == ("save", str(out / "autre.pdf"))
    # a first dossier is proposed next to the letters, then in its own last folder
    assert desktop.start_folder("exports") == out
    desktop.remember_folder("exports", scans / "facture.pdf")
    assert desktop.start_folder("exports") == scans
    # a remembered folder that was removed: back to Documents
    desktop.remember_folder("import", tmp_path / "gone" / "x.zip")
    assert desktop.start_folder("import") == documents


def test_timeline_and_import_pickers_go_through_the_remembering_dialogs(
        qtbot, tmp_path, monkeypatch, fresh_folders):
    desktop = fresh_folders
    from PySide6.QtWidgets import QWidget

    from gui.editors.exhibits import default_pick_files

    asked = []
    monkeypatch.setattr(desktop, "file_picker",
                        lambda parent, mode, caption, suggested, filters:
                        asked.append((mode, suggested)) or [])
    parent = QWidget()
    qtbot.addWidget(parent)
    assert default_pick_files(parent) == []
    assert asked == [("open_many", str(desktop.documents_folder()))]


def test_the_file_dialog_is_qt_s_own_and_speaks_french(qtbot, qapp, fresh_folders):
    from PySide6.QtWidgets import QFileDialog

    from gui.app import _install_translations

    _install_translations(qapp)
    from PySide6.QtCore import QCoreApplication

    # the gap-filling translator leaves every other text alone
    assert QCoreApplication.translate("case_view", "Dossier rechargé.") == "Dossier rechargé."
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Voir dans :"
    dialog = fresh_folders.make_file_dialog(None, "open", "Importer un dossier",
                                            str(fresh_folders.documents_folder()),
                                            "Dossier Recours Télécom (case.json *.zip)")
    qtbot.addWidget(dialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)

    save = fresh_folders.make_file_dialog(None, "save", "Enregistrer",
                                          "/tmp/lettre.pdf", "PDF (*.pdf)")
    qtbot.addWidget(save)
    assert save.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert save.selectedFiles()[0].endswith("lettre.pdf")


# --------------------------------------------------------------------------------------------
# 5. First-launch set-up; the wizard offers the structure of Paramètres and keeps a new one


def test_first_launch_set_up_opens_once_and_saves_the_structure(qtbot, store, answers):
    from gui.settings_dialog import SettingsDialog, load_letter_settings, needs_first_launch

    assert needs_first_launch(store)
    window = MainWindow(store, today=TODAY, first_launch=True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: isinstance(window._settings_dialog, SettingsDialog)
                    and window._settings_dialog.isVisible(), timeout=5000)
    setup = window._settings_dialog
    assert setup.guided and "étape 1 sur 3" in setup.windowTitle()
    assert not setup.tabs.tabBar().isVisible()
    assert setup.cancel_button.text().replace("&", "") == "Passer pour l'instant"
    qtbot.keyClicks(setup.structure_name, "CPME du Calvados")
    qtbot.keyClicks(setup.structure_contact, "Anne Leroy")
    qtbot.mouseClick(setup.next_button, Qt.MouseButton.LeftButton)
    assert "étape 2 sur 3" in setup.windowTitle()
    qtbot.keyClicks(setup.place, "Caen")
    qtbot.mouseClick(setup.next_button, Qt.MouseButton.LeftButton)
    assert "étape 3 sur 3" in setup.windowTitle() and setup.finish_button.isVisible()
    assert not setup.next_button.isVisible() and not setup.save_button.isVisible()
    assert setup.tabs.currentIndex() == 2  # the envelope window and its calibration page
    qtbot.mouseClick(setup.finish_button, Qt.MouseButton.LeftButton)
    settings, _ = load_letter_settings(store)
    assert settings.structure.name == "CPME du Calvados" and settings.place == "Caen"
    assert not needs_first_launch(store)
    window.close()
    # next start: not offered again
    again = MainWindow(store, today=TODAY, first_launch=True)
    qtbot.addWidget(again)
    again.show()
    qtbot.wait(50)
    assert again._settings_dialog is None
    again.close()


def test_first_launch_set_up_can_be_skipped_and_reached_again(qtbot, store, answers):
    from gui.settings_dialog import SettingsDialog, needs_first_launch

    setup = SettingsDialog(store, guided=True)
    qtbot.addWidget(setup)
    setup.show()
    setup.reject()  # « Passer pour l'instant »
    assert not needs_first_launch(store)
    # from Paramètres, the same steps again
    settings = SettingsDialog(store)
    qtbot.addWidget(settings)
    settings.show()
    assert settings.tabs.tabBar().isVisible() and settings.guide_button.isVisible()
    qtbot.mouseClick(settings.guide_button, Qt.MouseButton.LeftButton)
    assert settings.guided and "étape 1 sur 3" in settings.windowTitle()
    assert not settings.tabs.isTabVisible(3)  # the data folder is not a first-launch matter


def test_the_wizard_offers_the_structure_of_parametres_and_keeps_a_new_one(
        qtbot, store, answers):
    from gui.settings_dialog import load_letter_settings
    from gui.wizard import CaseWizard, save_structure_in_settings

    # no structure in Paramètres: typed in the wizard, offered to Paramètres on Finish
    wizard = CaseWizard(store, today=TODAY)
    qtbot.addWidget(wizard)
    assert wizard.case.handling_structure is None
    editor = wizard.structure_editor
    editor.enabled.setChecked(True)
    qtbot.keyClicks(editor.name, "Point conseil conso")
    qtbot.keyClicks(editor.contact, "Marc Petit")
    wizard.accept()
    assert any(kind == "question" and "Point conseil conso" in text
               for kind, _title, text in answers)
    settings, _ = load_letter_settings(store)
    assert settings.structure.name == "Point conseil conso"
    assert settings.structure.contact_name == "Marc Petit"
    # the next case starts with it
    answers.clear()
    second = CaseWizard(store, today=TODAY)
    qtbot.addWidget(second)
    assert second.case.handling_structure.name == "Point conseil conso"
    assert second.structure_editor.enabled.isChecked()
    assert second.structure_editor.name.text() == "Point conseil conso"
    second.accept()
    assert not [a for a in answers if "Paramètres" in a[2]]  # the same one: nothing asked
    save_structure_in_settings(store, second.case.handling_structure)  # idempotent


# --------------------------------------------------------------------------------------------
# 6. « Cette semaine »: overdue, due this week, and what is possible now and advised


def test_this_week_lists_the_cpme_request_possible_now(qtbot, store):
    import_case_file(store, BUSINESS)
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    texts = [window.week_list.item(i).text() for i in range(window.week_list.count())]
    assert "Rien à faire cette semaine." not in texts
    assert "Possible dès maintenant (conseillé)" in texts
    line = next(t for t in texts if "Saisir la CPME" in t)
    assert line.startswith("Menuiserie Rivaud SARL — ")
    item = window.week_list.item(texts.index(line))
    assert item.data(Qt.ItemDataRole.UserRole) == store.list_cases()[0].id  # opens the case
    window.close()


def test_week_agenda_orders_groups_and_caps_the_steps():
    from types import SimpleNamespace

    from dispute.case_list import week_agenda

    def summary(case_id, deadlines=(), steps=(), problem=None):
        return SimpleNamespace(id=case_id, subscriber_name=case_id, problem=problem, extra={
            "deadlines": [{"id": i, "label": i, "date": d, "kind": k} for i, d, k in deadlines],
            "steps": [{"id": i, "label": i, "earliest": e, "latest": la} for i, e, la in steps]})

    today = date(2026, 2, 27)  # the week crosses the end of February (not a leap year)
    cases = [
        summary("a", deadlines=[("limite", "2026-02-20", "limit"),  # overdue
                                ("réponse", "2026-03-06", "answer"),  # in 7 days: this week
                                ("plus tard", "2026-03-07", "limit")]),  # in 8 days: not yet
        summary("b", steps=[("cpme", "2026-02-01", None),  # possible, no limit
                            ("médiateur", "2026-02-27", "2027-02-27"),  # possible from today
                            ("trop tôt", "2026-02-28", None),  # tomorrow: not yet
                            ("trop tard", "2025-01-01", "2026-02-26")]),  # limit passed
        summary("c", problem="illisible"),
        summary("d", deadlines=[("réponse passée", "2026-02-20", "answer")]),  # not overdue
    ]
    items, left_out = week_agenda(cases, today, 7)
    assert [(i.group, i.case_id, i.label) for i in items] == [
        (0, "a", "limite"), (1, "a", "réponse"), (2, "b", "médiateur"), (2, "b", "cpme")]
    assert items[1].date == date(2026, 3, 6) and items[1].days_left == 7
    assert items[2].possible_since == date(2026, 2, 27)
    assert left_out == {0: 0, 1: 0, 2: 0}
    many = [summary(f"x{n}", deadlines=[("l", "2026-01-01", "limit")],
                    steps=[("s", "2026-01-01", None)]) for n in range(5)]
    items, left_out = week_agenda(many, today, 7, shown=3)
    assert len(items) == 6 and left_out == {0: 2, 1: 0, 2: 2}


# --------------------------------------------------------------------------------------------
# 7. A private case shows nothing of the CPME route but its « non applicable » line


def _texts(widget) -> str:
    from PySide6.QtWidgets import QLabel

    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_private_case_shows_no_cpme_items_nor_cpme_actions(qtbot, store, answers, monkeypatch):
    window = open_case(qtbot, store, PRIVATE)
    situation = _texts(window.tabs.widget(0))
    assert "Non applicable" in situation
    assert "cinq éléments" not in situation and "MANQUANT" not in situation
    card = window.route_cards["cpme"]
    assert "MANQUANT" not in _texts(card) and not card.whys
    assert not window.email_action.isVisible()
    toolbar_texts = [a.text() for w in window.findChildren(type(window.addToolBar("x")))
                     for a in w.actions() if a.isVisible()]
    assert not any("CPME" in text for text in toolbar_texts)
    kinds = [window.letters_table.item(r, 0).data(Qt.ItemDataRole.UserRole)
             for r in range(window.letters_table.rowCount())
             if not window.letters_table.isRowHidden(r)]
    assert "demande_cpme" not in kinds and "saisine_mediateur" in kinds
    from gui.case_view.export_dialog import ExportDialog

    dialog = ExportDialog(window.case, window.assessment, TODAY, parent=window)
    qtbot.addWidget(dialog)
    assert not dialog.radios["cpme"].isVisibleTo(dialog)
    assert "CPME" not in _texts(dialog)
    window.close()


def test_business_case_keeps_the_cpme_route_whole(qtbot, store, answers):
    window = open_case(qtbot, store, BUSINESS)
    assert "cinq éléments exigés par la CPME" in _texts(window.route_cards["cpme"])
    assert window.email_action.isVisible()
    window.close()


def test_wizard_says_nothing_of_the_cpme_items_for_a_private_subscriber(qtbot):
    from dispute.model import Case, SubscriberKind
    from gui.editors.dispute_editor import DisputeEditor
    from gui.wizard import review_html

    case = Case()
    case.subscriber.kind = SubscriberKind.PRIVATE
    review = review_html(case, TODAY)
    assert "cinq éléments" not in review and "— manquant" not in review
    assert "exigé par la CPME" not in review  # « élément 3 exigé par la CPME » was there
    assert review.count("CPME") == 1 and "CPME : non applicable" in review
    case.subscriber.kind = SubscriberKind.BUSINESS
    assert "cinq éléments" in review_html(case, TODAY)
    editor = DisputeEditor()
    qtbot.addWidget(editor)
    editor.load(Case())
    assert "CPME" not in editor.summary_hint.text()
    business = Case()
    business.subscriber.kind = SubscriberKind.BUSINESS
    editor.load(business)
    assert "élément 5" in editor.summary_hint.text()


# --------------------------------------------------------------------------------------------
# 8. The summary's length: how long the letters will be, a warning past two pages


def test_summary_length_is_shown_and_a_long_one_is_warned_about(qtbot):
    from dispute.model import Case
    from gui.editors.dispute_editor import DisputeEditor, summary_pages

    editor = DisputeEditor()
    qtbot.addWidget(editor)
    editor.load(Case())
    editor.show()
    assert not editor.summary_length.text()
    editor.summary.setPlainText("J'ai appelé le service clients le 3 mars. " * 20)
    assert editor.summary_length.severity == "info"
    assert "caractères" in editor.summary_length.text() and "page" in editor.summary_length.text()
    height = editor.summary_length.height()
    editor.summary.setPlainText("x" * 31_000)  # the 8-page letter of the issue
    message = editor.summary_length.text()
    assert editor.summary_length.severity == "warning"
    assert "31\u202f000 caractères" in message
    assert "chronologie" in message and "pièce jointe" in message  # where the details go
    assert editor.summary_length.height() == height
    assert summary_pages(0)[1] == 2 and summary_pages(8_000)[0] < 2 < summary_pages(9_000)[0]


# --------------------------------------------------------------------------------------------
# 9. Exhibits checked again on coming back to the window and before every export


def test_an_exhibit_moved_away_is_seen_on_coming_back_and_named_at_export(
        qtbot, store, answers, tmp_path, monkeypatch):
    import os

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    window = open_case(qtbot, store, PRIVATE)
    assert window.exhibits_verified and not window.problems
    exhibit = sorted(window.case.exhibits, key=lambda x: x.number)[1]
    stored = store.exhibit_path(window.case.id, exhibit)
    os.rename(stored, tmp_path / "ailleurs")  # moved away while the case is open
    monkeypatch.setattr(type(window), "RECHECK_AFTER_S", 0.0)
    monkeypatch.setattr(type(window), "isActiveWindow", lambda self: True)
    with qtbot.waitSignal(window.exhibitsChecked, timeout=10_000):
        QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    assert exhibit.id in window.problems
    item = window.exhibit_item(exhibit.id)
    assert "introuvable" in item.text(4).lower()
    banner = window.exhibit_banner.text()
    assert f"Pièce n° {exhibit.number} « {exhibit.title}" in banner
    assert "exhibits" not in banner and str(store.data_dir) not in banner
    # the export stops, naming the exhibit, never the stored file
    failures = []
    window.exportFailed.connect(failures.append)
    with qtbot.waitSignal(window.exportFailed, timeout=20_000):
        window.start_export("mediator", tmp_path / "dossier.zip")
    (message,) = failures
    assert f"Pièce n° {exhibit.number} « {exhibit.title}" in message
    assert "exhibits" not in message and str(store.data_dir) not in message
    assert ".pdf" not in message.replace(exhibit.title, "")
    assert not (tmp_path / "dossier.zip").exists()
    window.close()


def test_coming_back_right_after_a_check_does_not_check_again(qtbot, store, answers):
    window = open_case(qtbot, store, PRIVATE)
    assert window.recheck_exhibits() is None  # just checked: no new worker
    window.close()


# --------------------------------------------------------------------------------------------
# 10. No internal id shown; unsaved edits are not lost silently on closing


def test_the_review_and_the_draft_chooser_show_no_internal_id(qtbot, store, monkeypatch):
    from dispute.model import Case, SubscriberKind
    from gui import pickers
    from gui.wizard import review_html

    case = import_case_file(store, PRIVATE)
    case = store.load_case(case.id)
    review = review_html(case, TODAY)
    assert "seeds/" not in review and case.id not in review
    business = store.load_case(import_case_file(store, BUSINESS).id)
    assert "seeds/" not in review_html(business, TODAY)
    seen = []
    monkeypatch.setattr(pickers, "chooser", lambda title, prompt, labels: seen.extend(labels))
    draft = Case()
    draft.subscriber.kind = SubscriberKind.PRIVATE
    draft.subscriber.name = "Jeanne Dupont"
    pickers.pick_draft(None, [draft])
    assert seen == ["1. Jeanne Dupont — opérateur ? — 0 événement(s)"]
    assert draft.id not in seen[0]


@pytest.mark.parametrize("answer, closed, saved", [
    ("save", True, True), ("discard", True, False), ("cancel", False, False)])
def test_closing_with_unsaved_notes_asks_first(qtbot, store, answer, closed, saved):
    asked = []
    dialogs.responder = lambda kind, title, text: asked.append((kind, text)) or answer
    try:
        window = open_case(qtbot, store, PRIVATE)
        window.notes_edit.setPlainText("Rappeler lundi")
        assert window.has_pending_changes()
        window.close()
        assert [kind for kind, _text in asked] == ["save"]
        assert "Claire Fontaine" in asked[0][1]
        assert window.isVisible() is not closed
        assert (store.load_case(window.case_id).notes == "Rappeler lundi") is saved
        if not closed:
            assert window.notes_edit.toPlainText() == "Rappeler lundi"  # nothing lost
            dialogs.responder = lambda kind, title, text: "discard"
            window.close()
    finally:
        dialogs.responder = None


def test_quitting_with_an_open_case_with_unsaved_notes_asks_first(qtbot, store):
    asked = []
    dialogs.responder = lambda kind, title, text: asked.append(kind) or "cancel"
    try:
        case_id = import_case_file(store, PRIVATE).id
        main = MainWindow(store, today=TODAY)
        qtbot.addWidget(main)
        main.show()
        main.open_case(case_id)
        case_window = main._case_windows[case_id]
        qtbot.addWidget(case_window)
        case_window.notes_edit.setPlainText("À rappeler")
        assert not main.close()  # « Annuler »: nothing closes
        assert asked == ["save"] and main.isVisible() and case_window.isVisible()
        dialogs.responder = lambda kind, title, text: "discard"
        assert main.close()
    finally:
        dialogs.responder = None
