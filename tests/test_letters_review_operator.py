"""The practitioner's review (/work/coord/review-letters.md), sections 1 to 7: the letters to
the operator (service clients, service consommateurs / recours interne, reminder, billing
contestation, mise en demeure), the mediator's saisine and its sheet, the CPME request and
its e-mail draft. Each test quotes the text the reviewer refused."""

from __future__ import annotations

import copy
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
    HandlingStructure,
    PostalAddress,
    RegisteredMail,
    StructureKind,
    TaxBasis,
)
from dispute.model import Voice as SummaryVoice
from dispute.procedure import assess
from documents.email_draft import cpme_email_body, cpme_email_message
from documents.letter_settings import LetterSettings
from documents.letters import LetterKind, available_letters
from tests.letter_matrix import _business, _example, _private
from tests.test_letters_practitioner import text_of
from tests.test_letters_review_core import NOV, compose, company_with_credit

STRUCTURE_SIGNS = LetterSettings(structure_signs=True)


def lrar(day: date, received: date, counterpart=Counterpart.SERVICE_CLIENTS) -> Event:
    return Event(kind=EventKind.REGISTERED_LETTER, date=day, written=True,
                 counterpart=counterpart, summary="Réclamation écrite.",
                 registered=RegisteredMail("1A 111", day, received, received))


def member_of_association(civility=Civility.MRS, name="Lucie Garnier"):
    """Case D: a private subscriber whose LRAR went unanswered, a consumer association that
    signs for her once she joined (after the LRAR)."""
    case = _private(civility, name, True)
    case.events = [Event(kind=EventKind.OUTAGE, date=date(2026, 9, 1),
                         counterpart=Counterpart.OPERATOR_OTHER, summary="Plus de réseau."),
                   lrar(date(2026, 9, 8), date(2026, 9, 10))]
    case.handling_structure = HandlingStructure(
        name="UFC-Que Choisir de l'Orne", contact_name="Bernard Petit",
        contact_role="bénévole juriste", kind=StructureKind.CONSUMER_ASSOCIATION,
        member_number="A-9", member_since=date(2026, 9, 15),
        address=PostalAddress(["2 place du Marché"], "61000", "Alençon"))
    return case


# --- 1. Réclamation au service clients --------------------------------------------------------


def test_1_3_a_business_is_told_the_next_route_by_name() -> None:
    """1.3 — P: « À défaut de réponse satisfaisante dans ce délai, nous poursuivrons les
    recours dont nous disposons. »"""
    case = _business(BusinessForm.COMPANY)
    case.events = [Event(kind=EventKind.CALL, date=date(2026, 10, 1))]
    text = text_of(compose(LetterKind.SERVICE_CLIENTS, case))
    assert "poursuivrons les recours" not in text
    assert ("nous saisirons le Médiateur des entreprises ou solliciterons l'intervention de la "
            "CPME auprès de votre siège.") in text


def test_1_2_the_billing_contestation_is_a_variant_of_the_complaint() -> None:
    """1.2 — A: the complaint and the billing contestation both « possible » the same day."""
    case = _private(Civility.COUPLE, "Anne et Paul Lemoine", True)
    case.events = [Event(kind=EventKind.CALL, date=date(2026, 10, 5))]
    billing = {a.kind: a for a in available_letters(case, assess(case, NOV))}[
        LetterKind.BILLING]
    assert billing.available and "l'une ou l'autre" in billing.reason


# --- 2. Service consommateurs / recours interne ----------------------------------------------


def test_2_1_a_business_second_level_is_the_internal_recourse() -> None:
    """2.1 — P: « Orange / Service consommateurs / ADRESSE À COMPLÉTER », objet « Demande de
    réexamen d'une réclamation »."""
    letter = compose(LetterKind.SERVICE_CONSOMMATEURS, _business(BusinessForm.COMPANY)).letter
    assert "Service consommateurs" not in letter.recipient
    assert letter.recipient[1] == "Service réclamations (recours interne prévu au contrat)"
    assert letter.subject.startswith("Recours interne")


def test_2_2_a_port_done_asks_for_the_l224_42_1_indemnity() -> None:
    """2.2 — H: « m'accorder : la réalisation de la portabilité du numéro. » after the port
    of 8 October."""
    case = _private(Civility.MRS, "Inès Roux", True)
    case.natures = [DisputeNature.PORTABILITY]
    case.events = [Event(kind=EventKind.OUTAGE, date=date(2026, 10, 2),
                         end_date=date(2026, 10, 8), counterpart=Counterpart.OPERATOR_OTHER),
                   Event(kind=EventKind.EMAIL, date=date(2026, 10, 10), written=True)]
    case.portability_requested_on = date(2026, 10, 1)  # due 2 October (D.406-18)
    text = text_of(compose(LetterKind.SERVICE_CONSOMMATEURS, case))
    assert "la réalisation de la portabilité" not in text
    # the delay, not the interruption (2 to 8 October): review2 11.1
    assert ("l'indemnité prévue par l'article L.224-42-1 du code de la consommation pour le "
            "retard de portage du numéro du 3 au 8 octobre 2026") in text


def test_2_3_calls_are_not_called_a_complaint() -> None:
    """2.3 — A: « votre service clients n'a pas répondu à notre réclamation du 12 octobre
    2026 » (the 12 October was a call)."""
    case = _private(Civility.COUPLE, "Anne et Paul Lemoine", True)
    case.events = [Event(kind=EventKind.CALL, date=date(2026, 10, 5), reference="T-551"),
                   Event(kind=EventKind.CALL, date=date(2026, 10, 12), reference="T-551")]
    text = text_of(compose(LetterKind.SERVICE_CONSOMMATEURS, case))
    assert "notre réclamation du 12 octobre" not in text
    assert ("votre service clients n'a pas donné suite à nos appels des 5 et 12 octobre 2026 "
            "(réf. T-551).") in text


# --- 3. Relance ---------------------------------------------------------------------------------


def test_3_1_the_structure_does_not_claim_its_member_s_letter() -> None:
    """3.1 BLOQUANT — D: « Par une lettre recommandée du 8 septembre 2026, reçue le 10
    septembre 2026, nous vous avons adressé, pour le compte de notre adhérente, Lucie Garnier,
    une réclamation… » — she sent it herself."""
    text = text_of(compose(LetterKind.REMINDER, member_of_association(), NOV, STRUCTURE_SIGNS))
    assert "nous vous avons adressé" not in text
    assert ("Par lettre recommandée du 8 septembre 2026, reçue le 10 septembre 2026, notre "
            "adhérente, Madame Lucie Garnier,") in text
    assert "vous a adressé une réclamation" in text
    couple = member_of_association(Civility.COUPLE, "Anne et Paul Lemoine")
    text = text_of(compose(LetterKind.REMINDER, couple, NOV, STRUCTURE_SIGNS))
    assert "nos adhérents, Anne et Paul Lemoine" in text and "vous ont adressé" in text


def test_3_2_3_3_a_reminder_is_polite_dated_and_names_the_next_step() -> None:
    """3.2 — « Titulaire du contrat …, je reviens vers vous. » ; 3.3 — « dans les meilleurs
    délais. À défaut, je poursuivrai les recours dont je dispose. »"""
    case = member_of_association(Civility.MR, "Karim Benali")
    case.handling_structure = None
    text = text_of(compose(LetterKind.REMINDER, case))
    assert "reviens vers vous" not in text and "meilleurs délais" not in text
    assert "Je me permets donc de vous relancer" in text
    assert ("Je vous remercie de me répondre par écrit sous quinze jours. À défaut, je saisirai "
            "le Médiateur des communications électroniques, ce que je peux faire depuis le "
            "11 novembre 2026.") in text


def test_3_4_a_reminder_encloses_the_letter_it_reminds() -> None:
    """3.4 — the reminder joined every exhibit of the case."""
    case = _example("panne-fibre-particulier")
    day = date(2026, 4, 30)
    composed = compose(LetterKind.REMINDER, case, day)
    assert [e.number for e in composed.letter.enclosures] == [1, 2]


# --- 4. Contestation de facturation --------------------------------------------------------


def test_4_1_never_advise_withdrawing_a_prescribed_line() -> None:
    """4.1 — G: « Envisagez de retirer cette ligne de la contestation. » helps the operator."""
    case = _private(Civility.MR, "Jean Morel", True)
    for il in case.invoice_lines:
        il.invoice_date, il.due_date, il.paid_on = (date(2025, 7, 5), date(2025, 7, 20),
                                                    date(2025, 7, 20))
    warnings = " ".join(compose(LetterKind.BILLING, case).warnings)
    assert "retirer cette ligne" not in warnings
    assert "vous pouvez la maintenir dans la demande amiable" in warnings


def test_4_2_each_line_is_to_be_justified() -> None:
    """4.2 — seeds/002: ask the explanation of each line."""
    text = text_of(compose(LetterKind.BILLING, _private(Civility.MRS, "Claire Fontaine", True),
                           date(2026, 4, 1)))
    assert "je vous demande de me justifier chacune de ces lignes" in text


# --- 5. Mise en demeure -----------------------------------------------------------------------


def test_5_1_a_notice_never_outlasts_the_mediator_s_last_day() -> None:
    """5.1 BLOQUANT — panne, 1 March 2027: « dans un délai de 15 jours … À défaut, je saisirai
    sans autre avis le Médiateur » although it closes on 16 March 2027."""
    case = _example("panne-fibre-particulier")
    day = date(2027, 3, 1)
    decision = {a.kind: a for a in available_letters(case, assess(case, day))}[
        LetterKind.FORMAL_NOTICE]
    assert decision.reason.startswith("Déconseillée maintenant")
    assert "16 mars 2027" in decision.warning
    composed = compose(LetterKind.FORMAL_NOTICE, case, day)
    text = text_of(composed)
    assert "je saisirai sans autre avis le Médiateur" not in text
    assert "Je saisis parallèlement le Médiateur des communications électroniques." in text
    assert any("au plus tard le 16 mars 2027 (dans 15 jours)" in w for w in composed.warnings)
    ordinary = text_of(compose(LetterKind.FORMAL_NOTICE, case, date(2026, 11, 22)))
    assert "je saisirai sans autre avis le Médiateur" in ordinary


def test_5_3_the_siege_is_the_company_s_not_the_contract_s() -> None:
    """5.3 — « …la société Menuiserie Rivaud SARL (SIRET : …), titulaire … du contrat …, dont
    le siège est situé … »: the siège reads as the contract's."""
    text = text_of(compose(LetterKind.FORMAL_NOTICE, _business(BusinessForm.COMPANY)))
    # the representative last: « gérant, titulaire … » made him the holder (review5 8)
    assert ("par la société Menuiserie Rivaud (SARL, SIRET 901 473 629 00011), dont le siège "
            "est situé 14 rue des Compagnons, 79000 Niort, titulaire auprès de votre société du "
            "contrat « Offre pro fibre + 2 mobiles » souscrit le 6 janvier 2025, représentée "
            "par Thomas Rivaud, gérant.") in text


def test_5_5_se_reserver_le_droit() -> None:
    """5.5 — « Nous nous réservons en outre de signaler ces faits à la DGCCRF. »"""
    text = text_of(compose(LetterKind.FORMAL_NOTICE, _business(BusinessForm.COMPANY)))
    assert "réservons en outre le droit de signaler ces faits à l'Arcep" in text
    private = _example("panne-fibre-particulier")
    private_text = text_of(compose(LetterKind.FORMAL_NOTICE, private, date(2027, 4, 1)))
    assert "Je me réserve en outre le droit de signaler ces faits à la DGCCRF." in private_text


def test_5_6_a_running_outage_s_refund_is_a_parfaire() -> None:
    """5.6 — B: « …depuis le 1er septembre 2026, soit 19,99 € » presented as the total."""
    case = _example("panne-fibre-particulier")
    outage = next(e for e in case.events if e.kind is EventKind.OUTAGE)
    outage.end_date = None
    text = text_of(compose(LetterKind.FORMAL_NOTICE, case, NOV))
    # to date, the days elapsed since 2 March, not the two invoices' lines (review5 10)
    assert ("somme à parfaire jusqu'au rétablissement du service, soit à ce jour 287,05 € : "
            "32,99 € × (30/31 + 30/30 + 31/31 + 30/30 + 31/31 + 31/31 + 30/30 + 31/31 + 22/30), "
            "avant déduction du geste commercial de 10,00 € accordé le 15 juin 2026.") in text


def test_5_7_an_overwritten_line_s_claim_is_quantified() -> None:
    """5.7 — écrasement: « l'indemnisation du préjudice causé par la coupure de la ligne du 4
    au 27 août 2026. » with no amount; the month's gesture absent."""
    case = _business(BusinessForm.SOLE_TRADER)
    case.credits = [Credit(kind=CreditKind.GESTURE, amount=Decimal("49.90"),
                           tax_basis=TaxBasis.HT, date=date(2026, 9, 8), deducted=False)]
    composed = compose(LetterKind.FORMAL_NOTICE, case)
    text = text_of(composed)
    # the gesture covers the prorata it quantifies (review3 2.1)
    assert "couvre le remboursement de l'abonnement au prorata (38,63 € HT : 49,90 € HT × " \
        "24/31)" in text
    assert "coupure de la ligne du 4 au 27 août 2026, sur justificatifs" in text
    assert not any("n'est pas chiffrée" in w for w in composed.warnings)
    case.credits = []
    text = text_of(compose(LetterKind.FORMAL_NOTICE, case))
    assert ("le remboursement de l'abonnement au prorata de la période sans service du 4 au "
            "27 août 2026, soit 38,63 € HT (46,36 € TTC) : 49,90 € HT × 24/31") in text


def test_5_8_a_private_outage_cites_the_result_obligation() -> None:
    """5.8 — « Vous n'avez pas exécuté votre obligation contractuelle de fournir le service »
    without the ground (LCEN art. 15 I; Cass. 1re civ., 19 novembre 2009)."""
    text = text_of(compose(LetterKind.FORMAL_NOTICE, _example("panne-fibre-particulier")))
    assert "obligation de résultat" in text and "19 novembre 2009" in text


def test_5_9_free_routes_first_for_a_private_subscriber() -> None:
    """5.9 — H: mise en demeure « possible » before the service consommateurs and the
    mediator were tried."""
    case = _private(Civility.MRS, "Inès Roux", True)
    case.events = [Event(kind=EventKind.EMAIL, date=date(2026, 10, 10), written=True)]
    composed = compose(LetterKind.FORMAL_NOTICE, case)
    assert any("les voies gratuites viennent d'abord" in w for w in composed.warnings)


# --- 6. Saisine du médiateur et fiche ------------------------------------------------------


def test_6_3_no_answer_is_awaited_from_a_level_never_seized() -> None:
    """6.3 — fiche: « Réclamation écrite au service consommateurs | Aucune réclamation
    écrite » then « Réponse du service consommateurs | Aucune réponse à ce jour »."""
    case = member_of_association()
    case.handling_structure = None
    annex = compose(LetterKind.MEDIATOR, case).annex
    rows = {r.label: r.value for r in annex.header}
    assert rows["Réponse du service consommateurs"] == \
        "Sans objet (service consommateurs non saisi)"


def test_6_4_the_signed_mandate_is_a_numbered_exhibit() -> None:
    """6.4 — « à qui j'ai donné mandat (ci-joint) » and « Mandat signé … au profit de … »
    without a number, absent from the sheet and the index."""
    case = member_of_association()
    scan = copy.deepcopy(case.exhibits[0])
    scan.id, scan.number, scan.title = "mandat-scan", 9, "Mandat signé"
    case.exhibits.append(scan)
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 9, 16),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True,
                             exhibit_ids=[scan.id]))
    composed = compose(LetterKind.MEDIATOR, case)
    text = text_of(composed)
    assert "à qui j'ai donné mandat le 16 septembre 2026 (pièce n° 9)" in text
    assert "au profit de" not in text
    assert any(e.number == 9 for e in composed.letter.enclosures)


def test_6_5_a_disputed_invoice_missing_from_the_exhibits_is_flagged() -> None:
    """6.5 — facturation: « Factures contestées : pièce n° 1 » while F2605-0034410 is missing
    (only the command line said so)."""
    composed = compose(LetterKind.MEDIATOR, _business(BusinessForm.COMPANY))
    assert any("F2605-0034410 contestée : aucune pièce" in w
               for w in composed.warnings)


def test_6_6_the_last_day_is_said_when_it_is_close() -> None:
    """6.6 — panne, 1 March 2027: only the internal reason says « Au plus tard le 16 mars
    2027 »."""
    composed = compose(LetterKind.MEDIATOR, _example("panne-fibre-particulier"),
                       date(2027, 3, 1))
    assert any(w.startswith("Dernier jour pour saisir le médiateur : le 16 mars 2027 (dans "
                            "15 jours)") for w in composed.warnings)


def test_6_8_a_service_consommateurs_never_seized_is_pointed_out() -> None:
    """6.8 — B: the mediator's own page asks for the internal recourses to be exhausted."""
    case = member_of_association(Civility.MR, "Karim Benali")
    case.handling_structure = None
    case.operator.service_consommateurs_address = PostalAddress(
        ["Service Consommateurs", "TSA 59013"], "60643", "CHANTILLY CEDEX")
    composed = compose(LetterKind.MEDIATOR, case)
    assert any("a un service consommateurs : le médiateur peut vous demander" in w
               for w in composed.warnings)


# --- 7. Demande CPME et brouillon de courriel -----------------------------------------------


def test_7_1_the_structure_does_not_sign_the_company_s_nous() -> None:
    """7.1 BLOQUANT — E: « 5. Résumé chronologique de la situation : Nous avons été facturés
    deux fois en juillet 2026. » under the CPME's signature."""
    case = company_with_credit()
    case.summary = "Nous avons été facturés deux fois en juillet 2026."
    case.summary_voice = SummaryVoice.SUBSCRIBER
    text = text_of(compose(LetterKind.CPME, case))
    assert ("5. Résumé chronologique de la situation (rédigé par l'entreprise) : « Nous avons "
            "été facturés deux fois en juillet 2026. »") in text
    body = cpme_email_body(case, today=NOV).text().replace("\u00a0", " ")
    assert "Résumé chronologique de la situation (rédigé par l'entreprise) :" in body


def test_7_2_a_cpme_draft_for_a_private_subscriber_says_not_to_send_it() -> None:
    """7.2 — panne `--email`: a draft to dborne@cpme.fr for a private subscriber, with only a
    warning about the contract number."""
    case = _example("panne-fibre-particulier")
    message, warnings, *_ = cpme_email_message(case, today=NOV)
    assert message["Subject"].startswith("[À NE PAS ENVOYER]")
    assert cpme_email_body(case, today=NOV).text().startswith("[À NE PAS ENVOYER : ")
    assert any("À NE PAS ENVOYER" in w for w in warnings)
    ready = _business(BusinessForm.COMPANY)
    assert not cpme_email_message(ready, today=NOV)[0]["Subject"].startswith("[À NE PAS")


def test_7_3_a_sole_trader_is_the_subscriber_not_a_represented_salon() -> None:
    """7.3 — « 1. Nom du souscripteur du contrat : Salon Élise Coiffure, dont le représentant
    est Élise Marchand, exploitante »."""
    text = text_of(compose(LetterKind.CPME, _business(BusinessForm.SOLE_TRADER)))
    assert "dont le représentant" not in text
    assert ("1. Nom du souscripteur du contrat : Élise Marchand, exerçant en entreprise "
            "individuelle (EI) sous le nom commercial « Salon Élise Coiffure »") in text


def test_7_4_the_request_says_the_membership_and_the_mandate() -> None:
    """7.4 — the request mentions neither the membership (n° A-2025-118) nor the mandate."""
    case = _business(BusinessForm.COMPANY)
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 7, 1),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True))
    text = text_of(compose(LetterKind.CPME, case))
    number = case.handling_structure.member_number
    assert f"Notre adhérente (n° {number}" in text
    assert "nous a donné mandat le 1er juillet 2026" in text


def test_7_5_the_email_speaks_as_the_structure_with_the_letters_words() -> None:
    """7.5 — « Pour notre structure (CPME de l'Aubrée (structure fictive)), je vous
    transmets… » ; « (SIREN/SIRET 90147362900011) » ; « Courriel — Opérateur (autre
    service) »."""
    body = cpme_email_body(_business(BusinessForm.COMPANY), today=NOV).text()
    body = body.replace("\u00a0", " ")
    assert body.splitlines()[2].startswith("Au nom de la CPME de l'Aubrée")
    assert "Pour notre structure (" not in body
    assert "SIRET 901 473 629 00011" in body and "SIREN/SIRET" not in body
    assert "Opérateur (autre service)" not in body
    assert ": courriel à l'opérateur (réf. 4471-AB)" in body


def test_7_6_a_call_is_not_proved_by_an_invoice_and_invoices_are_cited() -> None:
    """7.6 — « 9 avril 2026 — Appel au service clients (réf. 4471-AB). … Pièce n° 1. » (the
    invoice), and F2605-0034410 joined nowhere, without a warning."""
    composed = compose(LetterKind.CPME, _business(BusinessForm.COMPANY))
    text = text_of(composed)
    assert "promet un avoir. Voir pièce n° 1." in text
    assert ("Factures concernées : n° F2604-0031872 (pièce n° 1) et n° F2605-0034410 ([à "
            "joindre]).") in text
    assert any("F2605-0034410 contestée : aucune pièce" in w
               for w in composed.warnings)


def test_7_7_7_8_the_structure_and_an_association_member_read_well() -> None:
    """7.7 — « …centralise les litiges télécoms de son bureau… » ; 7.8 — « notre entreprise
    adhérente Les Amis du Bocage », « L'entreprise demande : »."""
    case = _business(BusinessForm.ASSOCIATION)
    text = text_of(compose(LetterKind.CPME, case))
    assert "de son bureau" not in text
    assert "Ce litige concerne notre adhérente, l'association Les Jardins Partagés." in text
    assert "L'association demande :" in text


def test_7_9_cpme_and_business_mediator_are_one_or_the_other() -> None:
    """7.9 — facturation: the CPME and the Médiateur des entreprises « possible » the same
    day, with nothing saying to choose."""
    case = _business(BusinessForm.COMPANY)
    cpme = {a.kind: a for a in available_letters(case, assess(case, NOV))}[LetterKind.CPME]
    assert cpme.available and "choisissez-en une" in cpme.reason


def test_hostile_names_in_the_new_sentences_stay_text() -> None:
    """The structure's name, the operator's and a quoted summary go through the new phrases
    (« Au nom de … », « (rédigé par l'entreprise) ») as text, never as markup."""
    from documents.letters import composed_files

    case = company_with_credit()
    case.handling_structure.name = "CPME <b>Calvados</b> & Co"
    case.summary = "Nous <i>avons</i> & été facturés\u0007 deux fois."
    case.summary_voice = SummaryVoice.SUBSCRIBER
    composed = compose(LetterKind.CPME, case)
    assert "« Nous <i>avons</i> & été facturés deux fois. »" in text_of(composed)
    pdf, docx_bytes, _ = composed_files(composed, LetterSettings().geometry)
    import io

    from docx import Document
    from pypdf import PdfReader

    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    docx_text = " ".join(p.text for p in Document(io.BytesIO(docx_bytes)).paragraphs)
    for text in (pdf_text.replace("\n", " "), docx_text):
        assert "<i>avons</i>" in text.replace("\u00a0", " "), text[:300]
    message = cpme_email_message(case, today=NOV)[0]
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Au nom de la CPME &lt;b&gt;Calvados&lt;/b&gt; &amp; Co" in html
    assert "<b>Calvados" not in html


def test_t1_the_cpme_amount_line_holds_one_sum() -> None:
    """T1 (« Même forme dans « Montant contesté : » ») — E: the label, the sum, then how it is
    reached in its own sentence, never « : 69,99 € … : 79,99 € … »."""
    text = text_of(compose(LetterKind.CPME, company_with_credit()))
    assert "Montant demandé : 69,99 € HT (83,99 € TTC)\n" in text
    assert ("Ce montant correspond aux 79,99 € HT (95,99 € TTC) contestés, moins l'avoir de "
            "10,00 € HT accordé le 20 août 2026 sur la facture n° FP-07.") in text
