"""The third practitioner's review of the letters (/work/coord/review3-letters.md): each test
builds the reviewer's case and quotes the text the reviewer refused or the wording to sign.

What remains claimed once the operator's credits are set against the quantified claim is
decided in one place (``claims.settlement``): the requête, the mise en demeure and the CPME
request read it (1.0, 2.1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dispute.model import (
    AnswerOutcome,
    BusinessForm,
    Counterpart,
    Credit,
    CreditKind,
    Direction,
    DisputeNature,
    Event,
    EventKind,
    TaxBasis,
)
from dispute.procedure import assess
from dispute.procedure.results import LetterState
from documents.letters import LetterKind
from tests.letter_matrix import _business, _private
from tests.test_review_third_party_letters import NOV, compose, refused_opinion, sections, text

NBSP = "\u00a0"


def _plain(value: str) -> str:
    return value.replace(NBSP, " ")


def ei_sfr():
    """Case e1: the shipped sole trader (SFR, line overwritten 4-27 August 2026, 49,90 € HT a
    month, a gesture of one month, 49,90 € HT, received on 8 September, not deducted)."""
    return _business(BusinessForm.SOLE_TRADER)


def ei_last_resort():
    """Case e3: e1 with its SIRET; the Médiateur des entreprises seized on 20 September, its
    failure on 5 November 2026."""
    case = ei_sfr()
    case.subscriber.siren = "51234567800021"
    case.events += [
        Event(kind=EventKind.SAISINE, date=date(2026, 9, 20),
              counterpart=Counterpart.BUSINESS_MEDIATOR,
              summary="Saisine en ligne du Médiateur des entreprises."),
        Event(kind=EventKind.ANSWER, date=date(2026, 11, 5),
              counterpart=Counterpart.BUSINESS_MEDIATOR, direction=Direction.INCOMING,
              summary="Le Médiateur des entreprises constate l'échec de la médiation.",
              outcome=AnswerOutcome.UNSATISFACTORY)]
    return case


def small_gesture(case):
    """The same gesture at 10,00 € HT: it covers part of the prorata only."""
    case.credits[0].amount = Decimal("10.00")
    return case


# -- 1.0 BLOQUANT: the requête claims a prorata the gesture already covers -----------------

def test_request_does_not_claim_the_prorata_the_gesture_covers() -> None:
    """1.0: « Demandes présentées au tribunal … • le remboursement de l'abonnement au prorata …
    soit 38,63 € HT (46,36 € TTC) » while the gesture of 49,90 € HT received on 8 September
    is nowhere in the act."""
    demand = _plain(sections(LetterKind.COURT_REQUEST, ei_last_resort())
                    ["4. Objet de la demande"])
    assert "au prorata de la période sans service" not in demand
    assert "l'indemnisation du préjudice causé par la coupure de la ligne du 4 au 27 août " \
        "2026, sur justificatifs" in demand
    # the indemnity carries no VAT: no « HT » on it nor on the total (review4 R2)
    assert "Montant total demandé en principal : [à compléter] €." in demand
    assert ("Ce montant correspond à l'indemnisation du préjudice, chiffrée à [à compléter] "
            "€ sur les pièces n° [à compléter], plus le remboursement de l'abonnement au "
            "prorata, 38,63 € HT (49,90 € HT × 24/31), moins le geste commercial de 49,90 € "
            "HT accordé le 8 septembre 2026.") in demand


def test_request_warning_subtracts_the_gesture() -> None:
    """1.0: the warning « ajoutez au remboursement au prorata l'indemnisation du préjudice »
    pushed to claim what was received."""
    warnings = [_plain(w) for w in compose(LetterKind.COURT_REQUEST, ei_last_resort()).warnings]
    assert not any("ajoutez au remboursement au prorata" in w for w in warnings)
    assert ("Montant total de la demande à compléter : l'indemnisation du préjudice, chiffrée "
            "sur justificatifs, plus le remboursement au prorata (38,63 € HT), moins le geste "
            "commercial de 49,90 € HT accordé le 8 septembre 2026.") in warnings


def test_request_partial_gesture_is_deducted_from_the_prorata() -> None:
    """1.0 and 2.1, a gesture below the prorata: the prorata is claimed net of it."""
    demand = _plain(sections(LetterKind.COURT_REQUEST, small_gesture(ei_last_resort()))
                    ["4. Objet de la demande"])
    # the head of claim leaves the sum to the total (review3 1.4)
    assert ("le remboursement de l'abonnement au prorata de la période sans service du 4 au "
            "27 août 2026") in demand and "27 août 2026, soit" not in demand
    assert "plus le remboursement de l'abonnement au prorata, 38,63 € HT (49,90 € HT × " \
        "24/31), moins le geste commercial de 10,00 € HT accordé le 8 septembre 2026." in demand


def test_request_outage_prorata_is_net_of_the_gesture() -> None:
    """1.0 for an outage: the principal was the prorata, the gesture received forgotten."""
    case = _private_outage_with_gesture()
    demand = _plain(sections(LetterKind.COURT_REQUEST, case)["4. Objet de la demande"])
    assert "Montant total demandé en principal : 45,02 €." in demand
    assert "Ce montant correspond à 32,99 € × (30/31 + 21/30) = 55,02 €, moins le geste " \
        "commercial de 10,00 € accordé le 15 juin 2026." in demand


def _private_outage_with_gesture():
    """The shipped outage (2 March-21 April 2026, 32,99 € a month) without its invoice lines:
    the prorata is computed from the price; the 10 € gesture received."""
    case = _private(*_mrs())
    case.invoice_lines = []
    case.credits = [Credit(kind=CreditKind.GESTURE, amount=Decimal("10.00"),
                           date=date(2026, 6, 15), deducted=False)]
    return case


def _mrs():
    from dispute.model import Civility
    return Civility.MRS, "Claire Fontaine", False


# -- 1.1: the same sum in two heads of claim --------------------------------------------------

def test_billing_request_claims_the_sum_once() -> None:
    """1.1: « • le remboursement des sommes indûment facturées, soit 151,36 € HT (181,63 € TTC) ;
    • le remboursement des sommes contestées, soit 151,36 € HT (181,63 € TTC). »"""
    demand = _plain(sections(LetterKind.COURT_REQUEST, _business(BusinessForm.ASSOCIATION))
                    ["4. Objet de la demande"])
    assert "le remboursement des sommes indûment facturées." in demand  # the sum: 1.4
    assert "le remboursement des sommes contestées" not in demand
    private = refused_opinion()
    private.natures = [DisputeNature.BILLING]
    demand = _plain(sections(LetterKind.COURT_REQUEST, private)["4. Objet de la demande"])
    assert demand.count("le remboursement des sommes") == 1


# -- 2.1: the formal notice and the CPME request claim the covered prorata ---------------------

COVERED = ("Le geste commercial de 49,90 € HT accordé le 8 septembre 2026 couvre le "
           "remboursement de l'abonnement au prorata (38,63 € HT : 49,90 € HT × 24/31) ; son "
           "solde, 11,27 € HT, viendra en déduction de l'indemnisation du préjudice causé par "
           "la coupure de la ligne du 4 au 27 août 2026, chiffrée à [à compléter] € sur les "
           "justificatifs joints.")


def test_formal_notice_sets_the_gesture_against_the_prorata() -> None:
    """2.1: « • le remboursement de l'abonnement au prorata …, soit 38,63 € HT … Le geste
    commercial de 49,90 € HT … ne répare pas le préjudice subi ; il viendra en déduction de
    l'indemnisation finale. »"""
    body = _plain(text(LetterKind.FORMAL_NOTICE, ei_sfr()))
    assert "au prorata de la période sans service" not in body
    assert "ne répare pas le préjudice subi" not in body
    assert COVERED in body
    warnings = [_plain(w) for w in compose(LetterKind.FORMAL_NOTICE, ei_sfr()).warnings]
    assert ("Le geste commercial de 49,90 € HT accordé le 8 septembre 2026 dépasse le "
            "remboursement au prorata calculé (38,63 € HT) : le courrier ne réclame plus ce "
            "remboursement et impute le solde, 11,27 € HT, sur l'indemnisation du préjudice, "
            "qui reste à chiffrer.") in warnings


def test_cpme_request_sets_the_gesture_against_the_prorata() -> None:
    """2.1, case e2 (Orange, the CPME de l'Aubrée): the same text in the CPME request."""
    case = ei_sfr()
    case.operator.directory_id = "orange"
    case.operator.name = "Orange"
    case.handling_structure = _business(BusinessForm.COMPANY).handling_structure
    body = _plain(text(LetterKind.CPME, case))
    assert "au prorata de la période sans service" not in body
    assert COVERED in body


def test_formal_notice_partial_gesture() -> None:
    """2.1, a gesture below the prorata: deducted in the item, not explained again."""
    body = _plain(text(LetterKind.FORMAL_NOTICE, small_gesture(ei_sfr())))
    assert "soit 28,63 € HT (34,36 € TTC) : 49,90 € HT × 24/31 = 38,63 € HT, moins le geste " \
        "commercial de 10,00 € HT accordé le 8 septembre 2026" in body
    assert "viendra en déduction" not in body


def test_no_gesture_keeps_the_prorata() -> None:
    """Without a credit the prorata is claimed as before."""
    case = ei_sfr()
    case.credits = []
    body = _plain(text(LetterKind.FORMAL_NOTICE, case))
    assert "le remboursement de l'abonnement au prorata de la période sans service du 4 au " \
        "27 août 2026, soit 38,63 € HT (46,36 € TTC) : 49,90 € HT × 24/31" in body


def test_settlement_is_the_one_decision() -> None:
    """2.1: one function says what remains claimed: the disputed lines net of the credits
    marked deducted, or the prorata net of every credit received."""
    from documents.letters.claims import settlement

    s = settlement(ei_sfr(), date(2026, 11, 22))
    assert (s.disputed.ht, s.deducted.ht, s.remaining.ht, s.surplus.ht) == (
        Decimal("38.63"), Decimal("49.90"), Decimal("0.00"), Decimal("11.27"))
    s = settlement(small_gesture(ei_sfr()), date(2026, 11, 22))
    assert (s.remaining.ht, s.surplus.ht) == (Decimal("28.63"), Decimal("0.00"))
    lines = _business(BusinessForm.COMPANY)  # an avoir of 15 € HT not deducted: explained
    s = settlement(lines, date(2026, 11, 22))
    assert s.remaining.ht == Decimal("151.36") and s.credits_explained
    assert not s.on_prorata
    # a credit typed TTC for a business is set against the prorata on both bases
    case = ei_sfr()
    case.credits[0].tax_basis = TaxBasis.TTC
    case.credits[0].amount = Decimal("12.00")
    s = settlement(case, date(2026, 11, 22))
    assert (s.remaining.ht, s.remaining.ttc) == (Decimal("28.63"), Decimal("34.36"))


# -- 1.2: a company at last resort: the tribunal de commerce document is usable --------------

def sarl_last_resort():
    """Case b4: the SARL (CPME de l'Aubrée), its avoir deducted, the Médiateur des entreprises
    seized on 20 July, its failure on 5 October 2026."""
    case = _business(BusinessForm.COMPANY)
    case.credits[0].deducted = True
    case.events += [
        Event(kind=EventKind.SAISINE, date=date(2026, 7, 20),
              counterpart=Counterpart.BUSINESS_MEDIATOR,
              summary="Saisine en ligne du Médiateur des entreprises."),
        Event(kind=EventKind.ANSWER, date=date(2026, 10, 5),
              counterpart=Counterpart.BUSINESS_MEDIATOR, direction=Direction.INCOMING,
              summary="Le Médiateur des entreprises constate l'échec de la médiation.",
              outcome=AnswerOutcome.UNSATISFACTORY)]
    return case


def test_commerce_court_document_is_possible_at_last_resort() -> None:
    """1.2: « PROJET — NE PAS ENVOYER. Ce courrier ne s'applique pas à ce dossier : entreprise
    commerçante : le tribunal de commerce (C.P.C. 853) ; la requête Cerfa 16042*02 vise le
    tribunal judiciaire. » on the very document written for the tribunal de commerce."""
    case = sarl_last_resort()
    decision = assess(case, NOV).letter(LetterKind.COURT_REQUEST)
    assert decision.state is LetterState.POSSIBLE
    assert "tribunal de commerce" in decision.reason
    composed = compose(LetterKind.COURT_REQUEST, case)
    body = _plain(text(LetterKind.COURT_REQUEST, case))
    assert "NE PAS ENVOYER" not in body
    assert "éléments de la saisine du tribunal de commerce" in body
    assert any("La requête Cerfa 16042*02 vise le tribunal judiciaire" in w
               for w in composed.warnings)
    # before the business route has failed, it waits (never « ne s'applique pas »)
    early = _business(BusinessForm.COMPANY)
    decision = assess(early, date(2026, 4, 20)).letter(LetterKind.COURT_REQUEST)
    assert decision.state is LetterState.PREMATURE


# -- 1.3: the mandate is not an exhibit of the requête nor of the complaint ------------------

def ufc_mandate_scanned():
    """Case p4: Madame Claire Fontaine, the UFC-Que Choisir de l'Orne, the mandate signed on
    20 June 2026 and scanned (an exhibit of kind « mandat »), the opinion refused."""
    from dispute.model import Civility, Exhibit, ExhibitKind, HandlingStructure, \
        StructureKind
    case = refused_opinion()
    case.subscriber.civility = Civility.MRS
    case.subscriber.name = "Claire Fontaine"
    case.handling_structure = HandlingStructure(
        name="UFC-Que Choisir de l'Orne", contact_name="Bernard Lemoine",
        contact_role="Juriste bénévole", kind=StructureKind.CONSUMER_ASSOCIATION)
    number = max((x.number for x in case.exhibits), default=0) + 1
    scan = Exhibit(number=number, title="Mandat signé au profit de l'UFC-Que Choisir de l'Orne",
                   date=date(2026, 6, 20), kind=ExhibitKind.MANDATE)
    case.exhibits.append(scan)
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 6, 20),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True,
                             exhibit_ids=[scan.id]))
    case.offence = "Pratique commerciale trompeuse"
    return case, number


def test_mandate_is_not_an_exhibit_of_the_acts() -> None:
    """1.3: « 7. Pièces sur lesquelles la demande est fondée … Pièce n° 7 : Mandat signé au
    profit de l'UFC-Que Choisir de l'Orne (20 juin 2026) »: the structure cannot represent the
    claimant (C.P.C. 762), and the mandate founds nothing (C.P.C. 57)."""
    case, number = ufc_mandate_scanned()
    for kind in (LetterKind.COURT_REQUEST, LetterKind.PROCUREUR):
        enclosed = compose(kind, case).letter.enclosures
        assert "Mandat" not in " ".join(e.title for e in enclosed), kind
        assert [e.number for e in enclosed] == sorted(e.number for e in enclosed)
        assert number not in [e.number for e in enclosed]
    # the structure's own letters keep it
    enclosed = compose(LetterKind.MEDIATOR, case).letter.enclosures
    assert number in [e.number for e in enclosed]


# -- 2.2, 2.3: the formal notice announces the free route before the judge -------------------

def test_private_notice_announces_the_mediator_before_it_opens() -> None:
    """2.2: « À défaut, je saisirai sans autre avis la juridiction compétente » while the
    mediator opens on 19 May 2026 and C.P.C. 750-1 wants a prior amicable attempt."""
    from dispute.model import Civility
    case = _private(Civility.MR, "Julien Fontaine", False)
    body = _plain(text(LetterKind.FORMAL_NOTICE, case, date(2026, 5, 12)))
    assert ("À défaut, je saisirai le Médiateur des communications électroniques puis, le cas "
            "échéant, la juridiction compétente afin d'obtenir l'exécution de vos obligations "
            "et la réparation de mon préjudice.") in body
    assert "sans autre avis la juridiction" not in body
    # after the mediator's opinion, the judge is next
    assert "je saisirai sans autre avis la juridiction compétente" in _plain(
        text(LetterKind.FORMAL_NOTICE, refused_opinion()))


def test_business_notice_announces_the_business_mediator() -> None:
    """2.3: « À défaut, nous saisirons sans autre avis la juridiction compétente … » for an
    association (tribunal judiciaire: 750-1) and a company, the Médiateur des entreprises
    never named."""
    association = _business(BusinessForm.ASSOCIATION)
    association.handling_structure = None
    body = _plain(text(LetterKind.FORMAL_NOTICE, association))
    assert ("À défaut, nous saisirons le Médiateur des entreprises puis, le cas échéant, la "
            "juridiction compétente afin d'obtenir l'exécution de vos obligations et la "
            "réparation de notre préjudice.") in body
    company = _business(BusinessForm.COMPANY)  # the CPME de l'Aubrée follows it
    body = _plain(text(LetterKind.FORMAL_NOTICE, company))
    assert ("À défaut, nous saisirons le Médiateur des entreprises ou solliciterons "
            "l'intervention de la CPME auprès de votre siège, puis, le cas échéant, nous "
            "saisirons la juridiction compétente") in body  # review5 7
    trader = _plain(text(LetterKind.FORMAL_NOTICE, ei_sfr()))
    assert "À défaut, je saisirai le Médiateur des entreprises puis, le cas échéant" in trader
    # once the Médiateur des entreprises has failed, the CPME if the engine still finds it
    # open, then the judge
    case = sarl_last_resort()
    body = _plain(text(LetterKind.FORMAL_NOTICE, case))
    assert "À défaut, nous solliciterons l'intervention de la CPME auprès de votre siège, " \
        "puis, le cas échéant, nous saisirons la juridiction compétente" in body  # review5 7
    case.handling_structure = None
    body = _plain(text(LetterKind.FORMAL_NOTICE, case))
    assert "À défaut, nous saisirons sans autre avis la juridiction compétente" in body


# -- 10.1, 10.2: the prescription warning as its sources allow --------------------------------

def test_prescription_warning_qualifies_the_mediator_suspension() -> None:
    """10.1: « … agir au plus tard le 20 mars 2027, dans 10 jours (L.34-2) : seule une action
    en justice interrompt ce délai ; la saisine du médiateur le suspend. » — the suspension
    from the saisine comes from a judgment on another consumer mediator (LEGAL-2026-12 § 5;
    rule ``prescription_suspension_from_saisine``, unverified). 10.2: said twice."""
    from tests.letter_matrix import _example
    case = _example("panne-fibre-particulier")
    warnings = [_plain(w) for w in compose(LetterKind.FORMAL_NOTICE, case,
                                           date(2027, 3, 10)).warnings]
    soon = [w for w in warnings if w.startswith("Ligne proche de la prescription")]
    assert soon
    for w in soon:
        # review 5, point 2: no « une action en justice est la voie sûre » beside a requête
        # still barred by the prior amicable attempt (tests/test_review5_procedure.py)
        assert ("seule une action en justice interrompt ce délai ; la saisine du médiateur le "
                "suspend en principe (à vérifier : jurisprudence rendue pour un autre médiateur "
                "de la consommation). À moins d'un mois de l'échéance, saisissez le médiateur "
                "sans attendre") in w
        assert "voie sûre" not in w
        assert w.endswith("Un courrier, même une mise en demeure, ne l'interrompt pas.")
        assert "la saisine d'un médiateur la suspend" not in w


def test_prescription_warning_of_a_business_is_sourced() -> None:
    """10.1: the Médiateur des entreprises' suspension is sourced A (LEGAL-2026-12 § 2.1)."""
    case = _business(BusinessForm.COMPANY)
    warnings = [_plain(w) for w in compose(LetterKind.FORMAL_NOTICE, case,
                                           date(2027, 4, 10)).warnings]
    soon = [w for w in warnings if w.startswith("Ligne proche de la prescription")]
    assert soon and all("la saisine du Médiateur des entreprises le suspend, l'intervention "
                        "de la CPME non." in w for w in soon)


# -- 4.1: the mediator's summary sheet, one amount a row --------------------------------------

def test_mediator_sheet_says_disputed_and_remaining_apart() -> None:
    """4.1: « Montant contesté : 45,02 € : 55,02 € contestés, moins le geste commercial de
    10,00 € accordé le 15 juin 2026 »."""
    from tests.letter_matrix import _example
    composed = compose(LetterKind.MEDIATOR, _example("panne-fibre-particulier"))
    rows = {r.label: _plain(r.value) for r in composed.annex.header}
    assert rows["Montant contesté"] == "55,02 €"
    assert rows["Reste demandé"] == ("45,02 €, déduction faite du geste commercial de 10,00 € "
                                     "accordé le 15 juin 2026")


# -- 6.5: the operator's register name in the CPME's element n° 2 ------------------------------

def test_cpme_element_two_is_the_register_name() -> None:
    """6.5: case b6, « Bouygues Télécom » typed: « 2. Nom de l'opérateur : Bouygues Télécom »
    in the request, the e-mail and the LISEZMOI, « Bouygues Telecom » elsewhere."""
    from documents.chronology import cpme_fields
    from documents.email_draft import cpme_email_body, subject

    case = _business(BusinessForm.COMPANY)
    case.operator.directory_id = "bouygues"
    case.operator.name = "Bouygues Télécom"
    body = _plain(text(LetterKind.CPME, case))
    assert "Nom de l'opérateur : Bouygues Telecom" in body
    assert "Télécom" not in body
    mail = cpme_email_body(case, today=NOV)
    assert "Télécom" not in str(mail) and "Bouygues Telecom" in str(mail)
    assert subject(case).endswith("— Bouygues Telecom")
    fields = {f.key: f.value for f in cpme_fields(case)}
    assert fields["operator_name"] == "Bouygues Telecom"


# -- 9.2: the chronology names the same person the same way -----------------------------------

def test_chronology_agrees_with_the_subscriber() -> None:
    """9.2: « Appel (passé par l'abonnée) » … « Mandat signé par l'abonné » … « L'abonné
    refuse l'avis » for Madame Claire Fontaine; « (particulier) » for a couple."""
    from dispute.model import Civility, Party
    from documents.chronology import event_row

    case, _ = ufc_mandate_scanned()
    case.events.append(Event(kind=EventKind.PARTY_POSITION, date=date(2026, 9, 28),
                             counterpart=Counterpart.MEDIATOR, party=Party.SUBSCRIBER,
                             accepted=False, written=True))
    by_id = {x.id: x for x in case.exhibits}
    rows = [event_row(case, e, by_id) for e in case.events_in_order()]
    kinds = " ".join(r[1] for r in rows)
    outcomes = " ".join(r[6] for r in rows)
    assert "Mandat signé par l'abonnée" in kinds and "par l'abonné " not in kinds + " "
    assert "L'abonnée refuse l'avis" in outcomes
    case.subscriber.civility = Civility.COUPLE
    rows = [event_row(case, e, by_id) for e in case.events_in_order()]
    assert "Les abonnés refusent l'avis" in " ".join(r[6] for r in rows)
    assert "Mandat signé par les abonnés" in " ".join(r[1] for r in rows)
    from documents.dossier import readme_text
    readme = readme_text(case, assess(case, NOV), "complete", generated_on=NOV, letters=[],
                         chronology="02_Chronologie/Chronologie.pdf", index=[], exhibits=[])
    assert f"{case.subscriber.name} (particuliers)" in readme


# -- 9.3: the bordereau and the LISEZMOI list what is there ----------------------------------

def test_bordereau_sent_to_a_third_party_lists_only_the_exhibits_present() -> None:
    """9.3: « Pièces attendues, absentes du dossier — … Facture n° FB-2603-448120 (ligne
    contestée) … Contrat ou récapitulatif contractuel » on the bordereau the mediator, the CPME
    or the other party receives; « Contrat … : non fourni » in the LISEZMOI."""
    from documents.dossier import readme_text
    from documents.exhibit_index import exhibit_index_report, missing_warning
    from tests.letter_matrix import _example

    case = _example("panne-fibre-particulier")
    report = exhibit_index_report(case, [], generated_on=NOV)
    words = " ".join(getattr(b, "text", "") for b in report.blocks)
    assert "absentes" not in words and "Contrat" not in words
    warning = _plain(missing_warning(case))
    assert warning.startswith("Pièces attendues, absentes du dossier")
    assert "Contrat ou récapitulatif contractuel" in warning
    readme = readme_text(case, assess(case, NOV), "mediator", generated_on=NOV, letters=[],
                         chronology="02_Chronologie/Chronologie.pdf", index=[], exhibits=[])
    assert "non fourni" not in readme
    assert "- Copie de chaque réclamation écrite à l'opérateur : pièces nos 1, 4" in readme


def test_dossier_warns_the_user_of_the_missing_exhibits(tmp_path) -> None:
    """9.3: the list stays with the user, in the dossier's warnings."""
    from documents.dossier import build_dossier
    from store.casefile import read_case_file
    from tests.letter_matrix import EXAMPLES

    cf = read_case_file(EXAMPLES / "panne-fibre-particulier")
    result = build_dossier(cf.case, cf.sources, tmp_path / "d.zip", today=NOV,
                           target="complete")
    assert any(w.startswith("Pièces attendues, absentes du dossier") for w in result.warnings)


# -- suggestions: 1.6, 1.7, 1.8, 8.1 ------------------------------------------------------------

def test_request_762_warning_only_with_a_structure() -> None:
    """1.6: « La structure qui vous accompagne ne peut pas vous représenter … » with none."""
    case = refused_opinion()
    case.handling_structure = None
    assert not any("La structure qui vous accompagne" in w
                   for w in compose(LetterKind.COURT_REQUEST, case).warnings)
    case, _ = ufc_mandate_scanned()
    assert any("La structure qui vous accompagne" in w
               for w in compose(LetterKind.COURT_REQUEST, case).warnings)


def test_request_names_the_company_form_once() -> None:
    """1.7: « Dénomination : Menuiserie Rivaud SARL ; Forme : SARL »."""
    claimant = _plain(sections(LetterKind.COURT_REQUEST, sarl_last_resort())["2. Demandeur"])
    assert "Dénomination : Menuiserie Rivaud\n" in claimant + "\n" or \
        "Dénomination : Menuiserie Rivaud ;" in claimant
    assert "Forme : SARL" in claimant


def test_request_without_civility_chooses_no_gender() -> None:
    """1.8: « Privé du service du 2 mars au 21 avril 2026, je suis fondé … » for « Camille
    Fontaine », civility not said."""
    case = refused_opinion()
    case.subscriber.civility = None
    case.subscriber.name = "Camille Fontaine"
    grounds = _plain(sections(LetterKind.COURT_REQUEST, case)["5. Exposé sommaire des motifs"])
    assert "Privé du service" not in grounds and "je suis fondé" not in grounds
    assert "Le service n'ayant pas été fourni" in grounds
    assert "je suis en droit d'obtenir le remboursement de l'abonnement de cette période." \
        in grounds


def test_mandate_prints_no_reservation_to_the_drafter() -> None:
    """8.1: « … entre dans l'objet de la structure [à confirmer par ses statuts]. »"""
    case = _business(BusinessForm.COMPANY)
    composed = compose(LetterKind.MANDATE, case)
    body = _plain(text(LetterKind.MANDATE, case))
    assert "[à confirmer par ses statuts]" not in body
    assert "entre dans l'objet statutaire de la structure." in body
    assert any("loi n° 71-1130 du 31 décembre 1971, art. 64" in _plain(w)
               for w in composed.warnings)


def test_request_reasons_read_as_words() -> None:
    """1.5: « (double facturation, hors forfait contesté et service non commandé) »."""
    grounds = _plain(sections(LetterKind.COURT_REQUEST, sarl_last_resort())
                     ["5. Exposé sommaire des motifs"])
    assert "hors forfait contesté " not in grounds + " "
    assert "communications hors forfait contestées" in grounds


def test_cpme_request_warns_once_for_a_mandate_not_signed() -> None:
    """6.4: « … suit le dossier mais aucun mandat signé n'est enregistré : faites signer le
    mandat et joignez-le. » then « Aucun mandat signé par l'abonné n'est enregistré … »."""
    warnings = compose(LetterKind.CPME, _business(BusinessForm.COMPANY)).warnings
    assert len([w for w in warnings if "aucun mandat signé" in w.lower()]) == 1


def test_notice_after_the_mediation_recalls_it() -> None:
    """2.6: « Mes démarches amiables sont restées sans effet : » lists the exchanges with the
    operator only, not the saisine of the mediator nor its opinion."""
    body = _plain(text(LetterKind.FORMAL_NOTICE, refused_opinion()))
    steps = body.split("restées sans effet :", 1)[1]
    assert "Médiateur des communications électroniques" in steps
    assert "avis" in steps.lower()


# -- 4.2, 4.3, 7.1, 9.6 (suggestions) ------------------------------------------------------------

def test_mediator_letter_says_the_mandate_copy_follows() -> None:
    """4.2: « … à qui nous avons donné mandat le 20 juin 2026 ; vous pouvez lui adresser
    copie de vos échanges. » — the mandate signed, not scanned, and nothing said of it."""
    from dispute.model import Civility
    case, number = ufc_mandate_scanned()
    case.subscriber.civility = Civility.COUPLE
    case.subscriber.name = "Claire et Paul Fontaine"
    case.exhibits = [x for x in case.exhibits if x.number != number]
    for e in case.events:
        e.exhibit_ids = [i for i in e.exhibit_ids if case.exhibit(i) is not None]
    body = _plain(text(LetterKind.MEDIATOR, case, date(2026, 7, 1)))
    assert ("à qui nous avons donné mandat le 20 juin 2026 (une copie vous en sera transmise "
            "séparément) ; vous pouvez lui adresser copie de vos échanges.") in body
    rows = {r.label: _plain(r.value) for r in compose(LetterKind.MEDIATOR, case,
                                                      date(2026, 7, 1)).annex.header}
    # 4.3: the couple are « Souscripteurs »; the nature in the letter's words
    assert rows["Souscripteurs du contrat"] == "Claire et Paul Fontaine"
    assert rows["Nature du litige"].startswith("L'interruption du service du")


def test_reminder_recalls_the_complaint_as_it_was() -> None:
    """7.1: relance of 22 April 2026: « … par lettre recommandée du 16 mars 2026, reçue le 18
    mars 2026, une réclamation relative à l'interruption du service du 2 mars au 21 avril 2026
    (51 jours). » — on 16 March the end was not known."""
    from tests.letter_matrix import _example
    case = _example("panne-fibre-particulier")
    case.events = [e for e in case.events if e.date is None or e.date <= date(2026, 4, 22)]
    case.credits = []
    body = _plain(text(LetterKind.REMINDER, case, date(2026, 4, 22)))
    assert "réclamation relative à l'interruption du service depuis le 2 mars 2026." in body
    assert ("Le service n'a été rétabli que le 21 avril 2026 (51 jours). Cette réclamation est "
            "restée sans réponse à ce jour.") in body
    assert "du 2 mars au 21 avril 2026 (51 jours). Elle" not in body


def test_checklist_says_which_pieces_no_source_requires() -> None:
    """9.6: « Pièce d'identité du souscripteur », « Preuve du paiement » presented as asked by
    the mediator, while LEGAL-2026-12 § 6 could not confirm it."""
    from documents.mediator_checklist import mediator_checklist
    from tests.letter_matrix import _example
    labels = [i.label for i in mediator_checklist(_example("panne-fibre-particulier"))]
    assert "Pièce d'identité du souscripteur (utile, non exigée par une source lue)" in labels
    assert "Preuve du paiement des sommes contestées (utile, non exigée par une source lue)" \
        in labels


def test_business_mediator_sheet_states_the_amount_at_stake() -> None:
    """5.2: « Montant en jeu : [à compléter] » while the mise en demeure of the same case
    quantified the prorata (e1)."""
    rows = _plain(text(LetterKind.BUSINESS_MEDIATOR, ei_sfr()))
    assert ("Indemnisation du préjudice, à chiffrer. Le geste commercial de 49,90 € HT accordé "
            "le 8 septembre 2026 couvre le remboursement de l'abonnement au prorata (38,63 € HT "
            ": 49,90 € HT × 24/31) ; son solde, 11,27 € HT, viendra en déduction de "
            "l'indemnisation du préjudice causé par la coupure de la ligne du 4 au 27 août "
            "2026.") in rows
    case = ei_sfr()
    case.credits = []
    rows = _plain(text(LetterKind.BUSINESS_MEDIATOR, case))
    assert ("38,63 € HT (46,36 € TTC) : 49,90 € HT × 24/31 (remboursement de l'abonnement au "
            "prorata) ; plus l'indemnisation du préjudice, à chiffrer") in rows


# -- review4 N1: a business's billing dispute names no unprovided service ----------------------


@pytest.mark.parametrize("kind", [LetterKind.FORMAL_NOTICE, LetterKind.SERVICE_CLIENTS])
def test_review4_n1_a_billing_dispute_alone_has_no_service_reminder(kind) -> None:
    case = _business(BusinessForm.COMPANY)
    case.natures = [DisputeNature.BILLING]
    letter = _plain(text(kind, case))
    assert "tenue de fournir le service prévu au contrat" not in letter
    assert "responsable de plein droit" not in letter
    case.natures = [DisputeNature.BILLING, DisputeNature.OUTAGE]
    letter = _plain(text(kind, case))
    assert ("tenue de fournir le service prévu au contrat" in letter
            or "responsable de plein droit" in letter)
