"""The practitioner's review of the letters to third parties and of the acts
(/work/coord/review-letters.md, sections 8 to 14): the DGCCRF report, the complaint to the
procureur, the conciliateur, the requête (Cerfa 16042*02), the Médiateur des entreprises'
fiche, the mandate and the L.224-42-1 request. Each test quotes the text the reviewer
refused."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from dispute.model import (
    AnswerOutcome,
    BusinessForm,
    Civility,
    Contract,
    Counterpart,
    Direction,
    DisputeNature,
    Event,
    EventKind,
    Exhibit,
    HandlingStructure,
    InvoiceLine,
    InvoiceReason,
    Line,
    LineKind,
    Party,
    PostalAddress,
    StructureKind,
    TaxBasis,
)
from dispute.model import Voice as SummaryVoice
from dispute.procedure import assess
from documents.letter_settings import LetterSettings
from documents.letters import LetterKind, compose_letter
from tests.letter_matrix import _business, _example, _private
from tests.test_letters_practitioner import text_of

NOV = date(2026, 11, 22)
STRUCTURE_SIGNS = LetterSettings(structure_signs=True)


def compose(kind, case, today=NOV, settings=None):
    return compose_letter(kind, case, assess(case, today), settings or LetterSettings(), today)


def text(kind, case, today=NOV, settings=None) -> str:
    """The letter's text, its headings included (« 3. Défendeur »)."""
    from documents.content import Heading

    composed = compose(kind, case, today, settings)
    headings = [b.text for b in composed.letter.body if isinstance(b, Heading)]
    return text_of(composed) + "\n" + "\n".join(headings)


def sections(kind, case) -> dict[str, str]:
    """The text under each heading of a request (« 3. Défendeur » → its lines)."""
    from documents.content import BulletList, Heading

    out: dict[str, list[str]] = {}
    current = ""
    for block in compose(kind, case).letter.body:
        if isinstance(block, Heading):
            current = block.text
        elif isinstance(block, BulletList):
            out.setdefault(current, []).extend(i.text for i in block.items)
        elif hasattr(block, "text"):
            out.setdefault(current, []).append(block.text)
    return {k: "\n".join(v).replace("\u00a0", " ") for k, v in out.items()}


def refused_opinion():
    """Case F: Mme Durand, Bouygues, no internet in January 2026; service clients, service
    consommateurs (refusal), the mediator seized, a partial opinion (15 €), refused."""
    case = _private(Civility.MRS, "Marie Durand", False)
    case.summary = "L'abonnée a été privée d'internet du 1er au 31 janvier 2026."
    case.summary_voice = SummaryVoice.NEUTRAL
    case.natures = [DisputeNature.OUTAGE]
    case.credits = []
    case.contract = Contract("", "333", "Bbox", date(2022, 1, 1), Decimal("30.00"),
                             distance=True)  # subscribed online: LCEN art. 15 I (review2 5.2)
    case.operator.siren = ""
    case.operator.head_office_address = PostalAddress()
    case.invoice_lines = [InvoiceLine(
        invoice_number="J-01", invoice_date=date(2026, 1, 5), label="Abonnement janvier",
        amount_billed=Decimal("30.00"), amount_disputed=Decimal("30.00"),
        reason=InvoiceReason.NOT_DELIVERED, paid_on=date(2026, 1, 20))]
    case.exhibits = [Exhibit(number=n, title=t, date=d) for n, (t, d) in enumerate([
        ("LRAR service clients", date(2026, 1, 10)),
        ("LRAR service consommateurs", date(2026, 3, 1)),
        ("Saisine du médiateur", date(2026, 5, 2)),
        ("Avis du médiateur", date(2026, 7, 25))], start=1)]
    x = {x.number: x.id for x in case.exhibits}

    def ev(kind, d, cp, **kw):
        return Event(kind=kind, date=d, counterpart=cp, **kw)

    case.events = [
        ev(EventKind.OUTAGE, date(2026, 1, 1), Counterpart.OPERATOR_OTHER,
           end_date=date(2026, 1, 31)),
        ev(EventKind.LETTER, date(2026, 1, 10), Counterpart.SERVICE_CLIENTS, written=True,
           summary="Réclamation.", exhibit_ids=[x[1]]),
        ev(EventKind.LETTER, date(2026, 3, 1), Counterpart.SERVICE_CONSOMMATEURS,
           written=True, summary="Recours.", exhibit_ids=[x[2]]),
        ev(EventKind.ANSWER, date(2026, 3, 20), Counterpart.SERVICE_CONSOMMATEURS,
           written=True, direction=Direction.INCOMING, outcome=AnswerOutcome.UNSATISFACTORY,
           summary="Refus."),
        ev(EventKind.SAISINE, date(2026, 5, 2), Counterpart.MEDIATOR, written=True,
           summary="Saisine en ligne.", exhibit_ids=[x[3]]),
        ev(EventKind.MEDIATOR_OPINION, date(2026, 7, 25), Counterpart.MEDIATOR, written=True,
           direction=Direction.INCOMING, outcome=AnswerOutcome.PARTIAL,
           summary="Avis : remboursement de 15 €.", response_due=date(2026, 8, 25),
           exhibit_ids=[x[4]]),
        ev(EventKind.PARTY_POSITION, date(2026, 8, 10), Counterpart.MEDIATOR, written=True,
           party=Party.SUBSCRIBER, accepted=False, summary="Refus de l'avis."),
    ]
    return case


# -- 8. DGCCRF --------------------------------------------------------------------------------------

def test_dgccrf_report_is_not_a_demand() -> None:
    """8.1: « L'avoir de 15,00 € HT … n'est pas déduit de la présente demande » (then « portait
    sur d'autres sommes que celles réclamées ici »): a report is not a demand."""
    letter = text(LetterKind.DGCCRF, _business(BusinessForm.COMPANY),
                  settings=STRUCTURE_SIGNS)
    assert "L'avoir de 15,00 € HT accordé le 30 avril 2026" in letter
    assert "réclamées" not in letter and "présente demande" not in letter
    assert "le montant contesté en tient compte" in letter


def test_dgccrf_names_the_departement_and_is_not_registered() -> None:
    """8.2: « l'application peut indiquer le département : Orange → Hauts-de-Seine (92) »; « La
    LRAR n'est pas nécessaire pour un signalement »."""
    composed = compose(LetterKind.DGCCRF, _business(BusinessForm.COMPANY))
    assert composed.letter.registered is None
    assert "Hauts-de-Seine (92)" in composed.letter.recipient
    assert any("département des Hauts-de-Seine (92), où se trouve le siège social d'Orange "
               "(111 quai du Président Roosevelt" in w for w in composed.warnings)


def test_dgccrf_reason_for_a_business_says_its_limited_effect() -> None:
    """8.2: « Pour une entreprise, le signalement a peu d'effet (la DGCCRF ne règle pas un
    litige individuel) : le dire dans la raison »."""
    decision = assess(_business(BusinessForm.COMPANY), NOV).letter(LetterKind.DGCCRF.value)
    assert "litige individuel" in decision.reason


# -- 9. Procureur -----------------------------------------------------------------------------------

def test_complaint_states_the_offence_in_lower_case_with_its_facts_and_no_amount() -> None:
    """9.1: « la qualification de Pratique commerciale trompeuse (C. conso L.121-2), exposés
    ci-après » then only the outage, and « Le montant contesté s'élève à 30,00 € »."""
    case = refused_opinion()
    case.offence = "Pratique commerciale trompeuse (C. conso L.121-2)"
    composed = compose(LetterKind.PROCUREUR, case)
    letter = text_of(composed)
    assert "qualification de pratique commerciale trompeuse (C. conso L.121-2)" in letter
    assert "Faits constitutifs de l'infraction" in letter
    assert "montant contesté" not in letter.lower()
    assert any("faits constitutifs" in w.lower() for w in composed.warnings)


def test_complaint_identifies_the_legal_person() -> None:
    """9.2: « Identifier la personne morale visée : Bouygues Telecom SA, SIREN 397 480 930,
    37-39 rue Boissière, 75116 Paris »."""
    case = refused_opinion()
    case.offence = "Pratique commerciale trompeuse (C. conso L.121-2)"
    letter = text(LetterKind.PROCUREUR, case)
    assert "SIREN 397 480 930" in letter
    assert "37-39 rue Boissière" in letter


# -- 10. Conciliateur -------------------------------------------------------------------------------

def test_conciliateur_hears_the_operator_answers_and_the_opinion() -> None:
    """10.2 / 10.4: « la réponse de refus du 20 septembre disparaît » — the list kept only the
    outgoing written complaints; the opinion's proposal and its refusal are said."""
    letter = text(LetterKind.CONCILIATEUR, refused_opinion())
    assert "20 mars 2026" in letter  # the service consommateurs' refusal
    assert "Avis : remboursement de 15 €" in letter
    assert "J'ai refusé l'avis du médiateur" in letter


def test_conciliateur_names_the_party_to_convene() -> None:
    """10.3: « Aucune coordonnée de l'opérateur, alors que la lettre demande de convoquer
    l'opérateur »."""
    letter = text(LetterKind.CONCILIATEUR, refused_opinion())
    assert "Partie à convoquer" in letter
    assert "Bouygues Telecom" in letter and "37-39 rue Boissière" in letter


def test_conciliateur_recipient_uses_the_common_placeholder() -> None:
    """10.5: « Permanence de … »: the common marker « [à compléter] »."""
    composed = compose(LetterKind.CONCILIATEUR, refused_opinion())
    assert not any("…" in line for line in composed.letter.recipient)


# -- 11. Requête --------------------------------------------------------------------------------------

def test_request_defendant_from_the_directory() -> None:
    """11.1: « Dénomination : Bouygues Télécom ; Forme sociale : [à compléter] ; SIREN : [à
    compléter] ; Siège social : [à compléter]. » — all three are in the directory."""
    defendant = sections(LetterKind.COURT_REQUEST, refused_opinion())["3. Défendeur"]
    assert "Bouygues Telecom" in defendant and "Télécom" not in defendant
    assert "société anonyme" in defendant
    assert "397 480 930" in defendant
    assert "37-39 rue Boissière" in defendant
    assert "[à compléter]" not in defendant


def test_request_states_its_legal_ground() -> None:
    """11.2: « L'opérateur n'a pas exécuté son obligation de fournir le service prévu au
    contrat. » Aucun fondement."""
    grounds = sections(LetterKind.COURT_REQUEST,
                       refused_opinion())["5. Exposé sommaire des motifs"]
    assert "obligation de résultat" in grounds
    assert "loi n° 2004-575 du 21 juin 2004, art. 15, I" in grounds
    assert "première chambre civile, 19 novembre 2009" in grounds
    assert "je suis fondée à obtenir" in grounds


def test_request_refusal_is_in_the_first_person() -> None:
    """11.3: « 10 août 2026 — Refus de l'avis du médiateur par l'abonné. Refus de l'avis. »"""
    letter = text(LetterKind.COURT_REQUEST, refused_opinion())
    assert "par l'abonné" not in letter
    assert "J'ai refusé l'avis du médiateur." in letter
    assert "Refus de l'avis." not in letter


def test_request_links_the_diligences_to_the_prior_attempt() -> None:
    """11.4: « La tentative de médiation préalable exigée pour une demande n'excédant pas
    5 000 € a été accomplie : Médiateur … saisi le 2 mai 2026, avis rendu le 25 juillet 2026
    (pièce n° 4). »"""
    letter = text(LetterKind.COURT_REQUEST, refused_opinion())
    assert ("La tentative de médiation préalable exigée pour une demande n'excédant pas "
            "5 000 € a été accomplie") in letter
    assert "avis rendu le 25 juillet 2026 (pièce n° 4)" in letter


# -- 12. Médiateur des entreprises ----------------------------------------------------------------

def test_fiche_gives_both_parties_addresses() -> None:
    """12.1: the decree asks « l'identité et l'adresse » of both parties; the fiche had no
    address row."""
    letter = text(LetterKind.BUSINESS_MEDIATOR, _business(BusinessForm.COMPANY))
    assert "Adresse de votre entreprise | 14 rue des Compagnons, 79000 Niort" in letter
    assert ("Adresse de l'opérateur (siège social) | Orange, 111 quai du Président "
            "Roosevelt") in letter


def test_fiche_lists_only_what_is_enclosed_and_what_to_add() -> None:
    """12.2: « Pièces à téléverser … (réclamations, réponses, factures, contrat) » while no
    contract is among the exhibits."""
    letter = text(LetterKind.BUSINESS_MEDIATOR, _business(BusinessForm.COMPANY))
    assert "(réclamations, réponses, factures, contrat)" not in letter
    assert "À ajouter" in letter and "contrat ou récapitulatif contractuel" in letter
    assert "F2605-0034410" in letter


def test_fiche_for_an_association_is_to_check() -> None:
    """12.3: C (association): the Médiateur des entreprises « ouvert »; the opening to
    associations rests on a C source."""
    letter = text(LetterKind.BUSINESS_MEDIATOR, _business(BusinessForm.ASSOCIATION))
    assert "à vérifier" in letter.lower() and "associations employeuses" in letter


def test_fiche_outside_billing_warns_about_the_scope() -> None:
    """12.4: écrasement: Arcep's page cites « des litiges portant sur la facturation »."""
    composed = compose(LetterKind.BUSINESS_MEDIATOR, _business(BusinessForm.SOLE_TRADER))
    assert any("entre dans son champ" in w for w in composed.warnings)


def test_fiche_is_a_form_not_a_letter() -> None:
    """12.5: sender, « Médiateur des entreprises / Saisine en ligne » in the window, « Niort,
    le 22 novembre 2026 », « Objet »: a fiche that is not sent has a fiche's heading; 12.6:
    « Votre représentant | Thomas Rivaud, Gérant »."""
    composed = compose(LetterKind.BUSINESS_MEDIATOR, _business(BusinessForm.COMPANY))
    letter = composed.letter
    assert letter.form and not letter.recipient and not letter.sender
    assert not letter.place_and_date
    assert "Votre représentant | Thomas Rivaud, gérant" in text_of(composed)


# -- 13. Mandate ----------------------------------------------------------------------------------------

def test_mandant_legal_form_not_doubled() -> None:
    """13.1: « la société Menuiserie Rivaud SARL, SARL (SIRET : …) »."""
    letter = text(LetterKind.MANDATE, _business(BusinessForm.COMPANY))
    assert "SARL, SARL" not in letter
    assert "la société Menuiserie Rivaud, SARL, SIRET 901 473 629 00011" in letter


def couple_with_association():
    case = _private(Civility.COUPLE, "Anne et Paul Lemoine", True)
    case.handling_structure = HandlingStructure(
        name="UFC-Que Choisir de l'Orne", contact_name="Bernard Petit",
        contact_role="bénévole juriste",
        address=PostalAddress(["2 place du Marché"], "61000", "Alençon"),
        kind=StructureKind.CONSUMER_ASSOCIATION, identifier="W611000000", member_number="A-9",
        member_since=date(2026, 9, 15))
    return case


def test_couple_mandate_is_plural_and_signed_by_both() -> None:
    """13.3: « Le mandant : Anne et Paul Lemoine … Le mandant est adhérent … Le mandant décide
    seul »: two mandants, everything plural, each signs."""
    composed = compose(LetterKind.MANDATE, couple_with_association())
    letter = text_of(composed)
    assert "Les mandants : Anne et Paul Lemoine" in letter
    assert "Les mandants sont adhérents" in letter
    assert "Les mandants décident seuls" in letter
    assert "Le mandant " not in letter
    assert letter.count("« Bon pour mandat »") == 2


def test_woman_is_la_mandante_and_the_rna_is_named() -> None:
    """13.7: « (n° W611000000) » → « (RNA n° W611000000) »; « La mandante … est adhérente »;
    C. civ. 1987 and 1988 « à vérifier » — in a warning, never in the act the parties sign
    (review2 10.1)."""
    case = couple_with_association()
    case.subscriber.civility = Civility.MRS
    case.subscriber.name = "Lucie Garnier"
    letter = text(LetterKind.MANDATE, case)
    assert "RNA n° W611000000" in letter
    assert "La mandante : Madame Lucie Garnier" in letter
    assert "La mandante est adhérente" in letter
    assert "Le mandant" not in letter
    assert "1984" in letter and "à vérifier" not in letter


def test_mandate_is_an_act_not_a_letter() -> None:
    """13.4: sender block, recipient in the window, « Niort, le 22 novembre 2026 »,
    « Références de l'opérateur », then « Fait à [à compléter], le [à compléter] » twice: two
    dates on an act; no names under the signatures; « Dossier suivi par »."""
    composed = compose(LetterKind.MANDATE, _business(BusinessForm.COMPANY))
    letter = composed.letter
    assert letter.form
    assert not letter.sender and not letter.recipient and not letter.place_and_date
    assert not letter.references and not letter.followed_by
    body = text_of(composed)
    assert body.count("Fait à") == 1 and "en deux exemplaires" in body
    assert "Pour Menuiserie Rivaud : Thomas Rivaud, gérant" in body
    assert "Pour la CPME de l'Aubrée" in body and "Nadia Garnier, chargée de mission" in body


def test_mandate_cites_only_the_routes_open_to_the_case() -> None:
    """13.6: E (Free): « saisir la CPME ou le Médiateur des entreprises » while the CPME does
    not act for Free."""
    case = _business(BusinessForm.COMPANY)
    case.operator.name = "Free"
    case.operator.directory_id = "free"
    letter = text(LetterKind.MANDATE, case)
    assert "saisir le Médiateur des entreprises" in letter
    assert "CPME ou" not in letter


# -- 14. L.224-42-1 ------------------------------------------------------------------------------------

def portability():
    """Case H: Mme Roux, a 6-day porting delay, 19,99 € TTC a month."""
    case = _private(Civility.MRS, "Inès Roux", True)
    case.natures = [DisputeNature.PORTABILITY]
    case.lines = [Line("06 44 55 66 77", LineKind.MOBILE, "")]
    case.contract = Contract("", "777", "Forfait Free", date(2026, 10, 1), Decimal("19.99"))
    case.invoice_lines = []
    case.credits = []
    case.exhibits = []
    case.events = [Event(kind=EventKind.OUTAGE, date=date(2026, 10, 2),
                         end_date=date(2026, 10, 8), counterpart=Counterpart.OPERATOR_OTHER),
                   Event(kind=EventKind.EMAIL, date=date(2026, 10, 10), written=True,
                         counterpart=Counterpart.SERVICE_CLIENTS)]
    case.portability_requested_on = date(2026, 10, 1)  # due Friday 2 October (D.406-18)
    return case


def test_indemnity_arithmetic_is_consistent() -> None:
    """14.1: « soit 4,00 € par jour, l'indemnité s'élève au moins à 23,99 € » (6 × 4,00 =
    24,00); L: « 12,00 € par jour » × 7 = 84,00 € but « 83,99 € »."""
    letter = text(LetterKind.PORTABILITY_COMPENSATION, portability())
    # due 2 October, ported 8 October: 6 days of delay, 3 to 8 October (review2 11.1)
    assert "4,00 € par jour" in letter and "24,00 € (4,00 € × 6 jours)" in letter
    assert "23,99 €" not in letter
    assert "arrondi au centime supérieur" in letter
    company = portability()
    company.contract.monthly_price = Decimal("59.99")
    company.events[0].end_date = date(2026, 10, 9)
    letter = text(LetterKind.PORTABILITY_COMPENSATION, company)
    assert "12,00 € par jour" in letter and "84,00 € (12,00 € × 7 jours)" in letter
    assert "83,99" not in letter


def test_indemnity_request_names_its_case() -> None:
    """14.2: « l'indemnité due en cas de retard dans la portabilité de mon numéro ou dans mon
    changement de fournisseur »: the case says which."""
    composed = compose(LetterKind.PORTABILITY_COMPENSATION, portability())
    letter = text_of(composed)
    assert " ou dans mon changement de fournisseur" not in letter
    assert "retard de portage de mon numéro 06" in letter
    assert composed.letter.subject.startswith(
        "Demande d'indemnité — retard de portage du numéro (art. L.224-42-1")
    assert "D.406-18" in letter  # 14.3: the one-working-day delay


def test_mandate_first_in_the_complete_dossier_never_blank_in_a_third_party_one() -> None:
    """13.5: in the complete dossier the mandate came last (« 05 Mandat… ») although the
    structure's letters depend on it; in the `--target cpme` / `mediator` dossiers the blank
    form was put among the documents to send."""
    from documents.dossier import DossierTarget, compose_target_letters

    case = _business(BusinessForm.COMPANY)
    a = assess(case, NOV)
    complete, _ = compose_target_letters(case, a, DossierTarget.COMPLETE, None, NOV)
    assert complete[0].title.startswith("Mandat")
    cpme, warnings = compose_target_letters(case, a, DossierTarget.CPME, None, NOV)
    assert not any(doc.title.startswith("Mandat") for doc in cpme)
    assert any("mandat signé" in w.lower() for w in warnings)
    private = couple_with_association()
    mediator, _ = compose_target_letters(private, assess(private, NOV),
                                         DossierTarget.MEDIATOR, None, NOV)
    assert not any(doc.title.startswith("Mandat") for doc in mediator)


def test_last_paragraph_stays_with_the_closing_formula() -> None:
    """10.6: écrasement: « la page 2 ne contient que la formule de politesse et la signature »;
    the last paragraph is kept with the formula (PDF and DOCX)."""
    import io

    import docx
    from pypdf import PdfReader

    from documents.letters import composed_files

    composed = compose(LetterKind.CONCILIATEUR, refused_opinion())
    pdf, data, info = composed_files(composed)
    assert info.pages == 2
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    closing = next(p for p in pages if "Je vous prie d'agréer" in p)
    assert "convoquer l'opérateur à une réunion de conciliation" in closing
    paragraphs = docx.Document(io.BytesIO(data)).paragraphs
    last = next(p for p in paragraphs if "convoquer l'opérateur" in p.text)
    assert last.paragraph_format.keep_with_next


def test_complaint_quotes_the_users_facts_and_never_writes_them() -> None:
    """Model v3: the facts of the offence are the user's own, quoted paragraph by paragraph
    after « Faits constitutifs de l'infraction : »; without them the placeholder stays and
    the letter warns (the engine says « prématuré »)."""
    case = refused_opinion()
    case.offence = "Pratique commerciale trompeuse (C. conso L.121-2)"
    empty = compose(LetterKind.PROCUREUR, case)
    assert "[à compléter : quelle allégation" in text_of(empty)
    assert any("ne sont pas rédigés" in w for w in empty.warnings)
    case.offence_facts = ("Le 3 mars 2026, le vendeur a affirmé que l'offre était « sans "
                          "engagement ».\n\nLe contrat signé le même jour prévoit\n24 mois.")
    composed = compose(LetterKind.PROCUREUR, case)
    letter = text_of(composed)
    assert "[à compléter : quelle allégation" not in letter
    head = letter.index("Faits constitutifs de l'infraction")
    first = letter.index("Le 3 mars 2026, le vendeur a affirmé")
    second = letter.index("Le contrat signé le même jour prévoit 24 mois.")
    assert head < first < second
    assert not any("ne sont pas rédigés" in w for w in composed.warnings)


def test_complaint_quotes_hostile_facts_as_text() -> None:
    case = refused_opinion()
    case.offence = "Vente forcée"
    case.offence_facts = "<b>Faits</b> & \x00\x1b[31m😀 €\ud800 " + "é" * 3000
    letter = text_of(compose(LetterKind.PROCUREUR, case))
    assert "<b>Faits</b> & [31m😀 €" in letter or "<b>Faits</b> &" in letter
    assert "\x00" not in letter and "\ud800" not in letter and "é" * 3000 in letter
