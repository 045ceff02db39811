"""The practitioner's review of the dossier documents (/work/coord/review-letters.md, sections
15 to 17): the chronology, the exhibit index (bordereau) and the dossier's LISEZMOI. Each test
quotes the text the reviewer refused."""

from __future__ import annotations

import copy
from datetime import date

from dispute.model import Civility, EventKind
from dispute.procedure import assess
from documents.chronology import chronology_report, event_row, header
from documents.content import Paragraph, Table
from tests.letter_matrix import _example

DAY = date(2026, 11, 22)


def _header_text(case) -> str:
    return "\n".join(f"{r.label} : {r.value}" for r in header(case, assess(case, DAY),
                                                                 third_party=True))


def _report_text(case, third_party: bool = True) -> str:
    report = chronology_report(case, assess(case, DAY), generated_on=DAY,
                               third_party=third_party)
    parts = [f"{r.label} : {r.value}" for r in report.header]
    for block in report.blocks:
        if isinstance(block, Table):
            parts += [" | ".join(row) for row in (block.header, *block.rows)]
            if block.total:
                parts.append(" | ".join(block.total))
        elif isinstance(block, Paragraph):
            parts.append(block.text)
        elif hasattr(block, "text"):
            parts.append(block.text)
        elif hasattr(block, "items"):
            parts += [i.text for i in block.items]
    return "\n".join(parts).replace("\u00a0", " ")


# -- 15. Chronology -----------------------------------------------------------------------------

def test_company_is_representee_with_a_formatted_siret_and_a_lower_case_role() -> None:
    """15.1: « Menuiserie Rivaud SARL (entreprise ou structure professionnelle), SIREN/SIRET
    90147362900011, représenté(e) par Thomas Rivaud, Gérant »."""
    text = _header_text(_example("facturation-entreprise-cpme")).replace("\u00a0", " ")
    assert "représenté(e)" not in text
    assert "représentée par Thomas Rivaud, gérant" in text
    assert "SIRET 901 473 629 00011" in text
    assert "SIREN/SIRET" not in text


def test_sole_trader_is_not_represented() -> None:
    """15.1 (with 7.3): an entrepreneur individuel has no representative; the trade name is
    hers."""
    text = _header_text(_example("ecrasement-ligne-commerce"))
    assert "représenté" not in text
    assert "Élise Marchand" in text


def test_business_contract_price_says_ht() -> None:
    """15.1 / T10: « Contrat … 89,00 € par mois » for a price entered HT."""
    text = _header_text(_example("facturation-entreprise-cpme")).replace("\u00a0", " ")
    assert "89,00 € HT par mois" in text


def test_event_kind_agrees_with_the_subscriber() -> None:
    """15.2: « Appel téléphonique (envoyé par l'abonné) », « Échange par messagerie
    instantanée (chat) (envoyé par l'abonné) », « l'abonné » for Mme Fontaine."""
    case = _example("panne-fibre-particulier")
    by_id = {x.id: x for x in case.exhibits}
    kinds = {e.kind: event_row(case, e, by_id)[1] for e in case.events}
    assert kinds[EventKind.CALL] == "Appel\n(passé par l'abonnée)"
    assert kinds[EventKind.REGISTERED_LETTER] == ("Lettre recommandée avec accusé de réception"
                                                  "\n(envoyée par l'abonnée)")
    business = _example("facturation-entreprise-cpme")
    by_id = {x.id: x for x in business.exhibits}
    kinds = {e.kind: event_row(business, e, by_id)[1] for e in business.events}
    assert kinds[EventKind.CHAT] == "Échange de chat\n(à l'initiative de l'entreprise)"
    assert kinds[EventKind.EMAIL] == "Courriel\n(envoyé par l'entreprise)"
    assert kinds[EventKind.ANSWER] == "Réponse reçue"
    couple = copy.deepcopy(case)
    couple.subscriber.civility = Civility.COUPLE
    call = next(e for e in couple.events if e.kind is EventKind.CALL)
    assert event_row(couple, call, {})[1] == "Appel\n(passé par les abonnés)"
    text = _report_text(case)
    assert "(envoyé par l'abonné)" not in text


def test_outage_has_no_interlocutor() -> None:
    """15.4: « Panne | Opérateur (autre service) »: a panne has no interlocutor."""
    case = _example("panne-fibre-particulier")
    outage = next(e for e in case.events if e.kind is EventKind.OUTAGE)
    assert event_row(case, outage, {})[2] == ""


def test_credits_received_are_shown_so_the_total_agrees_with_the_letters() -> None:
    """15.3: « Montant contesté 55,02 € » and a total of 55,02 €, without the 10 € credit that
    every letter deducts (45,02 €)."""
    case = _example("panne-fibre-particulier")
    text = _report_text(case)
    assert "Montant contesté : 55,02 €" in text
    assert "Reste demandé : 45,02 €" in text
    assert "Avoirs, remboursements et gestes reçus" in text
    assert "15/06/2026 | Geste commercial |  | 10,00 € | déduit du montant demandé" in text
    # the internal report too
    assert "Reste demandé : 45,02 €" in _report_text(case, third_party=False)


def test_credit_not_deducted_is_listed_and_the_claim_unchanged() -> None:
    """15.3: a credit kept out of the claim (another line) is listed « non déduit »; the
    amount claimed stays the disputed total."""
    case = _example("facturation-entreprise-cpme")
    text = _report_text(case)
    assert "Avoirs, remboursements et gestes reçus" in text
    assert "Avoir | F2604-0031872 | 15,00 € HT | non déduit" in text
    assert "Reste demandé" not in text


# -- 17. LISEZMOI ---------------------------------------------------------------------------------

def _readme(case, target, today: date = DAY) -> str:
    from documents.dossier import readme_text

    return readme_text(case, assess(case, today), target, generated_on=today,
                       letters=[("Saisine du Médiateur des communications électroniques (avec "
                                 "la fiche récapitulative en annexe)", "01_Courriers/01 S.pdf")],
                       chronology="02_Chronologie/Chronologie.pdf", index=[], exhibits=[])


def test_checklist_agrees_in_gender_and_number() -> None:
    """17.1: « Contrat ou récapitulatif contractuel : non fourni ; Factures contestées : non
    fourni ; Preuve du paiement … : non fourni ; Pièce d'identité … : non fourni »."""
    from documents.mediator_checklist import checklist_lines

    from documents.mediator_checklist import mediator_checklist

    # the LISEZMOI lists what is present (review3 9.3); the words stay agreed
    assert not any("non fourni" in x for x in checklist_lines(_example("panne-fibre-particulier")))
    absent = {i.label: i.absent for i in mediator_checklist(_example("panne-fibre-particulier"))}
    assert absent["Contrat ou récapitulatif contractuel"] == "non fourni"
    assert absent["Factures contestées"] == "non fournies"
    unsourced = " (utile, non exigée par une source lue)"  # review3 9.6
    assert absent["Preuve du paiement des sommes contestées" + unsourced] == "non fournie"
    assert absent["Pièce d'identité du souscripteur" + unsourced] == "non fournie"


def test_checklist_title_says_whose_list_it_is() -> None:
    """17.2: « Pièces demandées par le médiateur »: the mediator's sheet was read only in part;
    the list is the application's."""
    readme = _readme(_example("panne-fibre-particulier"), "mediator")
    assert "Pièces demandées par le médiateur" not in readme
    assert "Pièces utiles au médiateur (liste de contrôle de l'application)" in readme


def test_checklist_says_which_invoice_is_missing() -> None:
    """6.5 (with 17): « Factures contestées : pièce n° 1 » while the invoice F2605-0034410 is
    missing: the LISEZMOI says what is missing invoice by invoice."""
    from dispute.model import Exhibit

    case = _example("panne-fibre-particulier")
    case.exhibits.append(Exhibit(number=7, title="Facture FB-2603-448120"))
    readme = _readme(case, "mediator")
    # the reader is told what the dossier holds, the gap is the user's (review3 9.3)
    assert "- Factures contestées : pièce n° 7\n" in readme.replace("\r", "")
    from documents.mediator_checklist import checklist_warnings
    assert any("FB-2604-512776" in w for w in checklist_warnings(case))


def test_complete_dossier_holds_the_checklist_too() -> None:
    """6.5 / 17: the checklist existed only in `--target mediator`; the complete dossier of a
    private subscriber holds the mediator's saisine too."""
    readme = _readme(_example("panne-fibre-particulier"), "complete")
    assert "Pièces utiles au médiateur (liste de contrôle de l'application)" in readme
    business = _readme(_example("facturation-entreprise-cpme"), "complete")
    assert "Pièces utiles au médiateur" not in business


def test_business_situation_lists_every_route() -> None:
    """17.3: « la Situation ne cite que le médiateur télécom (non applicable) et la CPME ; il
    manque Médiateur des entreprises : ouvert depuis le 30 avril 2026 et Juge : tribunal de
    commerce »."""
    readme = _readme(_example("facturation-entreprise-cpme"), "complete")
    assert "Saisine du Médiateur des entreprises : ouverte depuis le 30 avril 2026" in readme
    # the court is the last resort, after the amicable routes (practitioner's review, point 3)
    assert ("Saisine du juge — tribunal de commerce : non ouverte (après l'échec des démarches "
            "amiables)") in readme
    assert "Nadia Garnier, chargée de mission entreprises" in readme


def test_a_route_not_open_says_why() -> None:
    """17.3: écrasement « Saisine de la CPME … : non ouverte » without the reason (no
    structure)."""
    readme = _readme(_example("ecrasement-ligne-commerce"), "complete")
    line = next(x for x in readme.splitlines() if "Saisine de la CPME" in x)
    assert line.strip() != "Saisine de la CPME (contact litiges télécoms) : non ouverte"
    assert "structure" in line


def test_one_name_for_the_summary_sheet_and_files_agreed() -> None:
    """17.4: « (avec la fiche de synthèse en annexe) » while the letter says « fiche
    récapitulative »; « Ce dossier contient 12 fichier(s) »."""
    from documents import dossier
    from documents.dossier_zip import ManifestItem, manifest_text

    source = open(dossier.__file__, encoding="utf-8").read()
    assert "fiche de synthèse" not in source
    items = [ManifestItem(name=f"f{i}", size=1, sha256="0" * 64, stored=True) for i in range(12)]
    text = manifest_text(items).decode("utf-8-sig")
    assert "12 fichiers" in text and "fichier(s)" not in text


# -- 16. Bordereau ----------------------------------------------------------------------------------

def _index_text(case) -> str:
    from documents.exhibit_index import exhibit_index_report, exhibit_index_rows

    report = exhibit_index_report(case, exhibit_index_rows(case), generated_on=DAY)
    parts = []
    for block in report.blocks:
        if isinstance(block, Table):
            parts += [" | ".join(row) for row in block.rows]
        elif hasattr(block, "items"):
            parts += [i.text for i in block.items]
        elif hasattr(block, "text"):
            parts.append(block.text)
    return "\n".join(parts).replace("\u00a0", " ")


def test_bordereau_flags_the_expected_exhibits_that_are_missing() -> None:
    """16.1: « Le bordereau ne signale pas les pièces attendues mais absentes (facture
    F2605-0034410, contrat, mandat signé cité « ci-joint » dans la saisine D) »."""
    from dispute.model import Counterpart, Event

    from documents.exhibit_index import missing_warning

    # the user's warning, never the bordereau the third party receives (review3 9.3)
    case = _example("facturation-entreprise-cpme")
    assert "Pièces attendues" not in _index_text(case)
    text = missing_warning(case)
    assert "Pièces attendues, absentes du dossier" in text
    assert "Facture n° F2605-0034410 (ligne contestée)" in text
    assert "Contrat ou récapitulatif contractuel" in text
    assert "30/04/2026" in text  # the operator's answer, recorded without its copy
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 9, 16),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True))
    assert "Mandat signé le 16/09/2026" in missing_warning(case)


def test_bordereau_complete_says_nothing_missing() -> None:
    from dispute.model import Exhibit

    case = _example("ecrasement-ligne-commerce")
    case.exhibits.append(Exhibit(number=6, title="Contrat Pro fibre"))
    assert "Pièces attendues" not in _index_text(case)
