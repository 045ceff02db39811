"""The second practitioner reading (/work/coord/review2-letters.md, helper review2): each
BLOQUANT and À CORRIGER it lists is a test quoting the text the reviewer refused."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from dispute.model import (
    BusinessForm,
    Civility,
    Counterpart,
    CreditKind,
    DisputeNature,
    HandlingStructure,
    PostalAddress,
    StructureKind,
)
from documents.letter_settings import LetterSettings
from documents.letters import LetterKind
from documents.text import plain
from tests.letter_matrix import _business, _private
from tests.test_review_third_party_letters import compose, refused_opinion, text

STRUCTURE_SIGNS = LetterSettings(structure_signs=True)

UFC = HandlingStructure(
    name="UFC-Que Choisir de l'Orne", contact_name="Bernard Lemoine",
    contact_role="Juriste bénévole",
    address=PostalAddress(["5 rue du Château"], "61000", "Alençon"),
    email="b.lemoine@ufc-orne.example", phone="02 99 00 11 22",
    kind=StructureKind.CONSUMER_ASSOCIATION, identifier="W611000000",
    member_number="UFC-61-2044", member_since=date(2026, 2, 10))


def couple_ufc():
    case = _private(Civility.COUPLE, "Claire et Paul Fontaine", False)
    case.handling_structure = copy.deepcopy(UFC)
    return case


# -- 18.1 « relative à le transfert », « obligation … de exécuter » ------------------------


@pytest.mark.parametrize("kind", [LetterKind.SERVICE_CLIENTS, LetterKind.SERVICE_CONSOMMATEURS,
                                  LetterKind.REMINDER])
def test_18_1_relative_au_transfert(kind) -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.natures = [DisputeNature.TRANSFER_ON_MOVE]
    letter = plain(text(kind, case))
    assert "à le " not in letter and "relative au transfert de la ligne" in letter


def test_18_1_no_obligation_to_execute_the_contract() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.natures = [DisputeNature.OTHER]
    notice = plain(text(LetterKind.FORMAL_NOTICE, case))
    assert "de exécuter" not in notice
    assert "Vous n'avez pas exécuté le contrat conformément à ses stipulations" in notice
    request = plain(text(LetterKind.COURT_REQUEST, refused_opinion_with([DisputeNature.OTHER])))
    assert "L'opérateur n'a pas exécuté le contrat conformément à ses stipulations." in request
    case.natures = [DisputeNature.OUTAGE, DisputeNature.OTHER, DisputeNature.TERMINATION]
    notice = plain(text(LetterKind.FORMAL_NOTICE, case))
    assert ("votre obligation contractuelle de fournir le service prévu au contrat et de "
            "prendre en compte la résiliation demandée, du 2 mars") in notice


def refused_opinion_with(natures):
    case = refused_opinion()
    case.natures = natures
    return case


# -- 5.3 (suggestion taken) « notamment » ----------------------------------------------------


def test_5_3_no_notamment() -> None:
    notice = plain(text(LetterKind.FORMAL_NOTICE, _private(Civility.MRS, "Claire Fontaine",
                                                           False)))
    assert "notamment" not in notice
    assert "prévu au contrat, du 2 mars au 21 avril 2026 (51 jours)." in notice


# -- 6.1 CPME: « notre structure … de la structure elle-même … elle est » --------------------


def test_6_1_the_cpme_request_speaks_as_we() -> None:
    letter = plain(text(LetterKind.CPME, _business(BusinessForm.COMPANY)))
    assert "de la structure elle-même" not in letter
    assert ("Conformément à vos consignes, nous centralisons les litiges télécoms de notre "
            "structure et de nos entreprises adhérentes, et sommes votre seul interlocuteur "
            "pour ce dossier.") in letter


# -- 7.1, 7.2 DGCCRF ------------------------------------------------------------------------


def test_7_1_the_verb_agrees_with_a_couple() -> None:
    letter = plain(text(LetterKind.DGCCRF, couple_ufc(), settings=STRUCTURE_SIGNS))
    assert "que rencontre nos adhérents" not in letter
    assert "les difficultés que rencontrent nos adhérents" in letter


def test_7_2_one_disputed_amount_then_what_remains() -> None:
    letter = plain(text(LetterKind.DGCCRF, _private(Civility.MRS, "Claire Fontaine", False)))
    assert "s'élève à 45,02 € :" not in letter
    assert ("Le montant contesté est de 55,02 € ; déduction faite du geste commercial de "
            "10,00 € accordé le 15 juin 2026, il reste 45,02 € en litige.") in letter
    company = _business(BusinessForm.COMPANY)
    company.credits[0].deducted = True
    letter = plain(text(LetterKind.DGCCRF, company))
    assert ("Le montant contesté est de 151,36 € HT (181,63 € TTC) ; déduction faite de "
            "l'avoir de 15,00 € HT accordé le 30 avril 2026") in letter
    assert "il reste 136,36 € HT (163,63 € TTC) en litige." in letter


# -- 10.1, 10.2 mandate ---------------------------------------------------------------------


def test_10_1_no_a_verifier_in_the_signed_act() -> None:
    composed = compose(LetterKind.MANDATE, couple_ufc())
    letter = plain(text(LetterKind.MANDATE, couple_ufc()))
    assert "à vérifier" not in letter and "(Code civil, art. 1984)." in letter
    assert any("1987" in w and "1988" in w and "à vérifier" in w for w in composed.warnings)


def test_10_2_the_structure_is_representee() -> None:
    letter = plain(text(LetterKind.MANDATE, couple_ufc()))
    assert "représenté pour" not in letter
    assert "représentée pour ce dossier par Bernard Lemoine" in letter
    cpme = plain(text(LetterKind.MANDATE, _business(BusinessForm.COMPANY)))
    assert "la CPME" in cpme and "représentée pour ce dossier par" in cpme


# -- 3.1, 3.2, 3.3, 14.1 the court request --------------------------------------------------


def test_3_1_the_principal_is_one_sum() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    sheet = plain(text(LetterKind.COURT_REQUEST, case))
    assert "Montant total demandé en principal : 45,02 €." in sheet
    assert ("Ce montant correspond à 55,02 € contestés, moins le geste commercial de 10,00 € "
            "accordé le 15 juin 2026.") in sheet
    assert "45,02 € : 55,02 €" not in sheet.split("Montant total")[1]


def test_14_1_a_business_claims_one_ttc_sum_and_no_avoir() -> None:
    company = _business(BusinessForm.COMPANY)
    company.credits[0].deducted = True
    sheet = plain(text(LetterKind.COURT_REQUEST, company))
    assert "Montant total demandé en principal : 163,63 € TTC." in sheet
    assert ("Ce montant correspond à 136,36 € HT : 151,36 € HT (181,63 € TTC) contestés, "
            "moins l'avoir de 15,00 € HT accordé le 30 avril 2026") in sheet
    assert "par virement ou par avoir" not in sheet


def test_3_2_the_mediator_s_opinion_without_an_exhibit_is_asked_for() -> None:
    case = refused_opinion()
    for ev in case.events:
        if ev.counterpart is Counterpart.MEDIATOR:
            ev.exhibit_ids = []
    warnings = compose(LetterKind.COURT_REQUEST, case).warnings
    assert any("Joignez l'avis du médiateur du 25 juillet 2026" in w for w in warnings)
    assert any("preuve de la saisine du 2 mai 2026" in w for w in warnings)
    warnings = compose(LetterKind.COURT_REQUEST, refused_opinion()).warnings  # attached
    assert not any("Joignez l'avis" in w for w in warnings)


@pytest.mark.parametrize("kind", [LetterKind.COURT_REQUEST, LetterKind.PROCUREUR])
def test_3_3_no_dossier_suivi_par_on_an_act(kind) -> None:
    case = refused_opinion()
    case.handling_structure = copy.deepcopy(UFC)
    assert compose(kind, case).letter.followed_by == ""
    conciliateur = compose(LetterKind.CONCILIATEUR, case).letter
    assert "UFC-Que Choisir de l'Orne" in conciliateur.followed_by


# -- Grammalecte over what the matrix did not cover (18.1, 7.1) -----------------------------


def test_every_nature_and_a_couple_the_structure_signs_for_pass_grammalecte() -> None:
    """The matrix of tests/test_letters_grammar.py has no « transfert », « autre » nor a
    couple for whom a structure signs: the review found « relative à le transfert », « de
    exécuter » and « que rencontre nos adhérents » there."""
    from documents.letters import SPECS
    from tests.grammar import check_texts, unavailable_reason
    from tests.test_letters_grammar import MISSING_ELISION, _accepted, _elision_accepted, \
        letter_text

    if unavailable_reason() is not None:
        pytest.skip(unavailable_reason())
    texts = []
    for nature in DisputeNature:
        case = _private(Civility.MRS, "Claire Fontaine", False)
        case.natures = [nature]
        for kind in SPECS:
            texts.append(letter_text(compose(kind, case).letter))
    for case in (couple_ufc(), _signed(couple_ufc(), scanned=False),
                 _signed(couple_ufc(), scanned=True)):
        for kind in SPECS:
            texts.append(letter_text(compose(kind, case, settings=STRUCTURE_SIGNS).letter))
    for kind in SPECS:  # the subscriber signs, the structure helps (the mediator's sentence)
        texts.append(letter_text(compose(kind, _signed(couple_ufc(), scanned=False)).letter))
    errors = [(e.found, e.context) for found in check_texts(texts) for e in found
              if not _accepted(e)]
    assert not errors, errors
    elisions = [m.group(0) for t in texts for m in MISSING_ELISION.finditer(t)
                if not _elision_accepted(m.group(0))]
    assert not elisions, elisions


# -- 1.1 BLOQUANT, 13.1 the mandate the structure acts under ----------------------------------


def _signed(case, scanned: bool):
    from dispute.model import Event, EventKind, Exhibit

    ids = []
    if scanned:
        scan = Exhibit(number=len(case.exhibits) + 1, title="Mandat signé",
                       date=date(2026, 6, 20))
        case.exhibits.append(scan)
        ids = [scan.id]
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 6, 20),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True,
                             exhibit_ids=ids))
    return case


@pytest.mark.parametrize("kind", [LetterKind.SERVICE_CLIENTS, LetterKind.SERVICE_CONSOMMATEURS,
                                  LetterKind.BILLING, LetterKind.REMINDER, LetterKind.DGCCRF])
def test_1_1_a_letter_the_structure_signs_cites_its_mandate(kind) -> None:
    scanned = _signed(couple_ufc(), scanned=True)
    number = scanned.exhibits[-1].number
    composed = compose(kind, scanned, settings=STRUCTURE_SIGNS)
    letter = plain(text(kind, scanned, settings=STRUCTURE_SIGNS))
    assert (f"Nous agissons en vertu du mandat qu'ils nous ont donné le 20 juin 2026 (pièce "
            f"n° {number}).") in letter
    assert any(e.number == number for e in composed.letter.enclosures)
    # signed, not scanned: said, never « joint »
    composed = compose(kind, _signed(couple_ufc(), scanned=False), settings=STRUCTURE_SIGNS)
    letter = plain(text(kind, _signed(couple_ufc(), scanned=False), settings=STRUCTURE_SIGNS))
    assert ("Nous agissons en vertu du mandat qu'ils nous ont donné le 20 juin 2026 ; une copie "
            "vous en sera transmise séparément.") in letter
    assert not any("andat" in e.title for e in composed.letter.enclosures)
    assert any("Numérisez-le" in w for w in composed.warnings)
    # the subscriber signing: no such sentence
    assert "en vertu du mandat" not in plain(text(kind, _signed(couple_ufc(), scanned=True)))


def test_13_1_the_mediator_and_cpme_never_announce_a_mandate_they_do_not_hold() -> None:
    case = _signed(couple_ufc(), scanned=False)
    composed = compose(LetterKind.MEDIATOR, case, today=date(2026, 7, 15))
    letter = plain(text(LetterKind.MEDIATOR, case, today=date(2026, 7, 15)))
    assert "(ci-joint)" not in letter and "au profit de" not in letter
    assert not any("andat" in e.title for e in composed.letter.enclosures)
    company = _business(BusinessForm.COMPANY)
    _signed(company, scanned=False)
    cpme = compose(LetterKind.CPME, company, today=date(2026, 7, 1))
    letter = plain(text(LetterKind.CPME, company, today=date(2026, 7, 1)))
    assert "(mandat joint)" not in letter
    assert not any("andat" in e.title for e in cpme.letter.enclosures)
    _signed(company := _business(BusinessForm.COMPANY), scanned=True)
    letter = plain(text(LetterKind.CPME, company, today=date(2026, 7, 1)))
    assert f"nous a donné mandat le 20 juin 2026 (pièce n° {company.exhibits[-1].number})." \
        in letter


# -- 2.1 an act does not make its signer speak of herself in the third person ---------------


@pytest.mark.parametrize("kind", [LetterKind.FORMAL_NOTICE, LetterKind.COURT_REQUEST,
                                  LetterKind.CONCILIATEUR, LetterKind.PROCUREUR])
def test_2_1_a_neutral_summary_is_not_in_an_act(kind) -> None:
    case = refused_opinion()  # neutral summary « L'abonnée a été privée d'internet … »
    composed = compose(kind, case)
    letter = plain(text(kind, case))
    assert "résumé du dossier" not in letter
    assert "L'abonnée a été privée" not in letter
    assert any("première personne" in w for w in composed.warnings)
    mine = refused_opinion()
    from dispute.model import Voice as SummaryVoice

    mine.summary, mine.summary_voice = ("J'ai été privée d'internet du 1er au 31 janvier "
                                        "2026."), SummaryVoice.SUBSCRIBER
    assert "J'ai été privée d'internet" in plain(text(kind, mine))


# -- 8.1 the L.34-2 prescription near: every letter that claims the lines warns -------------


@pytest.mark.parametrize("kind", [LetterKind.FORMAL_NOTICE, LetterKind.CPME,
                                  LetterKind.BUSINESS_MEDIATOR, LetterKind.BILLING])
def test_8_1_prescription_near_is_warned_in_every_claim(kind) -> None:
    company = _business(BusinessForm.COMPANY)
    warnings = compose(kind, company, today=date(2027, 4, 10)).warnings
    assert any("Ligne proche de la prescription" in w and "même une mise en demeure" in w
               for w in warnings), warnings
    assert not any("prescription" in w for w in compose(LetterKind.MANDATE, company,
                                                        today=date(2027, 4, 10)).warnings)


# -- 4.1 the court is the engine's: an association or an artisan is not sent to commerce ----


def test_4_1_an_association_s_request_is_the_tribunal_judiciaire_s() -> None:
    association = _business(BusinessForm.ASSOCIATION)
    composed = compose(LetterKind.COURT_REQUEST, association)
    letter = plain(text(LetterKind.COURT_REQUEST, association))
    assert "tribunal de commerce" not in letter.casefold()
    assert "Requête aux fins de saisine du tribunal judiciaire" in letter
    assert not any("853" in w for w in composed.warnings)
    assert any("762" in w for w in composed.warnings)
    mandate = plain(text(LetterKind.MANDATE, association))
    assert "art. 762" in mandate and "853" not in mandate
    company = plain(text(LetterKind.COURT_REQUEST, _business(BusinessForm.COMPANY)))
    assert "tribunal de commerce" in company


def test_4_1_a_sole_trader_whose_activity_is_not_said_is_to_check() -> None:
    trader = _business(BusinessForm.SOLE_TRADER)
    trader.subscriber.legal_form = "Entreprise individuelle"
    composed = compose(LetterKind.COURT_REQUEST, trader)
    letter = plain(text(LetterKind.COURT_REQUEST, trader))
    assert "Requête aux fins de saisine du tribunal judiciaire" in letter
    assert "tribunal de commerce" not in letter.casefold()
    assert not any("853" in w for w in composed.warnings)
    trader.subscriber.legal_form = "Entreprise individuelle, commerçant inscrit au RCS"
    assert "tribunal de commerce" in plain(text(LetterKind.COURT_REQUEST, trader))


# -- 17.1 a business's table adds up -----------------------------------------------------------


def test_17_1_a_line_typed_ttc_reads_ht_first_in_a_business_table() -> None:
    from dispute.model import TaxBasis

    company = _business(BusinessForm.COMPANY)
    mixed = company.invoice_lines[1]
    mixed.amount_billed = mixed.amount_disputed = Decimal("56.83")
    mixed.tax_basis = TaxBasis.TTC
    letter = plain(text(LetterKind.BILLING, company))
    assert "47,36 € HT (56,83 € TTC)" in letter
    assert "| 56,83 € TTC |" not in letter
    assert "Total |  |  | 151,36 € HT | 151,36 € HT" in letter


# -- 12.1 one spelling of the operator in one dossier ------------------------------------------


def test_12_1_the_chronology_and_the_readme_spell_the_operator_as_the_letters() -> None:
    from dispute.procedure import assess
    from documents.chronology import chronology_report
    from documents.dossier import DossierTarget, readme_text
    from documents.exhibit_index import exhibit_index_report

    case = _private(Civility.MRS, "Claire Fontaine", False)
    assert case.operator.name == "Bouygues Télécom"  # as typed in the example
    a = assess(case, date(2026, 11, 22))
    report = chronology_report(case, a, generated_on=date(2026, 11, 22), third_party=True)
    header = {r.label: r.value for r in report.header}
    assert header["Opérateur"] == "Bouygues Telecom"
    assert "Télécom" not in report.title + report.subtitle
    readme = readme_text(case, a, DossierTarget.COMPLETE, generated_on=date(2026, 11, 22),
                         letters=[], chronology="", index=[], exhibits=[])
    assert "c/ Bouygues Telecom" in readme and "Bouygues Télécom" not in readme
    index = exhibit_index_report(case, [], generated_on=date(2026, 11, 22))
    assert "Télécom" not in index.title + index.subtitle + " ".join(
        r.value for r in index.header)


# -- 5.1 the écrasement example records the gesture its answer announces ----------------------


def test_5_1_the_gesture_received_is_recorded_and_said() -> None:
    trader = _business(BusinessForm.SOLE_TRADER)  # the shipped example
    notice = plain(text(LetterKind.FORMAL_NOTICE, trader))
    # set against the prorata it covers (review3 2.1)
    assert ("Le geste commercial de 49,90 € HT accordé le 8 septembre 2026 couvre le "
            "remboursement de l'abonnement au prorata") in notice
    assert not any("mentionne un geste" in w
                   for w in compose(LetterKind.FORMAL_NOTICE, trader).warnings)
    trader.credits = []
    warnings = compose(LetterKind.FORMAL_NOTICE, trader).warnings
    assert any("La réponse du 8 septembre 2026 mentionne un geste commercial" in w
               for w in warnings)


# -- 7.3 (suggestion taken) the subscriber's position in the structure's voice --------------


def test_7_3_the_position_on_the_opinion_is_said_in_the_letter_s_voice() -> None:
    from dispute.model import AnswerOutcome, Direction, Event, EventKind, Party

    case = couple_ufc()
    case.events += [
        Event(kind=EventKind.SAISINE, date=date(2026, 7, 1), counterpart=Counterpart.MEDIATOR,
              written=True),
        Event(kind=EventKind.MEDIATOR_OPINION, date=date(2026, 9, 20),
              counterpart=Counterpart.MEDIATOR, written=True, direction=Direction.INCOMING,
              outcome=AnswerOutcome.PARTIAL),
        Event(kind=EventKind.PARTY_POSITION, date=date(2026, 9, 28),
              counterpart=Counterpart.MEDIATOR, written=True, party=Party.SUBSCRIBER,
              accepted=False)]
    letter = plain(text(LetterKind.DGCCRF, case, settings=STRUCTURE_SIGNS))
    assert "par l'abonné" not in letter
    assert "Nos adhérents, Claire et Paul Fontaine, ont refusé l'avis du médiateur" in letter
    mine = plain(text(LetterKind.DGCCRF, case))
    assert "Nous avons refusé l'avis du médiateur" in mine


# -- 12.2 (suggestion taken) the chronology's « Reste demandé » without nested brackets -----


def test_12_2_reste_demande_has_no_nested_brackets() -> None:
    from dispute.procedure import assess
    from documents.chronology import chronology_report

    company = _business(BusinessForm.COMPANY)
    company.credits[0].deducted = True
    report = chronology_report(company, assess(company, date(2026, 11, 22)),
                               generated_on=date(2026, 11, 22), third_party=True)
    value = plain({r.label: r.value for r in report.header}["Reste demandé"])
    assert value.startswith("136,36 € HT (163,63 € TTC) : 151,36 € HT (181,63 € TTC) "
                            "contestés, moins l'avoir de 15,00 € HT"), value
    assert "(18,00 € TTC)" not in value and "montant contesté moins" not in value
