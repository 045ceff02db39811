"""The mediator dossier's checklist (issue 10, point 5): what the mediator asks, present or
missing, in LISEZMOI.txt for the reader and as warnings for the user before export."""

from __future__ import annotations

import zipfile
from datetime import date

from dispute.model import (
    BusinessForm,
    Counterpart,
    Direction,
    Event,
    EventKind,
    Exhibit,
    ExhibitKind,
    InvoiceLine,
)
from documents.dossier import build_dossier
from documents.letters.steps import invoice_exhibits
from documents.mediator_checklist import (
    checklist_lines,
    checklist_warnings,
    mediator_checklist,
    missing_exhibits,
)
from store.casefile import read_case_file
from tests.letter_matrix import EXAMPLES, _business, _example


def test_items_mirror_what_the_mediator_asks() -> None:
    items = {i.label: i for i in mediator_checklist(_example("panne-fibre-particulier"))}
    # the letters, not their avis de réception (exhibits 2 and 5, typed « receipt »)
    assert items["Copie de chaque réclamation écrite à l'opérateur"].numbers == (1, 4)
    assert items["Chaque réponse écrite de l'opérateur"].numbers == (6,)
    unsourced = " (utile, non exigée par une source lue)"  # review3 9.6
    for missing in ("Contrat ou récapitulatif contractuel", "Factures contestées",
                    "Preuve du paiement des sommes contestées" + unsourced,
                    "Pièce d'identité du souscripteur" + unsourced):
        assert not items[missing].present
    assert not any(label.startswith("Mandat") for label in items)


def test_an_answer_without_its_copy_an_unnamed_invoice_and_the_mandate_are_flagged() -> None:
    case = _business(BusinessForm.COMPANY)
    warnings = " ".join(checklist_warnings(case))
    assert "sans pièce jointe : 30/04/2026" in warnings
    assert "F2605-0034410" in warnings
    assert "mandat à faire signer" in warnings
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 4, 2),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True))
    case.exhibits.append(Exhibit(number=9, title="Mandat signé du 2 avril 2026"))
    case.exhibits.append(Exhibit(number=10, title="Facture F2605-0034410"))
    case.exhibits.append(Exhibit(number=11, title="Extrait Kbis"))
    warnings = " ".join(checklist_warnings(case))
    assert "mandat" not in warnings.lower() and "F2605" not in warnings
    assert "Kbis" not in warnings
    assert "- Mandat signé (l'abonné est accompagné par une structure) : pièce n° 9" in \
        checklist_lines(case)


def test_the_mediator_dossier_holds_the_checklist_and_warns(tmp_path) -> None:
    cf = read_case_file(EXAMPLES / "panne-fibre-particulier")
    result = build_dossier(cf.case, cf.sources, tmp_path / "d.zip", today=date(2026, 7, 1),
                           target="mediator")
    with zipfile.ZipFile(result.path) as zf:
        readme = zf.read("LISEZMOI.txt").decode("utf-8-sig")
    assert "Pièces utiles au médiateur (liste de contrôle de l'application)" in readme
    assert "- Copie de chaque réclamation écrite à l'opérateur : pièces nos 1, 4" in readme
    # what is missing is for the user, not for the reader (review3 9.3)
    assert "non fourni" not in readme
    assert "à joindre" not in readme  # the reader is not told what to do
    assert any("Factures contestées : à joindre" in w for w in result.warnings)
    # The chronology described to the reader is the third-party one.
    assert "échéances calculées" not in readme


def _items(case) -> dict:
    return {i.label: i for i in mediator_checklist(case)}


def test_a_registered_letter_with_only_its_receipt_has_no_copy() -> None:
    """The avis de réception proves the receipt, not what was written (model v3)."""
    case = _example("panne-fibre-particulier")
    first = next(e for e in case.events if e.kind is EventKind.REGISTERED_LETTER)
    letter = case.exhibit(first.exhibit_ids[0])
    assert letter.kind is ExhibitKind.COMPLAINT
    first.exhibit_ids = first.exhibit_ids[1:]  # only the receipt is left
    item = _items(case)["Copie de chaque réclamation écrite à l'opérateur"]
    assert not item.present and "16/03/2026" in item.missing
    assert any("Copie de la réclamation écrite du 16/03/2026" in m
               for m in missing_exhibits(case))
    # the same receipt, untyped (a version-2 case the migration could not type), is still
    # recognised as a receipt by its title
    case.exhibit(first.exhibit_ids[0]).kind = ExhibitKind.OTHER
    assert not _items(case)["Copie de chaque réclamation écrite à l'opérateur"].present


def test_typed_exhibits_make_the_checklist_exact() -> None:
    case = _example("panne-fibre-particulier")
    n = case.next_exhibit_number()
    case.exhibits += [
        # typed: recognised whatever its title says
        Exhibit(number=n, title="Scan 0042", kind=ExhibitKind.CONTRACT),
        Exhibit(number=n + 1, title="IMG_2231.jpg", kind=ExhibitKind.IDENTITY),
        # titled « contrat » but typed otherwise: not the contract
        Exhibit(number=n + 2, title="Courriel sur le contrat", kind=ExhibitKind.COMPLAINT),
    ]
    items = _items(case)
    assert items["Contrat ou récapitulatif contractuel"].numbers == (n,)
    assert items["Pièce d'identité du souscripteur (utile, non exigée par une source "
                 "lue)"].numbers == (n + 1,)
    assert "Contrat ou récapitulatif contractuel" not in missing_exhibits(case)


def test_one_invoice_rule_for_the_letters_the_checklist_and_the_bordereau() -> None:
    case = _example("panne-fibre-particulier")
    case.invoice_lines = [InvoiceLine(invoice_number="F2604 0031872"),
                          InvoiceLine(invoice_number="F9")]
    n = case.next_exhibit_number()
    case.exhibits += [
        # a complaint naming the invoice is not the invoice
        Exhibit(number=n, title="Réclamation sur la facture F26040031872",
                kind=ExhibitKind.COMPLAINT),
        # an untyped exhibit naming it (spaces ignored) is, as before version 3
        Exhibit(number=n + 1, title="f2604 0031872.pdf"),
        # typed invoice naming the other
        Exhibit(number=n + 2, title="Facture F9", kind=ExhibitKind.INVOICE),
    ]
    assert invoice_exhibits(case) == {"F2604 0031872": n + 1, "F9": n + 2}
    item = _items(case)["Factures contestées"]
    assert item.numbers == (n + 1, n + 2) and item.present
    assert not any(m.startswith("Facture") for m in missing_exhibits(case))
    case.exhibits[-2].kind = ExhibitKind.ANSWER  # now typed as something else
    assert invoice_exhibits(case)["F2604 0031872"] is None
    assert "Facture n° F2604 0031872 (ligne contestée)" in missing_exhibits(case)
    assert "F2604 0031872" in _items(case)["Factures contestées"].missing


def test_an_answer_copy_is_an_answer_or_untyped() -> None:
    case = _example("panne-fibre-particulier")
    answer = next(e for e in case.events if e.kind is EventKind.ANSWER
                  and e.direction is Direction.INCOMING)
    case.exhibit(answer.exhibit_ids[0]).kind = ExhibitKind.RECEIPT
    assert not _items(case)["Chaque réponse écrite de l'opérateur"].present
    case.exhibit(answer.exhibit_ids[0]).kind = ExhibitKind.OTHER
    assert _items(case)["Chaque réponse écrite de l'opérateur"].present
