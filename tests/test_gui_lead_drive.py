"""What the lead tripped over driving the real window (/work/coord/lead-drive.md, 2026-12-03):
blank room on the dispute page, the event dialog squeezed, a business example for a private
line, invoice-line messages cut, the export dialog's heading and height. Each test fails on
the code the finding was reported against."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QWidget  # noqa: E402

from dispute.model import Case, Event, EventKind, Subscriber, SubscriberKind  # noqa: E402

TODAY = date(2026, 11, 22)


def _y(widget: QWidget) -> int:
    return widget.mapTo(widget.window(), widget.rect().topLeft()).y()


def _bottom(widget: QWidget) -> int:
    return _y(widget) + widget.height()


@pytest.fixture
def store(tmp_path):
    from store.store import CaseStore

    with CaseStore.open(tmp_path / "data", durable=False) as s:
        yield s


# -- 8. Step 4: no hole between the natures and the summary; the event form's spacing --------


@pytest.mark.parametrize("business", [True, False])
def test_the_summary_follows_the_natures_closely(qtbot, store, answers, business):
    from gui.wizard import PAGE_DISPUTE, CaseWizard

    wizard = CaseWizard(store, today=TODAY)  # its default size
    qtbot.addWidget(wizard)
    wizard.case.subscriber = Subscriber(
        kind=SubscriberKind.BUSINESS if business else SubscriberKind.PRIVATE, name="Martin")
    wizard.setStartId(PAGE_DISPUTE)
    wizard.restart()
    wizard.show()
    editor = wizard.dispute_editor
    qtbot.waitUntil(editor.summary_label.isVisible)
    line = editor.natures_message.label.fontMetrics().lineSpacing()
    # room for the one-line « Nature du litige non précisée. » and the spacing, no more
    gap = _y(editor.summary_label) - _bottom(editor.natures_box)
    assert gap <= line + 24, gap
    editor.nature_checks[next(iter(editor.nature_checks))].click()  # a nature: no warning
    assert editor.natures_message.text() == ""
    assert _y(editor.summary_label) - _bottom(editor.natures_box) == gap  # nothing moved


def test_one_message_room_under_the_summary_read_whole(qtbot, store, answers):
    from gui.wizard import PAGE_DISPUTE, CaseWizard

    wizard = CaseWizard(store, today=TODAY)  # its default size
    qtbot.addWidget(wizard)
    wizard.case.subscriber = Subscriber(kind=SubscriberKind.BUSINESS, name="Martin")
    wizard.setStartId(PAGE_DISPUTE)
    wizard.restart()
    wizard.show()
    editor = wizard.dispute_editor
    qtbot.waitUntil(editor.commitments_box.isVisible)
    message = editor.summary_message
    line = message.label.fontMetrics().lineSpacing()
    below = _y(editor.commitments_box)
    # one room (the missing summary's warning, then the length), not two of two lines each
    assert below - _bottom(editor.summary) <= 3 * line + 24, below - _bottom(editor.summary)
    editor.summary.setFocus()
    editor.summary.setPlainText("x" * 31_000)  # the 8-page letter of issue 11
    assert "31\u202f000 caractères" in message.text() and "pièce jointe" in message.text()
    assert message.shown_text() == message.text(), message.shown_text()
    assert _y(editor.commitments_box) == below
    editor.summary.setPlainText("")  # emptied: the length goes, the warning is said
    assert "Résumé du litige manquant" in message.text()
    assert message.shown_text() == message.text(), message.shown_text()
    assert _y(editor.commitments_box) == below


def test_the_portability_date_keeps_its_message_room(qtbot):
    from dispute.model import DisputeNature
    from gui.editors.dispute_editor import DisputeEditor
    from tests.test_gui_fresh_eyes import _shown

    editor = DisputeEditor()
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    editor.load(Case())
    assert not editor.portability_message.isVisible()
    editor.nature_checks[DisputeNature.PORTABILITY].click()
    qtbot.waitUntil(editor.portability_row.isVisible)
    assert editor.portability_message.isVisible()
    below = _y(editor.summary_label)
    qtbot.keyClicks(editor.portability_date.line, "32/13/2026")  # unreadable: an error
    case = Case()
    editor.apply(case)
    editor.show_issues(editor.issues(case, TODAY))
    assert editor.portability_message.text().startswith("Erreur")
    assert _y(editor.summary_label) == below


@pytest.mark.parametrize("kind", [EventKind.OUTAGE, EventKind.CALL,
                                  EventKind.REGISTERED_LETTER])
def test_the_event_dialog_is_as_high_as_its_content(qtbot, kind):
    from gui.editors.event_dialog import EventDialog

    dialog = EventDialog(Event(kind=kind), TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # no band of blank (Qt's minimum was the content's height at the narrowest width)
    # (the form is in a scroll area since desk8: the content's height is the form's)
    assert dialog.height() <= dialog._content_height(dialog.width()) + 2
    # and never squeezed: the summary whole, « Référence » at the form's spacing under it
    summary = dialog.summary
    assert summary.height() == summary.minimumHeight()
    assert _y(dialog.reference) - _bottom(summary) >= dialog.form.verticalSpacing()


def test_the_event_dialog_grows_for_a_kind_with_more_rows(qtbot):
    from gui.editors.event_dialog import EventDialog

    dialog = EventDialog(Event(kind=EventKind.CALL), TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.REGISTERED_LETTER.value))
    qtbot.waitUntil(dialog.registered_box.isVisible)
    qtbot.wait(50)
    assert dialog.height() >= dialog._content_height(dialog.width())
    from gui.screens import WIDTH_SHARE

    room = int(dialog.screen().availableGeometry().width() * WIDTH_SHARE)
    assert dialog.width() >= min(dialog.sizeHint().width(), room)  # « Type d'événe… » was cut
    assert _y(dialog.reference) - _bottom(dialog.summary) >= dialog.form.verticalSpacing()


# -- 10. The line's « Précision »: an example of the subscriber's kind ------------------------


def test_the_line_example_follows_the_subscriber_kind(qtbot, store, answers):
    from gui.wizard import PAGE_CONTRACT, CaseWizard

    wizard = CaseWizard(store, today=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    subscriber = wizard.subscriber_editor
    qtbot.keyClicks(subscriber.name, "Jeanne Dupont")
    wizard.next()
    assert wizard.currentId() == PAGE_CONTRACT
    example = wizard.lines_editor.rows[0].label.placeholderText()
    assert "gérant" not in example and "bureau" not in example
    assert example == "Box du salon, mobile de ma fille…"
    wizard.lines_editor.add_button.click()  # a row added: the same example
    assert wizard.lines_editor.rows[1].label.placeholderText() == example
    wizard.back()
    subscriber.business.click()
    wizard.next()
    assert wizard.currentId() == PAGE_CONTRACT
    for row in wizard.lines_editor.rows:
        assert row.label.placeholderText() == "Livebox bureau, mobile du gérant…"


# -- 11. An invoice line's messages: every line read whole ------------------------------------


def _show_issues(editor, case: Case) -> None:
    """What the wizard page does on every edit."""
    editor.apply(case)
    editor.show_issues(editor.issues(case, TODAY))


@pytest.mark.parametrize("business", [True, False])
def test_every_message_of_an_invoice_line_is_read_whole(qtbot, business):
    from PySide6.QtCore import Qt

    from gui.editors.invoices import InvoiceLinesEditor
    from tests.test_gui_fresh_eyes import _shown

    editor = InvoiceLinesEditor()
    window = _shown(qtbot, editor)  # noqa: F841 - keeps the editor alive
    case = Case(subscriber=Subscriber(
        kind=SubscriberKind.BUSINESS if business else SubscriberKind.PRIVATE, name="Martin"))
    editor.load(case)
    editor.add_button.click()  # a line added, nothing typed in it
    card = editor.cards[0]
    qtbot.waitUntil(card.message.isVisible)
    below = _y(editor.add_button)
    qtbot.keyClicks(card.invoice_number, "F")  # touched, then emptied: all four said
    qtbot.keyClick(card.invoice_number, Qt.Key.Key_Backspace)
    _show_issues(editor, case)
    message = card.message
    lines = message.text().splitlines()
    assert lines == ["Erreur : Le montant facturé manque.",
                     "Erreur : Le montant contesté manque.",
                     "Attention : Numéro de facture manquant.",
                     "Attention : Date de facture manquante."]  # not also « nul »
    assert message.shown_text() == message.text(), message.shown_text()
    assert _y(editor.add_button) == below  # its room was kept: nothing moved
    qtbot.keyClicks(card.invoice_number, "FA-0626")  # three lines, as the lead had
    _show_issues(editor, case)
    assert len(message.text().splitlines()) == 3
    assert message.shown_text() == message.text(), message.shown_text()
    card.billed.setText("49,90")  # a blank line typed in: the « nul » warning is back
    card.disputed.setText("0,00")
    _show_issues(editor, case)
    assert "Montant contesté nul" in message.text()
    assert message.shown_text() == message.text(), message.shown_text()
    assert _y(editor.add_button) == below


# -- Export dialog: the e-mail's heading, its height after the list gets shorter --------------


def test_the_cpme_email_list_speaks_of_the_email(qtbot):
    from dispute.model import BusinessForm
    from dispute.procedure import assess
    from gui.case_view.export_dialog import ExportDialog
    from tests.letter_matrix import _business

    case = _business(BusinessForm.COMPANY)  # the signed mandate is missing
    dialog = ExportDialog(case, assess(case, TODAY), TODAY, target="cpme", fixed=True,
                          email=True)
    qtbot.addWidget(dialog)
    heading = dialog.checklist.heading.text()
    assert heading == ("Avant de créer le courriel : 1 élément manque (vous pouvez créer le "
                       "courriel quand même).")
    assert "export" not in heading.lower()
    dialog.show()  # as high as its content at once: the list was squeezed under the file
    qtbot.waitExposed(dialog)
    assert abs(dialog.height() - dialog.layout().totalHeightForWidth(dialog.width())) <= 2
    view = dialog.checklist.view
    assert _y(dialog.path) - _bottom(view) > 0
    export = ExportDialog(case, assess(case, TODAY), TODAY, target="cpme")
    qtbot.addWidget(export)
    assert "vous pouvez exporter quand même" in export.checklist.heading.text()


def test_the_export_dialog_fits_a_shorter_list(qtbot):
    from dispute.model import BusinessForm
    from dispute.procedure import assess
    from gui.case_view.export_dialog import ExportDialog
    from tests.letter_matrix import _business

    case = _business(BusinessForm.COMPANY)
    dialog = ExportDialog(case, assess(case, TODAY), TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    short = len(dialog.checklist.rows)
    dialog.radios["mediator"].setChecked(True)  # the mediator's longer list
    qtbot.wait(50)
    assert len(dialog.checklist.rows) > short
    dialog.radios["cpme"].setChecked(True)  # back to the CPME's: no blank left behind
    qtbot.wait(50)
    spacing = dialog.layout().spacing()
    gap = _y(dialog.buttons) - _bottom(dialog.message)
    assert gap <= spacing + 2, gap
    assert dialog.height() <= dialog.layout().totalHeightForWidth(dialog.width()) + 2
