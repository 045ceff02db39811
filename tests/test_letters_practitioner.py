"""What a consumer-law practitioner refused to sign (issue 10's list, issue 9's points 3-6 as
they concern the letters): each error is a test, on the letter's text."""

from __future__ import annotations

import copy
import zipfile
from datetime import date
from decimal import Decimal

from dispute.model import (
    BusinessForm,
    Civility,
    Credit,
    CreditKind,
    DisputeNature,
    TaxBasis,
)
from dispute.model import Voice as SummaryVoice
from dispute.procedure import assess
from documents.content import BulletList, Paragraph
from documents.letter_settings import LetterSettings
from documents.letters import LetterKind, compose_letter
from tests.letter_matrix import DAY, _business, _example, _private

STRUCTURE_SIGNS = LetterSettings(structure_signs=True)


def text_of(composed) -> str:
    letter = composed.letter
    parts = [letter.subject]
    for block in letter.body:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, BulletList):
            parts += [i.text for i in block.items]
        elif hasattr(block, "rows"):
            parts += [" | ".join(r) for r in block.rows]
            if block.total:
                parts.append(" | ".join(block.total))
    parts += [letter.closing] + [f"{e.number} {e.title}" for e in letter.enclosures]
    return "\n".join(parts).replace("\u00a0", " ")


def compose(kind, case, settings=None, today=DAY):
    return compose_letter(kind, case, assess(case, today), settings or LetterSettings(), today)


# --------------------------------------------------------------------------------------------
# French errors listed in issue 10


def test_commitments_to_a_third_party_do_not_read_a_les() -> None:
    case = _business(BusinessForm.COMPANY)
    case.broken_commitments = ["2.1"]
    for kind in (LetterKind.CPME, LetterKind.DGCCRF, LetterKind.SERVICE_CLIENTS):
        text = text_of(compose(kind, case))
        assert " à les " not in text
        assert "engagements certifiés" in text


def test_cpme_email_names_the_structure_with_its_article() -> None:
    from documents.email_draft import cpme_email_body

    case = _business(BusinessForm.COMPANY)
    case.handling_structure.name = "CPME du Calvados"
    body = cpme_email_body(case)
    text = str(body.plain if hasattr(body, "plain") else body)
    assert "Au nom de CPME" not in text


def test_other_nature_is_not_relative_twice() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.natures = [DisputeNature.OTHER]
    text = text_of(compose(LetterKind.SERVICE_CLIENTS, case))
    assert "relative à un litige relatif" not in text


def test_several_exhibits_read_nos() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    text = text_of(compose(LetterKind.SERVICE_CONSOMMATEURS, case))
    assert "Pièces n° " not in text
    assert "Pièces nos " in text


def test_the_subscriber_does_not_call_himself_l_abonne() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    text = text_of(compose(LetterKind.SERVICE_CLIENTS, case))
    assert "ouverts à l'abonné" not in text


def test_procureur_steps_are_not_ambiguous() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.offence = "pratique commerciale trompeuse"
    text = text_of(compose(LetterKind.PROCUREUR, case))
    assert "que j'ai accomplies" not in text


def test_a_sole_trader_is_not_notre_societe_nor_a_siege() -> None:
    case = _business(BusinessForm.SOLE_TRADER)
    for kind in (LetterKind.SERVICE_CLIENTS, LetterKind.FORMAL_NOTICE,
                 LetterKind.SERVICE_CONSOMMATEURS):
        text = text_of(compose(kind, case))
        assert "Notre société" not in text and "notre société" not in text.replace(
            "votre société", "")
        assert "dont le siège" not in text


def test_a_structure_speaks_of_its_member_with_an_article() -> None:
    case = _business(BusinessForm.ASSOCIATION)
    text = text_of(compose(LetterKind.SERVICE_CLIENTS, case, STRUCTURE_SIGNS))
    assert "compte de Association" not in text
    assert "adhérent" in text


def test_invoice_dates_are_never_cut_in_the_billing_table() -> None:
    from documents.letters import composed_pdf_bytes
    from tests.test_letters import pdf_text

    case = _business(BusinessForm.COMPANY)
    for il in case.invoice_lines:
        il.invoice_date = date(2026, 9, 30)
    pdf, _ = composed_pdf_bytes(compose(LetterKind.BILLING, case, today=date(2026, 11, 2)))
    assert "30/09/2026" in pdf_text(pdf)  # « 5 mars 202 / 6 » was cut in a narrow column


def test_dgccrf_letter_name_in_the_dossier_has_no_slash(tmp_path) -> None:
    from documents.dossier import build_dossier
    from documents.letters import LETTER_LABELS
    from store.casefile import read_case_file
    from tests.letter_matrix import EXAMPLES

    cf = read_case_file(EXAMPLES / "panne-fibre-particulier")
    letter = compose(LetterKind.DGCCRF, cf.case).letter
    result = build_dossier(cf.case, cf.sources, tmp_path / "d.zip", today=DAY,
                           target="complete",
                           letters=[(LETTER_LABELS[LetterKind.DGCCRF], letter)])
    with zipfile.ZipFile(result.path) as zf:
        letters = [n for n in zf.namelist() if "DGCCRF" in n]
    assert letters and all(n.count("/") == 1 for n in letters), letters


# --------------------------------------------------------------------------------------------
# One voice per letter (point 2)


def test_a_third_person_summary_is_quoted_not_spliced() -> None:
    case = _example("panne-fibre-particulier")  # neutral summary: « Elle a appelé »
    for kind in (LetterKind.FORMAL_NOTICE, LetterKind.DGCCRF, LetterKind.SERVICE_CLIENTS):
        letter = compose(kind, case).letter
        texts = [b.text for b in letter.body if isinstance(b, Paragraph)]
        spliced = [t for t in texts if t.startswith("Les faits sont les suivants") and
                   "Elle a appelé" in t]
        assert not spliced, kind
        if any("Elle a appelé" in t for t in texts):
            head = ("Rappel des faits (résumé du dossier)" if kind is LetterKind.FORMAL_NOTICE
                    else "Exposé des faits")  # an act asserts, never quotes (review T12)
            assert any(t.startswith(head) for t in texts), kind


def test_a_first_person_summary_is_not_signed_by_the_structure() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", True)
    case.handling_structure = copy.deepcopy(_business(BusinessForm.COMPANY).handling_structure)
    letter = compose(LetterKind.SERVICE_CLIENTS, case, STRUCTURE_SIGNS).letter
    for b in letter.body:
        if isinstance(b, Paragraph) and "J'ai appelé" in b.text:
            assert b.runs[-1].italic or "Exposé des faits" in b.text


def test_a_couple_speaks_in_the_plural() -> None:
    case = _private(Civility.COUPLE, "Claire et Jean Fontaine", True)
    text = text_of(compose(LetterKind.SERVICE_CLIENTS, case))
    assert "Titulaires du contrat" in text and "nous vous adressons" in text
    assert "je " not in text.lower().replace("jean", "")


def test_a_company_speaks_in_the_plural_and_a_sole_trader_in_the_singular() -> None:
    company = text_of(compose(LetterKind.SERVICE_CLIENTS, _business(BusinessForm.COMPANY)))
    assert "Notre société" in company
    trader = text_of(compose(LetterKind.SERVICE_CLIENTS, _business(BusinessForm.SOLE_TRADER)))
    assert "je vous adresse" in trader and "Nous " not in trader


# --------------------------------------------------------------------------------------------
# Amounts HT and TTC (point 3), what the operator already gave (point 4)


def test_business_amounts_say_ht_and_ttc() -> None:
    case = _business(BusinessForm.COMPANY)  # 151,36 € HT disputed
    text = text_of(compose(LetterKind.BILLING, case))
    assert "151,36 € HT (181,63 € TTC)" in text
    assert "la somme de 151,36 €," not in text


def test_private_amounts_stay_ttc_without_saying_so() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.credits = []
    text = text_of(compose(LetterKind.SERVICE_CLIENTS, case))
    assert "55,02 €" in text and " HT" not in text


def test_a_credit_received_is_deducted_and_said() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.credits = [Credit(kind=CreditKind.GESTURE, amount=Decimal("10.00"),
                           date=date(2026, 6, 15), deducted=True)]
    text = text_of(compose(LetterKind.SERVICE_CLIENTS, case))
    assert "45,02 €" in text and "10,00 €" in text


def test_a_credit_not_deducted_is_explained() -> None:
    case = _business(BusinessForm.COMPANY)
    case.credits = [Credit(kind=CreditKind.CREDIT, amount=Decimal("15.00"),
                           tax_basis=TaxBasis.HT, date=date(2026, 4, 30),
                           invoice_number="F2604-0031872", deducted=False,
                           note="avoir sur une autre ligne")]
    text = text_of(compose(LetterKind.BILLING, case))
    assert "15,00 € HT" in text and "151,36 € HT" in text


# --------------------------------------------------------------------------------------------
# Complete enclosures (point 5)


def test_mediator_letter_lists_what_it_announces() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    letter = compose(LetterKind.MEDIATOR, case).letter
    titles = " ".join(e.title for e in letter.enclosures).lower()
    body = text_of(compose(LetterKind.MEDIATOR, case)).lower()
    if "formulaire de saisine" in body:
        assert "formulaire de saisine" in titles
    if "fiche récapitulative" in body:
        assert "fiche récapitulative" in titles


def test_chronology_for_a_third_party_has_no_internal_sections() -> None:
    from documents.chronology import chronology_report

    case = _example("panne-fibre-particulier")
    report = chronology_report(case, assess(case, DAY), generated_on=DAY, third_party=True)
    texts = [getattr(b, "text", "") for b in report.blocks] + [r.label for r in report.header]
    assert not any("Échéances calculées" in t or "Voies de recours" in t or
                   "Étape de la procédure" in t for t in texts)


# --------------------------------------------------------------------------------------------
# Issue 9 as it concerns the letters


def test_no_prescription_paragraph_in_a_letter_to_the_operator() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    for today in (date(2026, 7, 1), date(2027, 2, 20), date(2027, 5, 1)):
        for kind in (LetterKind.BILLING, LetterKind.SERVICE_CLIENTS,
                     LetterKind.SERVICE_CONSOMMATEURS, LetterKind.FORMAL_NOTICE):
            text = text_of(compose(kind, case, today=today))
            assert "prescri" not in text.lower(), (kind, today)


def test_business_letters_to_the_operator_cite_lcen_strict_liability() -> None:
    case = _business(BusinessForm.SOLE_TRADER)  # a line cut: an outage of service
    for kind in (LetterKind.SERVICE_CLIENTS, LetterKind.FORMAL_NOTICE):
        text = text_of(compose(kind, case))
        assert "article 15" in text and "13 mars 2024" in text
    private = text_of(compose(LetterKind.SERVICE_CLIENTS,
                              _private(Civility.MRS, "Claire Fontaine", False)))
    assert "13 mars 2024" not in private


def test_no_48_hours_legal_delay_anywhere() -> None:
    for _, case in __import__("tests.letter_matrix", fromlist=["matrix"]).matrix():
        for kind in LetterKind:
            text = text_of(compose(kind, case))
            assert "48 h" not in text and "48 heures" not in text


def test_procureur_letter_needs_a_qualified_offence() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    today = date(2027, 3, 1)
    a = assess(case, today)
    from documents.letters import available_letters

    status = {x.kind: x for x in available_letters(case, a)}
    assert not status[LetterKind.PROCUREUR].available
    assert "infraction" in status[LetterKind.PROCUREUR].reason
    composed = compose(LetterKind.PROCUREUR, case, today=today)
    assert any("infraction" in w for w in composed.warnings)
    case.offence = "pratique commerciale trompeuse"
    composed = compose(LetterKind.PROCUREUR, case, today=today)
    assert "pratique commerciale trompeuse" in text_of(composed)


def test_the_cpme_email_says_what_the_company_asks_for() -> None:
    from documents.email_draft import cpme_email_body

    case = _business(BusinessForm.COMPANY)
    text = cpme_email_body(case, today=DAY).text()
    assert "Ce que l'entreprise demande :" in text
    assert "151,36 € HT (181,63 € TTC)" in text.replace("\u00a0", " ")
    assert "échéances" not in text  # the chronology sent holds facts and exhibits only
