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
