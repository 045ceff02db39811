"""The mediator dossier's checklist (issue 10, point 5): what the mediator asks, present or
missing, in LISEZMOI.txt for the reader and as warnings for the user before export."""

from __future__ import annotations

import zipfile
from datetime import date

from dispute.model import BusinessForm, Counterpart, Event, EventKind, Exhibit
from documents.dossier import build_dossier
from documents.mediator_checklist import checklist_lines, checklist_warnings, mediator_checklist
from store.casefile import read_case_file
from tests.letter_matrix import EXAMPLES, _business, _example


def test_items_mirror_what_the_mediator_asks() -> None:
    items = {i.label: i for i in mediator_checklist(_example("panne-fibre-particulier"))}
    assert items["Copie de chaque réclamation écrite à l'opérateur"].numbers == (1, 2, 4, 5)
    assert items["Chaque réponse écrite de l'opérateur"].numbers == (6,)
    for missing in ("Contrat ou récapitulatif contractuel", "Factures contestées",
                    "Preuve du paiement des sommes contestées",
                    "Pièce d'identité du souscripteur"):
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
    assert "- Copie de chaque réclamation écrite à l'opérateur : pièces nos 1, 2, 4, 5" in readme
    assert "- Factures contestées : non fournies" in readme
    assert "à joindre" not in readme  # the reader is not told what to do
    assert any("Factures contestées : à joindre" in w for w in result.warnings)
    # The chronology described to the reader is the third-party one.
    assert "échéances calculées" not in readme
