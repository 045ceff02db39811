"""The fifth practitioner's reading of the letters (/work/coord/review5-letters.md): points 1,
10 and 12 (À CORRIGER) and the suggestions 5 to 9 and 13. Each test builds the reviewer's
case and quotes the text the reviewer refused."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from dispute.model import BusinessForm, Civility, EventKind
from documents.content import Paragraph, Table
from documents.letters import SPECS, LetterKind
from documents.text import plain
from tests.grammar import unavailable_reason
from tests.letter_matrix import _business, _private
from tests.test_review2_letters import UFC, _signed, couple_ufc
from tests.test_letters_practitioner import text_of
from tests.test_review_third_party_letters import NOV, STRUCTURE_SIGNS, compose

MANDATE = "Nous agissons en vertu du mandat"
_REASON = unavailable_reason()
needs_grammalecte = pytest.mark.skipif(_REASON is not None, reason=_REASON or "")


def _with_structure(case):
    if case.handling_structure is None:
        case.handling_structure = copy.deepcopy(UFC)
    return case


def _structure_cases():
    """(label, case, pronoun): the structure signs for a company, a sole trader, a woman, a
    man and a couple, the mandate signed and scanned; the pronoun the mandate sentence takes."""
    yield "societe", _signed(_business(BusinessForm.COMPANY), scanned=True), "qu'elle nous a"
    yield "ei", _signed(_with_structure(_business(BusinessForm.SOLE_TRADER)), scanned=True), \
        "qu'elle nous a"
    yield "femme", _signed(_with_structure(_private(Civility.MRS, "Claire Fontaine", False)),
                           scanned=True), "qu'elle nous a"
    yield "homme", _signed(_with_structure(_private(Civility.MR, "Jean Fontaine", False)),
                           scanned=True), "qu'il nous a"
    yield "couple", _signed(couple_ufc(), scanned=True), "qu'ils nous ont"


# -- 1. The mandate sentence never cuts an announcement from what it announces ---------------


@pytest.mark.parametrize("label,case,pronoun", list(_structure_cases()),
                         ids=[c[0] for c in _structure_cases()])
def test_1_mandate_sentence_follows_the_presentation(label, case, pronoun) -> None:
    """1: « … nous contestons les montants suivants : / Nous agissons en vertu du mandat … /
    [tableau] ». In every letter the structure signs, the mandate sentence comes after a
    sentence that ends (never after « : »), and it names who gave the mandate."""
    for kind in SPECS:
        body = compose(kind, case, settings=STRUCTURE_SIGNS).letter.body
        at = [i for i, b in enumerate(body)
              if isinstance(b, Paragraph) and b.text.startswith(MANDATE)]
        if not at:
            continue
        before = body[at[0] - 1]
        assert isinstance(before, Paragraph), (kind, before)
        assert not before.text.rstrip().endswith(":"), (kind, before.text)
        assert plain(body[at[0]].text).startswith(
            f"{MANDATE} {pronoun} donné le 20 juin 2026 (pièce n° "), (kind, body[at[0]].text)


def test_1_billing_table_follows_its_announcement() -> None:
    """1, case b2-signs: the presentation, the mandate, then « Après examen … nous contestons
    les montants suivants : » directly above the table."""
    case = _signed(_business(BusinessForm.COMPANY), scanned=True)
    body = compose(LetterKind.BILLING, case, settings=STRUCTURE_SIGNS).letter.body
    paragraphs = [b for b in body if isinstance(b, Paragraph)]
    texts = [plain(p.text) for p in paragraphs]
    first = next(i for i, t in enumerate(texts) if t.startswith("Nous intervenons"))
    assert texts[first].endswith("souscrit le 6 janvier 2025."), texts[first]
    assert texts[first + 1].startswith(MANDATE)
    assert texts[first + 2] == ("Après examen ligne par ligne de ses factures, nous contestons "
                                "les montants suivants :")
    table = body.index(paragraphs[first + 2]) + 1
    assert isinstance(body[table], Table)
    # the subscriber's own voice keeps its single sentence
    own = [b for b in compose(LetterKind.BILLING, case).letter.body
           if isinstance(b, Paragraph)]
    announcing = next(i for i, b in enumerate(own) if plain(b.text).endswith("suivants :"))
    assert "Notre société" in own[announcing].text


# -- 10. A running outage: « à ce jour » is the prorata of the days elapsed ------------------


def running_outage(day: date, start: date = date(2026, 3, 2), price: str | None = "32.99",
                   lines_after: bool = False):
    """Case p6 as the user had it on ``day``: the outage started on ``start`` and still
    running, the March invoice's line « 30 jours sans service sur 31 » (31,93 €) entered
    (and April's when ``lines_after``), nothing later."""
    case = _private(Civility.MRS, "Claire Fontaine", False)
    outage = next(e for e in case.events if e.kind is EventKind.OUTAGE)
    outage.date, outage.end_date = start, None
    case.events = [e for e in case.events if e is outage or (e.date and e.date <= day)]
    case.credits = []
    case.invoice_lines = case.invoice_lines[:2 if lines_after else 1]
    case.contract.monthly_price = None if price is None else Decimal(price)
    return case


def _text(kind, case, day) -> str:
    return plain(text_of(compose(kind, case, today=day))).replace("\n", " ")


@pytest.mark.parametrize("kind", [LetterKind.SERVICE_CLIENTS, LetterKind.SERVICE_CONSOMMATEURS,
                                  LetterKind.FORMAL_NOTICE, LetterKind.REMINDER])
def test_10_running_outage_claims_the_days_elapsed(kind) -> None:
    """10, case p6-0320@0320: on 20 March, for an outage started on 2 March, « soit à ce jour
    31,93 € » was the March invoice's line (30 days); 19 days have elapsed: 20,22 €."""
    day = date(2026, 3, 20)
    letter = _text(kind, running_outage(day), day)
    assert "31,93" not in letter
    assert ("somme à parfaire jusqu'au rétablissement du service, soit à ce jour 20,22 € : "
            "32,99 € × 19/31") in letter


@pytest.mark.parametrize("start,day,formula,amount", [
    # started before the invoice period, over a month end
    (date(2026, 2, 20), date(2026, 3, 20), "(9/28 + 20/31)", "31,89 €"),
    # a leap February
    (date(2028, 2, 20), date(2028, 3, 1), "(10/29 + 1/31)", "12,44 €"),
    # the letter on the last day of the month, the outage begun on the first
    (date(2026, 3, 1), date(2026, 3, 31), "31/31", "32,99 €"),
    # begun the day of the letter
    (date(2026, 3, 20), date(2026, 3, 20), "1/31", "1,06 €"),
])
def test_10_running_prorata_edge_days(start, day, formula, amount) -> None:
    case = running_outage(day, start=start)
    for line_ in case.invoice_lines:
        line_.invoice_date = min(line_.invoice_date, day)
    letter = _text(LetterKind.SERVICE_CLIENTS, case, day)
    assert f"soit à ce jour {amount} : 32,99 € × {formula}" in letter


def test_10_running_outage_without_a_price_names_the_invoices() -> None:
    """No monthly price: no « à ce jour » on a figure the days do not give; the invoices
    already issued, by name."""
    day = date(2026, 3, 20)
    letter = _text(LetterKind.SERVICE_CLIENTS, running_outage(day, price=None), day)
    assert "à ce jour" not in letter.split("Démarches")[-1].split("Je vous remercie")[0]
    assert ("somme à parfaire jusqu'au rétablissement du service, soit, pour la facture "
            "n° FB-2603-448120 déjà émise, 31,93 €") in letter


def test_10_finished_outage_keeps_the_invoice_lines() -> None:
    """Once the service is back, the lines entered are the claim (no « à parfaire »)."""
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.credits = []
    letter = _text(LetterKind.SERVICE_CLIENTS, case, NOV)
    assert "à parfaire" not in letter and "soit 55,02 €" in letter


def test_10_warns_about_a_line_counting_days_not_yet_elapsed() -> None:
    """10: a disputed line that counts more days without service than have elapsed at the
    letter's date, or an invoice dated after it, is pointed out to the user."""
    day = date(2026, 3, 20)
    warnings = compose(LetterKind.SERVICE_CLIENTS, running_outage(day), today=day).warnings
    said = [w for w in warnings if "FB-2603-448120" in w]
    assert said and "30 jours" in said[0] and "19 jours" in said[0], warnings
    later = compose(LetterKind.SERVICE_CLIENTS, running_outage(day, lines_after=True),
                    today=day).warnings
    assert any("FB-2604-512776" in w and "5 avril 2026" in w and "après la date du courrier"
               in w for w in later), later
    # on 31 March, 30 days have elapsed: nothing to say
    end = date(2026, 3, 31)
    assert not any("FB-2603-448120" in w for w in
                   compose(LetterKind.SERVICE_CLIENTS, running_outage(end), today=end).warnings)


def test_10_running_outage_says_the_credit_deducted_from_the_lines() -> None:
    """A credit the user deducted from the invoice lines: the running sum is gross, and says
    what will come off it."""
    from dispute.model import Credit, CreditKind

    day = date(2026, 3, 20)
    case = running_outage(day)
    case.credits = [Credit(kind=CreditKind.GESTURE, amount=Decimal("5.00"),
                           date=date(2026, 3, 15))]
    letter = _text(LetterKind.SERVICE_CLIENTS, case, day)
    assert ("soit à ce jour 20,22 € : 32,99 € × 19/31, avant déduction du geste commercial de "
            "5,00 € accordé le 15 mars 2026") in letter


@needs_grammalecte
def test_review5_wordings_read_well() -> None:
    """The new wordings through Grammalecte (the matrix of tests/test_letters_grammar.py has
    no running outage with invoice lines): the running sum with and without a price, with a
    credit; the contestation the structure signs."""
    from dispute.model import Credit, CreditKind
    from tests.grammar import check_texts
    from tests.test_letters_grammar import _accepted, letter_text

    day = date(2026, 3, 20)
    with_credit = running_outage(day)
    with_credit.credits = [Credit(kind=CreditKind.GESTURE, amount=Decimal("5.00"),
                                  date=date(2026, 3, 15))]
    texts = [letter_text(compose(kind, case, today=day).letter)
             for case in (running_outage(day), running_outage(day, price=None), with_credit)
             for kind in (LetterKind.SERVICE_CLIENTS, LetterKind.FORMAL_NOTICE)]
    texts += [letter_text(compose(LetterKind.BILLING, case, settings=STRUCTURE_SIGNS).letter)
              for _, case, _ in _structure_cases()]
    trader = _signed(_ei_cpme(), scanned=True)
    trader.subscriber.civility = Civility.MRS
    texts += [letter_text(compose(kind, trader, settings=STRUCTURE_SIGNS).letter)
              for kind in (LetterKind.SERVICE_CLIENTS, LetterKind.REMINDER, LetterKind.DGCCRF)]
    texts += [letter_text(compose(LetterKind.FORMAL_NOTICE, case).letter)
              for case in (_business(BusinessForm.COMPANY), _business(BusinessForm.ASSOCIATION),
                           trader)]
    errors = [(e.found, e.context) for found in check_texts(texts) for e in found
              if not _accepted(e)]
    assert not errors, errors


# -- 12 (and 9, chronology). The chronology reads the letters' settlement ---------------------


def _credit_rows(case, day=NOV) -> list[tuple[str, ...]]:
    from dispute.procedure import assess
    from documents.chronology import chronology_report

    report = chronology_report(case, assess(case, day), generated_on=day, third_party=True)
    tables = [b for b in report.blocks if isinstance(b, Table) and "Imputation" in b.header]
    assert len(tables) == 1
    table = tables[0]
    rows = [tuple(plain(c) for c in r) for r in table.rows]
    if table.total is not None:
        rows.append(tuple(plain(c) for c in table.total))
    return rows


def test_12_gesture_imputed_as_the_letters_impute_it() -> None:
    """12, case e2: « 08/09/2026 Geste commercial 49,90 € HT non déduit » in the chronology of
    the zip whose letters say the gesture covers the prorata and its balance comes off the
    damages."""
    from tests.test_review3_letters import ei_sfr

    case = ei_sfr()
    rows = _credit_rows(case)
    assert rows[0][-1] == ("imputé : couvre le remboursement de l'abonnement au prorata "
                           "(38,63 € HT : 49,90 € HT × 24/31) ; solde de 11,27 € HT à "
                           "déduire de l'indemnisation du préjudice"), rows
    notice = plain(text_of(compose(LetterKind.FORMAL_NOTICE, case))).replace("\n", " ")
    assert "(38,63 € HT : 49,90 € HT × 24/31) ; son solde, 11,27 € HT" in notice


def test_12_partial_gesture_is_deducted_from_the_prorata() -> None:
    from tests.test_review3_letters import ei_sfr, small_gesture

    rows = _credit_rows(small_gesture(ei_sfr()))
    assert rows[0][-1] == ("déduit du remboursement de l'abonnement au prorata (38,63 € HT : "
                           "49,90 € HT × 24/31)"), rows
    assert rows[-1][0] == "Reste demandé" and rows[-1][3].startswith("28,63 € HT"), rows


def test_12_no_price_the_gesture_comes_off_the_final_indemnity() -> None:
    from tests.test_review3_letters import ei_sfr

    case = ei_sfr()
    case.contract.monthly_price = None
    assert _credit_rows(case)[0][-1] == "à déduire de l'indemnisation finale"


def test_9_avoir_not_deducted_says_why_in_the_chronology() -> None:
    """9, case b1: « 30/04/2026 Avoir F2604-0031872 15,00 € HT non déduit »; the letters say it
    « portait sur d'autres sommes que celles réclamées »."""
    company = _business(BusinessForm.COMPANY)
    assert not company.credits[0].deducted
    rows = _credit_rows(company)
    assert rows[0][-1] == "non déduit (porte sur d'autres sommes que celles réclamées)", rows
    company.credits[0].deducted = True
    rows = _credit_rows(company)
    assert rows[0][-1] == "déduit du montant demandé", rows
    assert rows[-1][0] == "Reste demandé" and "136,36 € HT" in rows[-1][3], rows


# -- 9. The credit not deducted: explained in the e-mail; the sum said once ---------------------


def _email_body(case, day=date(2026, 6, 25)) -> str:
    from documents.email_draft import cpme_email_message

    message = cpme_email_message(case, today=day)[0]
    return plain(message.get_body(("plain",)).get_content())


def test_9_cpme_email_says_why_the_avoir_is_not_deducted() -> None:
    """9, b1-cpme.eml: « avoir partiel de 15 € le 30 avril » in the summary, « 151,36 € HT »
    asked, and no word on why the avoir is not deducted, which the request says."""
    company = _business(BusinessForm.COMPANY)
    body = _email_body(company)
    asks = body.split("Ce que l'entreprise demande :")[1].split("Le dossier complet")[0]
    assert ("L'avoir de 15,00 € HT accordé le 30 avril 2026 sur la facture n° F2604-0031872 "
            "portait sur d'autres sommes que celles réclamées ici : il n'y a donc rien à en "
            "déduire.") in asks.replace("\n", " "), asks
    request = plain(text_of(compose(LetterKind.CPME, company, today=date(2026, 6, 25))))
    assert "portait sur d'autres sommes que celles réclamées ici" in request.replace("\n", " ")
    # a gesture that covers the prorata: the same sentence as the request's
    from tests.test_review3_letters import ei_sfr
    trader = ei_sfr()
    trader.handling_structure = copy.deepcopy(_business(BusinessForm.COMPANY).handling_structure)
    trader_body = _email_body(trader, NOV).replace("\n", " ")
    assert "son solde, 11,27 € HT, viendra en déduction de l'indemnisation" in trader_body


def test_9_cpme_request_says_the_calculation_once() -> None:
    """9, b2 (request to the CPME): « Montant demandé : 136,36 € HT … Ce montant correspond
    aux 151,36 € HT … contestés, moins l'avoir … » then the bullet « … soit 136,36 € HT
    (163,63 € TTC) : 151,36 € HT (181,63 € TTC) contestés, moins l'avoir … »."""
    company = _business(BusinessForm.COMPANY)
    company.credits[0].deducted = True
    letter = plain(text_of(compose(LetterKind.CPME, company, today=date(2026, 6, 25))))
    assert letter.count("moins l'avoir") == 1, letter
    assert letter.count("136,36 € HT (163,63 € TTC)") == 1, letter
    assert ("des sommes indûment facturées." in letter
            or "des sommes indûment facturées ;" in letter), letter


def test_9_contestation_explains_the_avoir_after_the_sum() -> None:
    """9, b1-0512: the avoir's sentence came after « À défaut de rectification, nous vous
    demandons de nous justifier chacune de ces lignes »; it explains the sum asked."""
    company = _business(BusinessForm.COMPANY)
    paragraphs = [plain(b.text) for b in
                  compose(LetterKind.BILLING, company, today=date(2026, 5, 12)).letter.body
                  if isinstance(b, Paragraph)]
    ask = next(i for i, t in enumerate(paragraphs) if "en conséquence" in t)
    assert paragraphs[ask + 1].startswith("L'avoir de 15,00 € HT accordé le 30 avril 2026"), \
        paragraphs[ask:]
    assert paragraphs[ask + 2].startswith("À défaut de rectification")


# -- 13. A sole trader: the person holds the contract, the shop is a trade name ----------------


def _ei_cpme():
    """Case e2: Élise Marchand, « Salon Élise Coiffure », sole trader, followed by the CPME."""
    trader = _business(BusinessForm.SOLE_TRADER)
    trader.handling_structure = copy.deepcopy(_business(BusinessForm.COMPANY).handling_structure)
    return trader


def test_13_readme_names_the_person_who_holds_the_contract() -> None:
    """13, zip e2-cpme: « Abonné (souscripteur du contrat) : Salon Élise Coiffure (entreprise
    ou structure professionnelle) » and « 1. Nom du souscripteur du contrat : Salon Élise
    Coiffure »; the request and the e-mail say « Élise Marchand, exerçant en entreprise
    individuelle (EI) sous le nom commercial … »."""
    from dispute.procedure import assess
    from documents.dossier import DossierTarget, readme_text

    trader = _ei_cpme()
    readme = plain(readme_text(trader, assess(trader, NOV), DossierTarget.CPME,
                               generated_on=NOV, letters=[], chronology="", index=[],
                               exhibits=[]))
    assert ("Abonné (souscripteur du contrat) : Élise Marchand (entreprise individuelle "
            "« Salon Élise Coiffure »)") in readme, readme
    assert ("1. Nom du souscripteur du contrat : Élise Marchand, exerçant en entreprise "
            "individuelle (EI) sous le nom commercial « Salon Élise Coiffure »") in readme
    # a company keeps its name and kind
    company = _business(BusinessForm.COMPANY)
    readme = plain(readme_text(company, assess(company, NOV), DossierTarget.CPME,
                               generated_on=NOV, letters=[], chronology="", index=[],
                               exhibits=[]))
    assert "Abonné (souscripteur du contrat) : Menuiserie Rivaud SARL (" in readme


def test_13_the_structure_names_the_sole_trader_not_her_shop() -> None:
    """13, e2-0811-signs: « Nous intervenons pour le compte de notre entreprise adhérente,
    Salon Élise Coiffure, titulaire du contrat … »."""
    trader = _ei_cpme()
    trader.subscriber.civility = Civility.MRS
    letter = plain(text_of(compose(LetterKind.SERVICE_CLIENTS, trader,
                                   settings=STRUCTURE_SIGNS))).replace("\n", " ")
    assert ("Nous intervenons pour le compte de notre adhérente, Élise Marchand, qui exerce en "
            "entreprise individuelle sous le nom commercial « Salon Élise Coiffure », "
            "titulaire du contrat") in letter, letter
    trader.subscriber.civility = None
    letter = plain(text_of(compose(LetterKind.SERVICE_CLIENTS, trader,
                                   settings=STRUCTURE_SIGNS))).replace("\n", " ")
    assert ("pour le compte de notre entreprise adhérente, Élise Marchand, qui exerce en "
            "entreprise individuelle sous le nom commercial « Salon Élise Coiffure », "
            "titulaire du contrat") in letter, letter


def test_13_no_mandate_warning_names_the_business() -> None:
    """13: « Aucun mandat signé par l'abonné » for a company or a sole trader."""
    warnings = compose(LetterKind.SERVICE_CLIENTS, _ei_cpme(), settings=STRUCTURE_SIGNS).warnings
    assert any(w.startswith("Aucun mandat signé par l'entreprise n'est enregistré")
               for w in warnings), warnings
    # the dossier says the missing mandate once, whatever noun names the subscriber
    from documents.dossier_warnings import MANDATE as MANDATE_FACT
    from documents.dossier_warnings import known_facts
    said = next(w for w in warnings if w.startswith("Aucun mandat"))
    assert MANDATE_FACT in known_facts(said)
    woman = _with_structure(_private(Civility.MRS, "Claire Fontaine", False))
    warnings = compose(LetterKind.SERVICE_CLIENTS, woman, settings=STRUCTURE_SIGNS).warnings
    assert any(w.startswith("Aucun mandat signé par l'abonnée n'est enregistré")
               for w in warnings), warnings


@pytest.mark.parametrize("kind", [LetterKind.SERVICE_CONSOMMATEURS, LetterKind.REMINDER,
                                  LetterKind.BILLING, LetterKind.DGCCRF,
                                  LetterKind.PORTABILITY_COMPENSATION])
def test_13_every_structure_letter_names_the_person(kind) -> None:
    trader = _signed(_ei_cpme(), scanned=True)
    trader.subscriber.civility = Civility.MRS
    letter = plain(text_of(compose(kind, trader, settings=STRUCTURE_SIGNS))).replace("\n", " ")
    assert "adhérente, Salon Élise Coiffure" not in letter, letter
    assert ("Élise Marchand, qui exerce en entreprise individuelle sous le nom commercial "
            "« Salon Élise Coiffure »") in letter, letter
    assert "en vertu du mandat qu'elle nous a donné" in letter


# -- 6. The « signer lui-même » warnings: not on the mandate; a sole trader signs herself -------


def test_6_no_dossier_suivi_par_warning_on_the_mandate() -> None:
    """6: « … que son représentant doit signer lui-même ; la structure figure comme « dossier
    suivi par ». » on the mandate, which both parties sign, the structure as mandataire."""
    for case in (_business(BusinessForm.COMPANY), _ei_cpme(), couple_ufc()):
        warnings = compose(LetterKind.MANDATE, case, settings=STRUCTURE_SIGNS).warnings
        assert not any("dossier suivi par" in w for w in warnings), warnings
    # the formal notice keeps it
    warnings = compose(LetterKind.FORMAL_NOTICE, _business(BusinessForm.COMPANY),
                       settings=STRUCTURE_SIGNS).warnings
    assert any("que son représentant doit signer lui-même" in w for w in warnings), warnings


def test_6_a_sole_trader_signs_herself() -> None:
    """6, e2-signs: « au nom de l'entreprise, que son représentant doit signer lui-même » for
    Élise Marchand, entreprise individuelle."""
    trader = _ei_cpme()
    trader.subscriber.civility = Civility.MRS
    warnings = compose(LetterKind.FORMAL_NOTICE, trader, settings=STRUCTURE_SIGNS).warnings
    assert any(w.startswith("Ce courrier est rédigé au nom d'Élise Marchand (entreprise "
                            "individuelle), qui doit le signer elle-même ; la structure figure "
                            "comme « dossier suivi par ».") for w in warnings), warnings
    assert not any("son représentant" in w for w in warnings)
    trader.subscriber.civility = None
    warnings = compose(LetterKind.FORMAL_NOTICE, trader, settings=STRUCTURE_SIGNS).warnings
    assert any(w.startswith("Ce courrier est rédigé au nom de l'entrepreneur individuel, Élise "
                            "Marchand, qui doit le signer lui-même") for w in warnings), warnings
    # acts: « le signe et l'adresse elle-même »
    trader.subscriber.civility = Civility.MRS
    warnings = compose(LetterKind.PROCUREUR, trader, settings=STRUCTURE_SIGNS).warnings
    assert any("au nom d'Élise Marchand (entreprise individuelle), qui le signe et l'adresse "
               "elle-même" in w for w in warnings), warnings


def test_6_mandate_warns_when_the_sole_trader_civility_is_missing() -> None:
    """6: e2 has no civility, the mandate says « Le mandant : Élise Marchand »."""
    trader = _ei_cpme()
    trader.subscriber.civility = None
    warnings = compose(LetterKind.MANDATE, trader).warnings
    assert any(w.startswith("Civilité de l'entrepreneur individuel non renseignée") for w in
               warnings), warnings
    trader.subscriber.civility = Civility.MRS
    assert not any("Civilité" in w for w in compose(LetterKind.MANDATE, trader).warnings)


# -- 8. « représentée par …, gérant » ends the party: the company holds the contract -----------


def test_8_the_company_holds_the_contract_not_its_representative() -> None:
    """8, b3: « … représentée par Martine Leroy, présidente, titulaire auprès de votre société
    du contrat … »: the holder is the association. The siège stays before the contract
    (review 5.3: « dont le siège » after the contract read as the contract's)."""
    company = _business(BusinessForm.COMPANY)
    letter = plain(text_of(compose(LetterKind.FORMAL_NOTICE, company))).replace("\n", " ")
    assert ("par la société Menuiserie Rivaud (SARL, SIRET 901 473 629 00011), dont le siège "
            "est situé 14 rue des Compagnons, 79000 Niort, titulaire auprès de votre société du "
            "contrat ") in letter, letter
    assert "représentée par Thomas Rivaud, gérant." in letter
    assert "gérant, titulaire" not in letter
    association = _business(BusinessForm.ASSOCIATION)
    letter = plain(text_of(compose(LetterKind.FORMAL_NOTICE, association))).replace("\n", " ")
    assert "représentée par Martine Rivaud, présidente." in letter, letter
    assert "présidente, titulaire" not in letter


# -- 7. « … ou solliciterons l'intervention de la CPME …, puis, le cas échéant, nous saisirons » -


def test_7_the_court_is_not_a_second_object_of_solliciter() -> None:
    """7, b1: « … ou solliciterons l'intervention de la CPME auprès de votre siège puis, le cas
    échéant, la juridiction compétente » read « solliciterons … la juridiction »."""
    company = _business(BusinessForm.COMPANY)
    letter = plain(text_of(compose(LetterKind.FORMAL_NOTICE, company,
                                   today=date(2026, 6, 25)))).replace("\n", " ")
    assert ("solliciterons l'intervention de la CPME auprès de votre siège, puis, le cas "
            "échéant, nous saisirons la juridiction compétente afin d'obtenir") in letter, letter
    trader = _ei_cpme()  # « je », followed by the CPME, Orange
    trader.operator.directory_id = company.operator.directory_id
    trader.operator.name = company.operator.name
    letter = plain(text_of(compose(LetterKind.FORMAL_NOTICE, trader,
                                   today=date(2026, 8, 20)))).replace("\n", " ")
    assert ("je saisirai le Médiateur des entreprises ou solliciterai l'intervention de la CPME "
            "auprès de votre siège, puis, le cas échéant, je saisirai la juridiction "
            "compétente") in letter, letter
    # the mediator alone keeps one verb for both
    private = _private(Civility.MRS, "Claire Fontaine", False)
    letter = plain(text_of(compose(LetterKind.FORMAL_NOTICE, private,
                                   today=date(2026, 4, 20)))).replace("\n", " ")
    assert ("je saisirai le Médiateur des communications électroniques puis, le cas échéant, "
            "la juridiction compétente") in letter, letter


# -- Hostile text through the new wordings: never markup, in the PDF and in the Word file ------


def test_hostile_names_in_the_new_wordings_stay_text() -> None:
    import io
    import zipfile

    from pypdf import PdfReader

    from documents.letters.output import composed_docx_bytes, composed_pdf_bytes

    hostile = "<b>Salon</b> & Cie 🥖 \u202e"
    trader = _signed(_ei_cpme(), scanned=True)
    trader.subscriber.civility = Civility.MRS
    trader.subscriber.name = hostile
    day = date(2026, 3, 20)
    running = running_outage(day, price=None)
    running.invoice_lines[0].invoice_number = "<i>FB</i>&1"
    for composed, typed, escaped in (
            (compose(LetterKind.SERVICE_CLIENTS, trader, settings=STRUCTURE_SIGNS),
             "« <b>Salon</b> & Cie", "&lt;b&gt;Salon&lt;/b&gt; &amp; Cie"),
            (compose(LetterKind.SERVICE_CLIENTS, running, today=day),
             "<i>FB</i>&1 déjà émise", "&lt;i&gt;FB&lt;/i&gt;&amp;1")):
        pdf, _ = composed_pdf_bytes(composed)
        shown = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        shown = " ".join(shown.split())
        docx, _ = composed_docx_bytes(composed)
        with zipfile.ZipFile(io.BytesIO(docx)) as zf:
            xml = zf.read("word/document.xml").decode("utf-8")
        assert typed in shown, shown
        assert escaped in xml and "<b>" not in xml and "<i>" not in xml


# -- 5. A step's summary that only repeats its title is not printed again ---------------------


@pytest.mark.parametrize("title,summary,dropped", [
    ("Clôture de la médiation par le Médiateur des entreprises (échec).",
     "Le Médiateur des entreprises constate l'échec de la médiation.", True),
    ("Saisine du Médiateur des entreprises.",
     "Saisine en ligne du Médiateur des entreprises.", True),
    # a fact the title does not say is kept
    ("Réponse écrite insatisfaisante du service clients.", "Refus du service clients.", False),
    ("Saisine du Médiateur des entreprises.", "Saisine du Médiateur des entreprises par la "
     "CPME.", False),
    ("Appel à votre service clients.", "Ligne coupée depuis le 2 mars.", False),
])
def test_5_summary_repeating_the_title(title, summary, dropped) -> None:
    """5, b4, b5, e3: « 5 octobre 2026 — Clôture de la médiation par le Médiateur des
    entreprises (échec). Le Médiateur des entreprises constate l'échec de la médiation. »"""
    from documents.letters.steps import adds_nothing

    assert adds_nothing(summary, title) is dropped


def test_5_the_chronology_of_the_letters_says_the_failure_once() -> None:
    from tests.test_review3_letters import ei_last_resort

    case = ei_last_resort()
    letter = plain(text_of(compose(LetterKind.FORMAL_NOTICE, case))).replace("\n", " ")
    assert "constate l'échec" not in letter, letter
    assert "Clôture de la médiation par le Médiateur des entreprises (échec)" in letter


def test_5_the_diligences_say_the_mediation_closed_without_agreement() -> None:
    """5, e3 and b5 (requête, rubrique 6): « Médiateur des entreprises saisi le 20 septembre
    2026, réponse reçue le 5 novembre 2026 »; the chronology says the mediation closed."""
    from tests.test_review3_letters import ei_last_resort

    letter = plain(text_of(compose(LetterKind.COURT_REQUEST, ei_last_resort()))).replace(
        "\n", " ")
    assert ("Médiateur des entreprises saisi le 20 septembre 2026, médiation close sans accord "
            "le 5 novembre 2026.") in letter, letter
    assert "réponse reçue" not in letter
