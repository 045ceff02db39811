"""Where the other areas meet the window (issues 9-14, follow-ups): the letters list reads the
engine's decision, the offence and the mandate from the letters tab, totals that say HT or
TTC, the routes of the header and of the case list, a closed case's header, the wizard's
voice and credits, the backup message, the export notes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from dispute.case_list import list_summary  # noqa: E402
from dispute.model import TaxBasis  # noqa: E402
from gui import desktop  # noqa: E402
from gui.case_view import CaseWindow, modal  # noqa: E402
from gui.case_view import text as txt  # noqa: E402
from store.casefile import import_case_file  # noqa: E402
from store.store import CaseStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRIVATE = ROOT / "examples" / "panne-fibre-particulier"
BUSINESS = ROOT / "examples" / "facturation-entreprise-cpme"
TODAY = date(2026, 7, 1)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(desktop, "opener", lambda url: True)
    with CaseStore.open(tmp_path / "data", summarizer=list_summary, durable=False) as s:
        yield s


def open_window(qtbot, store, case_id, today=TODAY) -> CaseWindow:
    window = CaseWindow(store, case_id, today=today)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.exhibitsChecked, timeout=10_000):
        pass
    window.resize(1200, 800)
    window.show()
    return window


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# --------------------------------------------------------------------------------------------
# Totals: HT and TTC are never added as they are


def test_the_case_sheet_says_the_disputed_total_ht_and_ttc(qtbot, store, answers):
    case = import_case_file(store, BUSINESS)
    case.invoice_lines[2].tax_basis = TaxBasis.TTC  # 15,00 € TTC = 12,50 € HT
    store.save_case(case)
    window = open_window(qtbot, store, case.id)
    text = plain(window.section_labels["invoices"].text())
    # 89,00 + 47,36 + 12,50 = 148,86 € HT; 106,80 + 56,83 + 15,00 = 178,63 € TTC
    assert "148,86 € HT (178,63 € TTC) contestés" in text, text
    credits = plain(window.section_labels["credits"].text())
    assert "15,00 € HT" in credits, credits


def test_a_private_sheet_says_ttc_and_what_is_claimed_after_the_gesture(qtbot, store, answers):
    case = import_case_file(store, PRIVATE)
    window = open_window(qtbot, store, case.id)
    text = plain(window.section_labels["invoices"].text())
    assert "55,02 € TTC contestés ; 45,02 € TTC réclamés après déduction" in text, text


# --------------------------------------------------------------------------------------------
# The letters list is the engine's decision, and agrees with « Prochaines étapes »


def letter_rows(window) -> dict[str, tuple[str, str]]:
    from gui.case_view.roles import KIND_ROLE

    table = window.letters_table
    return {table.item(r, 0).data(KIND_ROLE): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())}


@pytest.mark.parametrize("example", [PRIVATE, BUSINESS])
def test_the_letters_list_shows_the_engines_decision_for_every_kind(qtbot, store, answers,
                                                                   example):
    from dispute.procedure import LetterState

    case = import_case_file(store, example)
    window = open_window(qtbot, store, case.id)
    rows = letter_rows(window)
    words = {LetterState.POSSIBLE: "Possible", LetterState.PREMATURE: "Prématuré",
             LetterState.SENT: "Déjà envoyé", LetterState.NOT_APPLICABLE: "Non applicable"}
    for kind, (state, why) in rows.items():
        decision = window.assessment.letter(kind)
        assert state.startswith(words[decision.state]), (kind, state, decision)
        assert txt.human(decision.reason) in why, (kind, why)
    # every letter a next step names is offered, and the advised one is the first of them
    step_kinds = [k for s in window.assessment.next_steps for k in s.letter_kinds
                  if k in rows]
    assert step_kinds, "the examples have a next step done by a letter"
    assert window.recommended_letter() == step_kinds[0]
    for kind in step_kinds:
        assert rows[kind][0].startswith(("Possible", "Prématuré")), (kind, rows[kind])


def test_a_letter_already_sent_says_when_and_the_answer_expected(qtbot, store, answers):
    from dispute.model import Counterpart, Direction, Event, EventKind

    case = import_case_file(store, PRIVATE)
    case.events.append(Event(kind=EventKind.SAISINE, date=date(2026, 6, 20),
                             counterpart=Counterpart.MEDIATOR, direction=Direction.OUTGOING,
                             written=True))
    store.save_case(case)
    window = open_window(qtbot, store, case.id)
    state, why = letter_rows(window)["saisine_mediateur"]
    assert state == "Déjà envoyé le 20/06/2026"
    assert "avis attendu le" in why


def test_a_premature_letter_says_from_when(qtbot, store, answers):
    case = import_case_file(store, ROOT / "examples" / "ecrasement-ligne-commerce")
    window = open_window(qtbot, store, case.id)
    state, _why = letter_rows(window)["saisine_mediateur_entreprises"]
    assert state == "Prématuré — à partir du 08/09/2026"


# --------------------------------------------------------------------------------------------
# The offence of a procureur complaint, and the mandate's signature, from the letters tab


def accept_with(fill):
    """A ``modal.exec_dialog`` replacement: ``fill(dialog)``, then OK through its checks."""
    from PySide6.QtWidgets import QDialog

    def run(dialog):
        fill(dialog)
        dialog.accept()
        return dialog.result() if dialog.result() else QDialog.DialogCode.Rejected
    return run


def test_the_offence_is_kept_only_once_its_warning_was_acknowledged(qtbot, store, answers,
                                                                   monkeypatch):
    case = import_case_file(store, PRIVATE)
    window = open_window(qtbot, store, case.id)
    assert letter_rows(window)["plainte_procureur"][0] == "Non applicable"
    shown = {}

    def without_ack(dialog):
        dialog.offence.setText("pratique commerciale trompeuse")
        shown["warning"] = dialog.warning.text()
        shown["ack_visible"] = not dialog.acknowledged.isHidden()

    monkeypatch.setattr(modal, "exec_dialog", accept_with(without_ack))
    assert not window.choose_offence()
    assert store.load_case(case.id).offence == ""
    # the warning shown is the engine's, for that offence
    trial = store.load_case(case.id)
    trial.offence = "pratique commerciale trompeuse"
    from dispute.procedure import assess

    assert shown["warning"] == assess(trial, TODAY).letter("plainte_procureur").warning
    assert "ne rembourse rien" in shown["warning"] and shown["ack_visible"]

    def with_ack(dialog):
        without_ack(dialog)
        dialog.acknowledged.setChecked(True)

    monkeypatch.setattr(modal, "exec_dialog", accept_with(with_ack))
    assert window.choose_offence()
    assert store.load_case(case.id).offence == "pratique commerciale trompeuse"
    # no facts written: the complaint waits for them (model v3)
    assert letter_rows(window)["plainte_procureur"][0] == "Prématuré"
    assert "faits constitutifs à rédiger" in window.offence_label.text()

    facts = "Le 3 mars 2026, \x07le vendeur a affirmé que l'offre était sans engagement."

    def with_facts(dialog):
        assert dialog.acknowledged.isChecked()  # the same offence stays acknowledged
        assert "prématurée" in dialog.message.text()
        dialog.facts.setPlainText(facts)

    monkeypatch.setattr(modal, "exec_dialog", accept_with(with_facts))
    assert window.choose_offence()
    assert store.load_case(case.id).offence_facts == facts.replace("\x07", "")
    assert letter_rows(window)["plainte_procureur"][0] == "Possible"
    assert "pratique commerciale trompeuse" in window.offence_label.text()
    assert "faits constitutifs rédigés" in window.offence_label.text()

    # emptied: no acknowledgement needed, the complaint is « non applicable » again
    monkeypatch.setattr(modal, "exec_dialog", accept_with(lambda d: d.offence.setText("")))
    assert window.choose_offence()
    assert store.load_case(case.id).offence == ""
    assert store.load_case(case.id).offence_facts == ""  # no facts without an offence
    assert letter_rows(window)["plainte_procureur"][0] == "Non applicable"


def test_the_mandate_signature_is_recorded_with_the_signed_copy(qtbot, store, answers,
                                                               monkeypatch, tmp_path):
    from dispute.model import Counterpart, EventKind

    case = import_case_file(store, BUSINESS)  # followed by a CPME: a mandate to sign
    window = open_window(qtbot, store, case.id)
    assert letter_rows(window)["mandat"][0] == "Possible"
    assert window.mandate_button.isEnabled()
    scan = tmp_path / "mandat signé.pdf"
    scan.write_bytes(b"%PDF-1.4 mandat")
    monkeypatch.setattr(desktop, "file_picker", lambda *a: str(scan))

    def fill(dialog):
        dialog.signed.set_date_value(date(2026, 6, 30))
        dialog.choose_button.click()

    monkeypatch.setattr(modal, "exec_dialog", accept_with(fill))
    event = window.record_mandate()
    assert event is not None
    saved = store.load_case(case.id)
    (signed,) = [e for e in saved.events if e.kind is EventKind.MANDATE_SIGNED]
    assert signed.counterpart is Counterpart.HANDLING_STRUCTURE
    assert signed.written and signed.date == date(2026, 6, 30)
    (exhibit,) = [x for x in saved.exhibits if x.id in signed.exhibit_ids]
    assert exhibit.title == "Mandat signé le 30/06/2026"
    assert letter_rows(window)["mandat"][0] == "Signé le 30/06/2026"
    assert "30 juin 2026" in window.mandate_label.text()


def test_no_structure_no_mandate_button(qtbot, store, answers):
    case = import_case_file(store, PRIVATE)
    window = open_window(qtbot, store, case.id)
    assert not window.mandate_button.isEnabled()
    assert letter_rows(window)["mandat"][0] == "Non applicable"


# --------------------------------------------------------------------------------------------
# The case list's routes: the business routes, the court as the last resort, none when closed


def test_open_routes_from_the_cached_summary():
    from dispute.case_list import open_routes

    def route(opens_on, blocked=()):
        return {"blocked": list(blocked), "opens_on": opens_on, "latest": None}

    business = {"mediator": route(None, ["business_subscriber"]),
                "cpme": route("2026-05-01"), "business_mediator": route("2026-05-01"),
                "court": route("2026-05-01")}
    assert open_routes(business, TODAY) == ("business_mediator", "cpme")
    # the amicable routes closed: the court is the route left
    private = {"mediator": route("2026-01-01", ["one_year_exceeded"]),
               "cpme": route(None, ["private_subscriber"]),
               "business_mediator": route(None, ["private_subscriber"]),
               "court": route("2026-06-01")}
    assert open_routes(private, TODAY) == ("court",)
    assert open_routes({**business, "closed": True}, TODAY) == ()
    # a summary written before version 4 has no business route: nothing breaks
    assert open_routes({"mediator": route("2026-01-01"), "cpme": route(None, ["x"])},
                       TODAY) == ("mediator",)


# --------------------------------------------------------------------------------------------
# The header: a business's routes, and a closed case's outcome instead of open routes


def test_a_closed_case_header_shows_its_outcome_not_open_routes(qtbot, store, answers):
    from dispute.model import CaseStatus, Obtained, Outcome, OutcomeResult

    case = import_case_file(store, PRIVATE)
    case.status = CaseStatus.RESOLVED
    case.outcome = Outcome(result=OutcomeResult.FULL, date=date(2026, 6, 28),
                           obtained=[Obtained.REFUND])
    store.save_case(case)
    window = open_window(qtbot, store, case.id)
    shown = [lab.text() for lab in window.route_labels.values() if not lab.isHidden()]
    assert shown == []  # « Médiateur : ouvert — à saisir au plus tard… » no more
    assert window.routes_caption.text() == "Issue"
    assert not window.outcome_label.isHidden()
    assert window.outcome_label.text().startswith("Résolu — Obtenu en totalité le 28/06/2026")
    assert "ouvert" not in window.outcome_label.text().lower()


def test_a_business_header_shows_the_business_routes(qtbot, store, answers):
    case = import_case_file(store, BUSINESS)
    window = open_window(qtbot, store, case.id)
    visible = {k for k, lab in window.route_labels.items() if not lab.isHidden()}
    assert visible == {"business_mediator", "cpme"}
    assert window.route_labels["business_mediator"].text().startswith(
        "Médiateur des entreprises : ouvert")
    assert window.route_icons["business_mediator"].property("severity") == "ok"


# --------------------------------------------------------------------------------------------
# The wizard: the summary's voice, and the credits received


def test_the_summary_says_how_letters_use_it_and_asks_its_voice(qtbot):
    from dispute.model import Case, Voice
    from gui.editors.dispute_editor import DisputeEditor

    editor = DisputeEditor()
    qtbot.addWidget(editor)
    editor.show()
    case = Case()
    editor.load(case)
    hint = editor.summary_hint.text()
    assert "Exposé des faits" in hint and "l'abonné" in hint
    assert editor.voice.isVisible()
    editor.voice.setCurrentIndex(editor.voice.findData(Voice.NEUTRAL.value))
    assert "citent entre guillemets" in editor.summary_hint.text()
    assert "signe le reprennent" not in editor.summary_hint.text()
    editor.apply(case)
    assert case.summary_voice is Voice.NEUTRAL
    structure = Case(summary_voice=Voice.STRUCTURE)
    editor.load(structure)
    assert editor.voice.currentData() == Voice.STRUCTURE.value
    assert "la structure signe" in editor.summary_hint.text()


def test_a_closed_case_situation_reads_no_open_route_nor_passed_delay(qtbot, store, answers):
    from dispute.model import CaseStatus

    case = import_case_file(store, PRIVATE)
    case.status = CaseStatus.ABANDONED
    store.save_case(case)
    window = open_window(qtbot, store, case.id)
    assert window.route_cards == {} and window.deadline_cards == {}
    texts = [window.routes_box.itemAt(i).widget().text()
             for i in range(window.routes_box.count())]
    assert any("aucun recours n'est proposé" in t for t in texts)
