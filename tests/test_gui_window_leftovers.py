"""Issue 11, what the lead met driving the real window after the first round: the CPME e-mail
dialog's lone radio button, « Nouvel événement » taller than a short screen, « CPME : non
ouvert » without why, exhibit types cut in the exhibits tree."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QPoint, QRect  # noqa: E402
from PySide6.QtGui import QScreen  # noqa: E402
from PySide6.QtWidgets import QRadioButton  # noqa: E402

from dispute.model import Event, EventKind, RegisteredMail  # noqa: E402
from dispute.procedure import assess  # noqa: E402
from gui.case_view.export_dialog import ExportDialog  # noqa: E402
from gui.editors.event_dialog import EventDialog  # noqa: E402
from gui.screens import HEIGHT_SHARE  # noqa: E402
from store.casefile import import_case_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = ROOT / "examples" / "panne-fibre-particulier"
BUSINESS = ROOT / "examples" / "facturation-entreprise-cpme"
TODAY = date(2026, 7, 1)


# -- 3. the CPME e-mail: one dossier, said, not a lone radio button ---------------------------


def test_the_cpme_email_says_its_dossier_without_a_lone_radio_button(qtbot, store):
    case = store.load_case(import_case_file(store, BUSINESS).id)
    dialog = ExportDialog(case, assess(case, TODAY), TODAY, target="cpme", fixed=True,
                          email=True)
    qtbot.addWidget(dialog)
    dialog.show()
    shown = [r for r in dialog.findChildren(QRadioButton) if r.isVisibleTo(dialog)]
    assert shown == []
    assert dialog.fixed_label.isVisibleTo(dialog)
    assert dialog.fixed_label.text() == "Dossier pour la CPME (contact litiges télécoms)"
    assert dialog.target() == "cpme"
    assert dialog.suggested_name().startswith("Dossier CPME")
    # the export, not fixed, still offers its three choices
    export = ExportDialog(case, assess(case, TODAY), TODAY)
    qtbot.addWidget(export)
    export.show()
    assert len([r for r in export.findChildren(QRadioButton) if r.isVisibleTo(export)]) == 3


# -- 4. « Nouvel événement » on a short screen --------------------------------------------------


@pytest.mark.parametrize("size", [(1366, 700), (1024, 600), (1366, 768)])
@pytest.mark.parametrize("kind", [EventKind.REGISTERED_LETTER, EventKind.MEDIATOR_OPINION])
def test_the_event_dialog_fits_a_short_screen_with_its_buttons_in_sight(qtbot, monkeypatch,
                                                                        size, kind):
    width, height = size
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, width, height))
    event = Event(kind=kind, date=date(2026, 6, 1), summary="Réclamation " * 40,
                  registered=RegisteredMail(tracking_number="1A12345678901"))
    dialog = EventDialog(event, TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    room = int(height * HEIGHT_SHARE)
    assert dialog.height() <= room and dialog.width() <= width
    assert dialog.minimumHeight() <= room
    bottom = dialog.ok_button.mapTo(dialog, QPoint(0, dialog.ok_button.height())).y()
    assert dialog.ok_button.isVisible() and bottom <= dialog.height()
    # the whole form is reachable: it scrolls when it does not fit, and only then
    needed = dialog.body.layout().totalHeightForWidth(dialog.scroll.viewport().width())
    scrolls = dialog.scroll.verticalScrollBar().maximum() > 0
    assert scrolls == (needed > dialog.scroll.viewport().height())
    # nothing cut on the right: the form fits the width, or scrolls sideways (1024 px)
    assert (dialog.body.minimumSizeHint().width() <= dialog.scroll.viewport().width()
            or dialog.scroll.horizontalScrollBar().maximum() > 0)
    dialog.scroll.ensureWidgetVisible(dialog.received_on if kind is EventKind.REGISTERED_LETTER
                                      else dialog.response_due)
    # switching to a kind with more rows never makes it taller than the screen
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.MEDIATOR_OPINION.value))
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.REGISTERED_LETTER.value))
    assert dialog.height() <= room


def test_on_a_tall_screen_the_event_dialog_shows_its_whole_form(qtbot, monkeypatch):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 1920, 1040))
    dialog = EventDialog(Event(kind=EventKind.REGISTERED_LETTER), TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.scroll.verticalScrollBar().maximum() == 0


# -- 5. the header says why a route is not open --------------------------------------------------


def _case_window(qtbot, store, case):
    from gui.case_view.window import CaseWindow

    store.save_case(case)
    window = CaseWindow(store, case.id, today=TODAY)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.exhibitsChecked, timeout=10_000):
        pass
    window.resize(1200, 800)
    window.show()
    return window


@pytest.mark.parametrize("change, short, full", [
    ("no_structure", "aucune structure ne suit l'entreprise",
     "Source : CPME"),
    ("no_contract_number", "éléments demandés par la CPME incomplets", "Source : CPME"),
])
def test_the_header_says_why_the_cpme_is_not_open(qtbot, store, answers, change, short,
                                                   full):
    case = store.load_case(import_case_file(store, BUSINESS).id)
    if change == "no_structure":
        case.handling_structure = None
    else:
        case.contract.contract_number = ""
        case.contract.customer_number = ""
    window = _case_window(qtbot, store, case)
    label = window.route_labels["cpme"]
    assert label.text().startswith("CPME : non ouvert — "), label.text()
    assert short in label.text()
    assert len(label.text()) < 140  # short: the whole reason is in the tooltip
    tip = label.toolTip()
    assert full in tip and "• " in tip
    from dispute.procedure import assess

    for reason in assess(case, TODAY).cpme.reasons:
        assert reason.message.split(" ")[0] in tip
    window.close()


def test_the_header_tooltip_never_becomes_markup(qtbot, store, answers):
    """A reason quoting a typed title is escaped in the rich-text tooltip."""
    from gui.case_view.text import route_tooltip
    from dispute.procedure import assess

    case = store.load_case(import_case_file(store, BUSINESS).id)
    case.handling_structure = None
    route = assess(case, TODAY).cpme
    from dataclasses import replace

    reason = replace(route.reasons[0], message="Titre <b>gras</b> & « X »")
    tip = route_tooltip(replace(route, reasons=(reason,)), TODAY)
    assert "&lt;b&gt;gras&lt;/b&gt; &amp; « X »" in tip and "<b>" not in tip


# -- 6. long exhibit types in the exhibits tree -------------------------------------------------


def test_a_long_exhibit_type_is_shown_whole_in_the_tree(qtbot, store, answers):
    from dispute.model import ExhibitKind
    from gui.case_view.timeline import EVENT_COLUMN_MAX

    case = store.load_case(import_case_file(store, BUSINESS).id)
    for exhibit in case.exhibits:
        exhibit.kind = ExhibitKind.RECEIPT  # « Avis de réception ou preuve de dépôt »
    exhibit = max(case.exhibits, key=lambda x: x.number)
    window = _case_window(qtbot, store, case)
    tree = window.tree
    item = window.exhibit_item(exhibit.id)
    text = item.text(1)
    assert text == f"Pièce n° {exhibit.number} — Avis de réception ou preuve de dépôt"
    room = tree.visualRect(tree.indexFromItem(item, 1)).width()
    needed = (tree.fontMetrics().horizontalAdvance(text) + tree.iconSize().width() + 12)
    assert room >= needed, (room, needed)  # not cut: « … preuve de d… »
    assert tree.columnWidth(1) <= EVENT_COLUMN_MAX
    assert text in item.toolTip(1)
    window.close()


def test_the_event_dialog_grown_for_a_registered_letter_stays_on_screen(qtbot, monkeypatch):
    """At 1024 × 600 the dialog opened 760 px wide at x = 86 and grew to 972 px for a
    registered letter: its right edge and « Annuler » went past the screen's."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 1024, 600))
    dialog = EventDialog(Event(kind=EventKind.CALL), TODAY, exhibits={})
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.move(86, 0)
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.REGISTERED_LETTER.value))
    assert dialog.width() > 760
    frame = dialog.frameGeometry()
    assert frame.left() >= 0 and frame.right() <= 1023, frame
    assert frame.bottom() <= 599


def test_the_timeline_editor_dialog_is_wide_enough_for_its_tables(qtbot, store, answers,
                                                                   monkeypatch):
    """« Modifier : Chronologie et pièces » opened 640 px wide on a 1366-px screen: the
    summaries were a column of single words and the exhibits table scrolled sideways."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: QRect(0, 0, 1366, 768))
    from gui.case_view.section_dialog import SectionDialog

    case = store.load_case(import_case_file(store, BUSINESS).id)
    window = _case_window(qtbot, store, case)
    dialog = SectionDialog(window.make_editor("timeline"), window.case, TODAY, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() >= 1000
    assert dialog.height() <= int(768 * HEIGHT_SHARE)
    table = dialog.editor.table
    assert table.columnWidth(3) >= 200  # « Résumé »
    dialog.close()
    window.close()


def test_the_wizard_footer_says_whose_field_is_missing(qtbot, store, answers):
    """Seen under Xvfb: the set-up kept « Caen » without a postcode, and page 1 said only
    « Pour continuer : Code postal manquant. » while the subscriber's postcode was filled."""
    from dispute.model import Case, HandlingStructure, PostalAddress, SubscriberKind
    from gui.wizard import CaseWizard

    case = Case()
    case.subscriber.kind = SubscriberKind.PRIVATE
    case.subscriber.name = "Jeanne Martin"
    case.subscriber.address = PostalAddress(street_lines=["12 rue des Lilas"],
                                            postcode="14000", city="Caen")
    case.handling_structure = HandlingStructure(
        name="CPME du Calvados", address=PostalAddress(street_lines=["1 rue X"], city="Caen"))
    wizard = CaseWizard(store, today=TODAY, draft=case)
    qtbot.addWidget(wizard)
    wizard.show()
    footer = wizard.currentPage().footer.text()
    assert "Structure qui suit le dossier : " in footer, footer
    assert "Pour continuer : Code postal manquant" not in footer


def test_the_header_says_a_long_reason_in_a_few_words(qtbot, store, answers):
    """Seen under Xvfb: « Médiateur : non ouvert — Le service clients a répondu le 22 juin
    2026 : écrire d'abord au service consommateurs (lettre recommandée avec accusé de
    réception) » took three lines of the header."""
    from dispute.model import SubscriberKind

    case = store.load_case(import_case_file(store, BUSINESS).id)
    case.subscriber.kind = SubscriberKind.PRIVATE
    window = _case_window(qtbot, store, case)
    label = window.route_labels["mediator"]
    assert label.text() == ("Médiateur : non ouvert — écrire d'abord au service "
                            "consommateurs"), label.text()
    assert "Le service clients a répondu le 22 juin 2026" in label.toolTip()
    window.close()
