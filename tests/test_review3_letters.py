"""The third practitioner's review of the letters (/work/coord/review3-letters.md): each test
builds the reviewer's case and quotes the text the reviewer refused or the wording to sign.

What remains claimed once the operator's credits are set against the quantified claim is
decided in one place (``claims.settlement``): the requête, the mise en demeure and the CPME
request read it (1.0, 2.1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
from documents.letters import LetterKind
from tests.letter_matrix import _business, _private
from tests.test_review_third_party_letters import compose, refused_opinion, sections, text

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
    assert "Montant total demandé en principal : [à compléter] € HT." in demand
    assert ("Ce montant correspond à l'indemnisation du préjudice, chiffrée à [à compléter] "
            "€ HT sur les pièces n° [à compléter], plus le remboursement de l'abonnement au "
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
    assert ("le remboursement de l'abonnement au prorata de la période sans service du 4 au "
            "27 août 2026, soit 28,63 € HT (34,36 € TTC) : 49,90 € HT × 24/31 = 38,63 € HT, "
            "moins le geste commercial de 10,00 € HT accordé le 8 septembre 2026") in demand
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
    assert "le remboursement des sommes indûment facturées, soit 151,36 € HT (181,63 € TTC)" \
        in demand
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
