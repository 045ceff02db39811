"""The practitioner's review of the generated documents (/work/coord/review-letters.md),
section 0: what every letter shares (T1–T15). Each test quotes the text the reviewer refused
and fails on the code it was written against."""

from __future__ import annotations

import copy
import re
from datetime import date
from decimal import Decimal

from dispute.model import (
    BusinessForm,
    Civility,
    Counterpart,
    Credit,
    CreditKind,
    DisputeNature,
    Event,
    EventKind,
    Exhibit,
    HandlingStructure,
    InvoiceLine,
    InvoiceReason,
    PostalAddress,
    RegisteredMail,
    StructureKind,
    TaxBasis,
)
from dispute.model import Voice as SummaryVoice
from dispute.procedure import assess
from documents.dossier import DossierTarget, compose_target_letters
from documents.letter_settings import LetterSettings
from documents.letters import LetterKind, available_letters, compose_letter
from documents.letters.voice import structure_named
from tests.letter_matrix import _business, _example, _private
from tests.test_letters_practitioner import text_of

NOV = date(2026, 11, 22)
STRUCTURE_SIGNS = LetterSettings(structure_signs=True)


def compose(kind, case, today=NOV, settings=None):
    return compose_letter(kind, case, assess(case, today), settings or LetterSettings(), today)


def company_with_credit():
    """Case E of the review: a SAS, one HT line and one TTC line, an HT credit deducted."""
    case = _business(BusinessForm.COMPANY)
    case.invoice_lines = [
        InvoiceLine(invoice_number="FP-07", invoice_date=date(2026, 7, 1), label="Doublon",
                    amount_billed=Decimal("49.99"), amount_disputed=Decimal("49.99"),
                    reason=InvoiceReason.DOUBLE_BILLING, tax_basis=TaxBasis.HT),
        InvoiceLine(invoice_number="FP-07", invoice_date=date(2026, 7, 1), label="Frais",
                    amount_billed=Decimal("36.00"), amount_disputed=Decimal("36.00"),
                    reason=InvoiceReason.NOT_ORDERED, tax_basis=TaxBasis.TTC)]
    case.credits = [Credit(kind=CreditKind.CREDIT, amount=Decimal("10.00"),
                           tax_basis=TaxBasis.HT, date=date(2026, 8, 20),
                           invoice_number="FP-07", deducted=True)]
    return case


def past_one_year():
    """Case G: first written complaint on 1 September 2025, letter of 22 November 2026."""
    case = _private(Civility.MR, "Jean Morel", True)
    case.natures = [DisputeNature.TERMINATION]
    case.events = [Event(kind=EventKind.REGISTERED_LETTER, date=date(2025, 9, 1), written=True,
                         counterpart=Counterpart.SERVICE_CLIENTS, summary="Réclamation.",
                         registered=RegisteredMail("1A 9", date(2025, 9, 1), date(2025, 9, 3),
                                                   date(2025, 9, 3)))]
    case.exhibits = []
    return case


# --- T1, T6: one sum, no alternative, no nested brackets ------------------------------------


def test_t1_a_business_claim_is_one_sum_not_soit_ht_soit_ttc() -> None:
    """T1 — « soit 151,36 € HT, soit 181,63 € TTC » reads as an alternative."""
    case = _business(BusinessForm.COMPANY)
    for kind in (LetterKind.FORMAL_NOTICE, LetterKind.CPME, LetterKind.BILLING,
                 LetterKind.SERVICE_CLIENTS):
        text = text_of(compose(kind, case))
        assert "HT, soit" not in text, kind
        assert "151,36 € HT (181,63 € TTC)" in text, kind


def test_t1_t6_a_deducted_credit_is_said_without_three_levels_of_brackets() -> None:
    """T1/T6 — E: « soit 69,99 € HT, soit 83,99 € TTC (79,99 € HT, soit 95,99 € TTC
    contestés, déduction faite de l'avoir de 10,00 € HT accordé le 20 août 2026 (facture n°
    FP-07)), par virement ou sous forme d'avoir »."""
    text = text_of(compose(LetterKind.FORMAL_NOTICE, company_with_credit()))
    assert ("soit 69,99 € HT (83,99 € TTC) : 79,99 € HT (95,99 € TTC) contestés, moins "
            "l'avoir de 10,00 € HT accordé le 20 août 2026 sur la facture n° FP-07") in text
    assert "déduction faite" not in text and "))" not in text


def test_t6_a_private_claim_with_a_credit_has_no_nested_brackets() -> None:
    """T6 — « soit 19,99 € (24,99 € contestés, déduction faite de l'avoir de 5,00 € accordé
    le 20 septembre 2026 (facture n° M-0926)). »"""
    case = _example("panne-fibre-particulier")
    # once the service is back: on 1 April the outage still ran, and the sum to date is the
    # days elapsed, not the invoices' lines (review5 10)
    text = text_of(compose(LetterKind.SERVICE_CLIENTS, case, date(2026, 6, 20)))
    assert "45,02 € : 55,02 € contestés, moins le geste commercial de 10,00 €" in text
    assert "(facture n°" not in text


# --- T2, T11: letters that do not apply ---------------------------------------------------


def test_t2_a_business_mediator_dossier_holds_no_mediator_saisine() -> None:
    """T2 — `dossier … --target mediator` for the company: « Notre première réclamation
    écrite date du 14 avril 2026 : la présente saisine intervient dans le délai d'un an prévu
    par les textes » — the telecom mediator is for private customers only."""
    case = _business(BusinessForm.COMPANY)
    docs, warnings = compose_target_letters(case, assess(case, NOV), DossierTarget.MEDIATOR,
                                            None, NOV)
    assert not any(d.composed.kind is LetterKind.MEDIATOR for d in docs)
    assert any("non joint" in w and "ne s'applique pas" in w for w in warnings), warnings


def test_t2_a_private_cpme_dossier_holds_no_cpme_request() -> None:
    """T2 — panne, `--target cpme`: « Ce litige concerne notre entreprise adhérente Claire
    Fontaine. »"""
    case = _example("panne-fibre-particulier")
    docs, _ = compose_target_letters(case, assess(case, NOV), DossierTarget.CPME, None, NOV)
    assert not any(d.composed.kind is LetterKind.CPME for d in docs)


def test_t2_past_the_year_the_saisine_does_not_claim_to_be_within_it() -> None:
    """T2 / 6.1 — G: « la présente saisine intervient dans le délai d'un an prévu par les
    textes » — false on 22 November 2026 for a first written complaint of 1 September 2025."""
    composed = compose(LetterKind.MEDIATOR, past_one_year())
    text = text_of(composed)
    assert "dans le délai d'un an" not in text
    assert "Ma première réclamation écrite date du 1er septembre 2025." in text
    assert text.splitlines()[1].startswith("PROJET — NE PAS ENVOYER.")


def test_t2_a_business_saisine_composed_anyway_is_marked_and_makes_no_claim() -> None:
    """T2 — the letter composed from the letters tab for a business: marked « PROJET — NE
    PAS ENVOYER », and no « délai d'un an » sentence."""
    text = text_of(compose(LetterKind.MEDIATOR, _business(BusinessForm.COMPANY)))
    assert "PROJET — NE PAS ENVOYER." in text
    assert "délai d'un an" not in text


def test_t11_definitive_is_not_pas_encore_and_premature_says_from_when() -> None:
    """T11 — « Ce courrier ne correspond pas encore à l'état du dossier : Le Médiateur des
    communications électroniques est réservé aux clients particuliers »."""
    business = compose(LetterKind.MEDIATOR, _business(BusinessForm.COMPANY))
    assert not any("pas encore" in w for w in business.warnings)
    assert any(w.startswith("Ce courrier ne s'applique pas à ce dossier : le Médiateur")
               and w.endswith("Ne l'envoyez pas.") for w in business.warnings)
    case = _private(Civility.MRS, "Claire Fontaine", True)
    case.events = [Event(kind=EventKind.EMAIL, date=date(2026, 11, 1), written=True,
                         counterpart=Counterpart.SERVICE_CLIENTS, summary="Réclamation.")]
    status = {a.kind: a for a in available_letters(case, assess(case, NOV))}
    assert status[LetterKind.MEDIATOR].state == "premature"
    early = compose(LetterKind.MEDIATOR, case)
    assert any(w.startswith("Ce courrier est prématuré") for w in early.warnings)
    assert "PROJET — NE PAS ENVOYER AVANT LE" in text_of(early)


# --- T3, T4: the nature of the dispute ----------------------------------------------------


def test_t3_the_mandate_and_the_conciliateur_elide_au_sujet_d_une() -> None:
    """T3 — « dans le litige qui l'oppose à Orange au sujet de une facturation erronée »."""
    case = _business(BusinessForm.COMPANY)
    for kind in (LetterKind.MANDATE, LetterKind.CONCILIATEUR):
        text = text_of(compose(kind, case))
        assert "au sujet de une" not in text and "au sujet d'une facturation erronée" in text


def test_t4_an_outage_is_told_with_its_dates_not_a_form_label() -> None:
    """T4 — « concernant une panne ou interruption du service » ; objet « Mise en demeure —
    panne ou interruption du service »."""
    case = _example("panne-fibre-particulier")
    for kind in (LetterKind.FORMAL_NOTICE, LetterKind.MEDIATOR, LetterKind.SERVICE_CLIENTS):
        text = text_of(compose(kind, case))
        assert "panne ou interruption" not in text, kind
        assert "interruption du service du 2 mars au 21 avril 2026 (51 jours)" in text, kind
    subject = compose(LetterKind.FORMAL_NOTICE, case).letter.subject.replace("\u00a0", " ")
    assert subject == "Mise en demeure — interruption du service du 2 mars au 21 avril 2026 " \
                      "(51 jours)"


# --- T5: credits not deducted ---------------------------------------------------------------


def test_t5_no_user_note_and_no_n_est_pas_deduit_in_a_letter() -> None:
    """T5 — « L'avoir de 15,00 € HT accordé le 30 avril 2026 (facture n° F2604-0031872)
    n'est pas déduit de la présente demande : Avoir sur l'option d'avril ; la ligne contestée
    est celle de mai. »"""
    case = _business(BusinessForm.COMPANY)
    text = text_of(compose(LetterKind.FORMAL_NOTICE, case))
    assert "n'est pas déduit" not in text and "Avoir sur l'option" not in text
    assert ("L'avoir de 15,00 € HT accordé le 30 avril 2026 sur la facture n° F2604-0031872 "
            "portait sur d'autres sommes que celles réclamées ici : il n'y a donc rien à en "
            "déduire.") in text


def test_t5_a_gesture_not_deducted_is_not_announced_to_the_operator() -> None:
    """T5 — B: « Le geste commercial de 2,00 € accordé le 21 septembre 2026 n'est pas déduit
    de la présente demande : bon d'achat boutique, non déduit. »"""
    case = _example("panne-fibre-particulier")
    case.credits.append(Credit(kind=CreditKind.GESTURE, amount=Decimal("2.00"),
                               date=date(2026, 9, 21), deducted=False,
                               note="bon d'achat boutique, non déduit"))
    composed = compose(LetterKind.FORMAL_NOTICE, case)
    assert "2,00 €" not in text_of(composed) and "bon d'achat" not in text_of(composed)
    assert any("2,00\u00a0€" in w and "n'est pas mentionné" in w for w in composed.warnings)


def test_t5_a_gesture_without_a_quantified_claim_is_a_sentence() -> None:
    """T5 — K: « Pour mémoire : le geste commercial de 49,90 € HT accordé le 8 septembre
    2026. » (no verb). Without a price the prorata is not computed: the gesture comes off the
    indemnity (with a price it covers the prorata first: review3 2.1,
    tests/test_review3_letters.py)."""
    case = _business(BusinessForm.SOLE_TRADER)
    case.invoice_lines = []
    case.contract.monthly_price = None
    case.credits = [Credit(kind=CreditKind.GESTURE, amount=Decimal("49.90"),
                           tax_basis=TaxBasis.HT, date=date(2026, 9, 8), deducted=False)]
    text = text_of(compose(LetterKind.FORMAL_NOTICE, case))
    assert "Pour mémoire" not in text
    assert ("Le geste commercial de 49,90 € HT accordé le 8 septembre 2026 ne répare pas le "
            "préjudice subi ; il viendra en déduction de l'indemnisation finale.") in text


# --- T7, T9: names and roles ------------------------------------------------------------------


def test_t7_structures_take_their_article() -> None:
    """T7 — « Je suis accompagnée dans cette démarche par UFC-Que Choisir de l'Orne » ;
    « Mandat signé … au profit de UFC-Que Choisir de l'Orne »."""
    case = _private(Civility.MRS, "Lucie Garnier", True)
    case.handling_structure = HandlingStructure(
        name="UFC-Que Choisir de l'Orne", contact_name="Bernard Petit",
        contact_role="bénévole juriste", kind=StructureKind.CONSUMER_ASSOCIATION,
        address=PostalAddress(["2 place du Marché"], "61000", "Alençon"))
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 3, 1),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True,
                             summary="Mandat signé."))
    text = text_of(compose(LetterKind.MEDIATOR, case))
    assert "accompagnée dans cette démarche par l'UFC-Que Choisir de l'Orne" in text
    # the enclosure line of a scanned mandate the letter does not enclose as an exhibit (a
    # mandate signed but not scanned is not announced at all: review2 13.1)
    from documents.letters.core import Notes
    from documents.letters.mandate_status import mandate_enclosure
    from documents.letters.voice import voice_for

    scan = Exhibit(number=len(case.exhibits) + 1, title="Mandat", date=date(2026, 3, 1))
    case.exhibits.append(scan)
    case.events[-1].exhibit_ids = [scan.id]
    voice = voice_for(case, LetterSettings(), Notes(), structure_allowed=False)
    assert mandate_enclosure(case, voice, Notes(), exhibit_ids=[]).endswith(
        "au profit de l'UFC-Que Choisir de l'Orne")
    assert structure_named("CPME du Calvados") == "la CPME du Calvados"
    assert structure_named("Les Amis du Bocage", StructureKind.CONSUMER_ASSOCIATION) == \
        "les Amis du Bocage"
    assert structure_named("Aide Télécom 61", StructureKind.CONSUMER_ASSOCIATION) == \
        "l'association Aide Télécom 61"


def test_t7_warnings_elide_the_operator() -> None:
    """T7 — « SIRET de Orange manquant », « SIREN de Orange inconnu »."""
    case = _business(BusinessForm.COMPANY)
    for kind in (LetterKind.BUSINESS_MEDIATOR, LetterKind.COURT_REQUEST):
        warnings = " ".join(compose(kind, case).warnings)
        assert " de Orange" not in warnings, kind


def test_t9_roles_are_capitalised_on_the_signature_and_not_in_the_text() -> None:
    """T9 — « présidente, Les Amis du Bocage » under the signature; « Nadia Garnier,
    Chargée de mission entreprises » in the text."""
    case = _business(BusinessForm.ASSOCIATION)
    case.subscriber.representative_role = "présidente"
    letter = compose(LetterKind.FORMAL_NOTICE, case).letter
    assert letter.signature.role.startswith("Présidente, ")
    structure = _business(BusinessForm.COMPANY)
    structure.handling_structure.contact_role = "Chargée de mission entreprises"
    assert "Nadia Garnier, chargée de mission entreprises" in \
        compose(LetterKind.SERVICE_CLIENTS, structure).letter.followed_by
    mandate = text_of(compose(LetterKind.MANDATE, structure))
    assert "Chargée de mission" not in mandate


# --- T8, T15: the operator's identity ---------------------------------------------------------


def test_t8_a_business_formal_notice_goes_to_the_known_siege() -> None:
    """T8 / 5.4 — « Orange / Service clients / ADRESSE À COMPLÉTER » and « siège social
    d'Orange (adresse non renseignée) » although the directory has it."""
    case = _business(BusinessForm.COMPANY)
    case.operator.head_office_address = PostalAddress()
    composed = compose(LetterKind.FORMAL_NOTICE, case)
    assert composed.letter.recipient == ("Orange", "Siège social",
                                         "111 quai du Président Roosevelt",
                                         "92130 ISSY-LES-MOULINEAUX")
    assert any("repris de l'annuaire" in w for w in composed.warnings)
    assert not any("adresse non renseignée" in w for w in composed.warnings)


def test_t8_t15_bouygues_is_spelt_as_its_register_and_its_siege_is_known() -> None:
    """T8 / T15 — « Une mise en demeure peut aussi être adressée au siège social de Bouygues
    Télécom (adresse non renseignée…) » ; « Bouygues Télécom » above « Service Consommateurs
    Bouygues Telecom »."""
    case = _example("panne-fibre-particulier")
    composed = compose(LetterKind.FORMAL_NOTICE, case)
    assert composed.letter.recipient[0] == "Bouygues Telecom"
    assert "Bouygues Télécom" not in text_of(composed)
    assert any("siège social de Bouygues Telecom : 37-39 rue Boissière, 75116 PARIS" in w
               for w in composed.warnings), composed.warnings


# --- T10, T12, T13, T14 -------------------------------------------------------------------------


def test_t10_the_mediator_sheet_says_ht_and_never_adds_ht_to_ttc() -> None:
    """T10 / 6.2 — fiche « Montant contesté | 85,99 € » (49,99 € HT + 36,00 € TTC added) and
    « Offre souscrite | …, 89,00 € par mois »."""
    case = company_with_credit()
    annex = compose(LetterKind.MEDIATOR, case).annex
    rows = {r.label: r.value.replace("\u00a0", " ") for r in annex.header}
    # the disputed amount and what remains, one a row (review3 4.1)
    assert rows["Montant contesté"] == "79,99 € HT (95,99 € TTC)"
    assert rows["Reste demandé"].startswith("69,99 € HT (83,99 € TTC), déduction faite de")
    assert "85,99" not in rows["Montant contesté"]
    assert rows["Offre souscrite"].endswith("89,00 € HT par mois")


def test_t12_an_act_does_not_quote_the_summary_as_a_third_party() -> None:
    """T12 — mise en demeure signed by Mme Fontaine: « Exposé des faits : « Du 2 mars au 21
    avril 2026, l'accès fibre de Mme Fontaine … Elle a appelé le service clients… » »."""
    case = _example("panne-fibre-particulier")
    letter = compose(LetterKind.FORMAL_NOTICE, case).letter
    texts = [getattr(b, "text", "").replace("\u00a0", " ") for b in letter.body]
    # nor recalled as it is: the signer would speak of herself in the third person (review2
    # 2.1); the dated steps state the facts, and a warning asks for a first-person summary
    assert not any("résumé du dossier" in t or "Elle a appelé" in t for t in texts)
    assert not any(t.startswith("«") for t in texts)
    assert not any(r.italic for b in letter.body for r in getattr(b, "runs", ()))


def test_t13_the_mandate_signature_is_not_a_step_towards_the_operator() -> None:
    """T13 — « 16 septembre 2026 — Signature du mandat donné à la structure
    d'accompagnement. Mandat signé. » under « Mes démarches préalables auprès de
    l'opérateur »."""
    case = _private(Civility.MRS, "Lucie Garnier", True)
    case.handling_structure = copy.deepcopy(_business(BusinessForm.COMPANY).handling_structure)
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 4, 2),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True,
                             summary="Mandat signé."))
    for kind in (LetterKind.MEDIATOR, LetterKind.DGCCRF, LetterKind.CONCILIATEUR):
        assert "Signature du mandat" not in text_of(compose(kind, case)), kind


def test_t14_the_engine_says_service_clients_for_a_business_too() -> None:
    """T14 — « Le service client a répondu le 22 juin 2026 » next to « votre service
    clients »."""
    case = _business(BusinessForm.COMPANY)
    reasons = " ".join(a.reason for a in available_letters(case, assess(case, NOV)))
    assert not re.search(r"service client(?!s)", reasons) and "service clients" in reasons


def test_t10_an_amount_typed_without_ht_or_ttc_is_pointed_out() -> None:
    """T10 — résumé et étapes « avoir partiel de 15 € », « Avoir de 15 € pour l'option
    d'avril » next to « 15,00 € HT »."""
    case = _business(BusinessForm.COMPANY)
    warnings = compose(LetterKind.FORMAL_NOTICE, case).warnings
    assert any("montant sans HT ni TTC (« 15 € »" in w.replace("\u00a0", " ")
               for w in warnings), warnings
    private = _example("panne-fibre-particulier")
    assert not any("sans HT ni TTC" in w
                   for w in compose(LetterKind.FORMAL_NOTICE, private).warnings)
