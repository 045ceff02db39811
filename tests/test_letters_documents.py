"""The new documents (issue 10 point 1, issue 9 points 4 and 5): the mandate, the
conciliateur letter, the court request with the mentions of C.P.C. 54, 57 and 757, the
Médiateur des entreprises fiche. Read on the composed content and on the rendered files."""

from __future__ import annotations

import copy
from datetime import date

from dispute.model import (
    BusinessForm,
    Civility,
    Counterpart,
    Direction,
    Event,
    EventKind,
    Exhibit,
    HandlingStructure,
    StructureKind,
)
from dispute.procedure import assess
from documents.content import Heading
from documents.letter_settings import LetterSettings
from documents.letters import (
    LetterKind,
    available_letters,
    compose_letter,
    composed_docx_bytes,
    composed_pdf_bytes,
)
from tests.letter_matrix import _business, _private
from tests.test_letters import _norm, docx_text, pdf_text
from tests.test_letters_practitioner import text_of

LATE = date(2027, 3, 1)


def compose(kind, case, today=LATE, settings=None):
    return compose_letter(kind, case, assess(case, today), settings or LetterSettings(), today)


def headings(composed) -> list[str]:
    return [b.text for b in composed.letter.body if isinstance(b, Heading)]


def both_texts(composed) -> tuple[str, str]:
    return (_norm(docx_text(composed_docx_bytes(composed)[0])),
            _norm(pdf_text(composed_pdf_bytes(composed)[0])))


def _with_opinion(case):
    case.events.append(Event(kind=EventKind.SAISINE, date=date(2026, 7, 2),
                             counterpart=Counterpart.MEDIATOR, written=True))
    case.events.append(Event(kind=EventKind.MEDIATOR_OPINION, date=date(2026, 9, 1),
                             counterpart=Counterpart.MEDIATOR, direction=Direction.INCOMING,
                             written=True))
    return case


# --------------------------------------------------------------------------------------------
# The court request


def test_the_request_carries_every_mention_of_cpc_54_57_757() -> None:
    case = _with_opinion(_private(Civility.MRS, "Claire Fontaine", False))
    composed = compose(LetterKind.COURT_REQUEST, case)
    assert headings(composed) == [
        "1. Juridiction saisie", "2. Demandeur", "3. Défendeur", "4. Objet de la demande",
        "5. Exposé sommaire des motifs",
        "6. Diligences entreprises en vue d'une résolution amiable",
        "7. Pièces sur lesquelles la demande est fondée", "8. Procédure sans audience"]
    text = text_of(composed)
    assert "Tribunal judiciaire de" in text
    assert "Madame Claire Fontaine" in text and "8 allée des Glycines" in text
    assert "Date et lieu de naissance" in text and "Nationalité" in text
    assert "Bouygues" in text and "Siège social" in text
    assert "Montant total demandé en principal : 45,02 €" in text
    assert "saisine du Médiateur des communications électroniques" in text
    assert [e.number for e in composed.letter.enclosures] == [x.number for x in case.exhibits]
    assert composed.letter.signature.name == "Claire Fontaine"
    warnings = " ".join(composed.warnings)
    # no structure follows this case: nothing about its representing (review3 1.6)
    assert "16042*02" in warnings and "762" not in warnings
    dtext, ptext = both_texts(composed)
    for t in (dtext, ptext):
        assert "Exposé sommaire des motifs" in t and "Pièce n° 1 : " in t


def test_the_request_warns_without_a_prior_amicable_attempt_and_above_5000() -> None:
    case = _private(Civility.MR, "Jean Fontaine", False)
    case.invoice_lines[0].amount_disputed = case.invoice_lines[0].amount_billed = \
        type(case.invoice_lines[0].amount_disputed)("6000.00")
    composed = compose(LetterKind.COURT_REQUEST, case)
    warnings = " ".join(composed.warnings)
    assert "750-1" in warnings and "à vérifier" in warnings
    assert "supérieure à 5 000 €" in warnings


def test_a_business_goes_to_the_tribunal_de_commerce_with_a_special_power() -> None:
    case = _business(BusinessForm.COMPANY)
    composed = compose(LetterKind.COURT_REQUEST, case)
    text = text_of(composed)
    assert "Tribunal de commerce de" in text and "Tribunal judiciaire" not in text
    # one sum, said in the total, not in the head of claim too (review3 1.4)
    assert "Montant total demandé en principal : 181,63 € TTC" in text.replace("\u00a0", " ")
    assert "Ce montant correspond à 151,36 € HT" in text.replace("\u00a0", " ")
    assert any("853" in w and "10 000 €" in w for w in composed.warnings)
    assert not any("750-1" in w for w in composed.warnings)
    assert "8. Procédure sans audience" not in headings(composed)


# --------------------------------------------------------------------------------------------
# The conciliateur


def test_conciliateur_letter_for_a_private_subscriber_after_the_mediator() -> None:
    case = _with_opinion(_private(Civility.MRS, "Claire Fontaine", False))
    status = {a.kind: a for a in available_letters(case, assess(case, LATE))}
    assert status[LetterKind.CONCILIATEUR].available
    composed = compose(LetterKind.CONCILIATEUR, case)
    text = text_of(composed)
    assert "tentative de conciliation" in text and "Madame, Monsieur le Conciliateur" in \
        composed.letter.closing
    assert any("conciliateurs.fr" in w for w in composed.warnings)
    business = _business(BusinessForm.COMPANY)
    status = {a.kind: a for a in available_letters(business, assess(business, LATE))}
    assert not status[LetterKind.CONCILIATEUR].available


# --------------------------------------------------------------------------------------------
# The Médiateur des entreprises


def test_business_mediator_fiche_holds_what_its_form_asks() -> None:
    case = _business(BusinessForm.COMPANY)
    composed = compose(LetterKind.BUSINESS_MEDIATOR, case)
    table = next(b for b in composed.letter.body if hasattr(b, "rows"))
    rubrics = [r[0] for r in table.rows]
    for expected in ("Votre entreprise", "Adresse électronique nominative", "Téléphone mobile",
                     "L'entreprise avec qui vous êtes en litige", "Objet du litige",
                     "Engagement de confidentialité"):
        assert expected in rubrics
    values = dict(table.rows)
    assert "901 473 629 00011" in values["Votre entreprise"].replace("\u00a0", " ")
    # contact@ is generic: not accepted, the user is told.
    assert "contact@" not in values["Adresse électronique nominative"].split("(")[0]
    assert any("nominative" in w for w in composed.warnings)
    assert not composed.postal
    private = _private(Civility.MRS, "Claire Fontaine", False)
    status = {a.kind: a for a in available_letters(private, assess(private, LATE))}
    assert not status[LetterKind.BUSINESS_MEDIATOR].available


# --------------------------------------------------------------------------------------------
# The mandate


def _structured(case, kind=StructureKind.CONSUMER_ASSOCIATION, member="UFC-0042"):
    case.handling_structure = HandlingStructure(
        name="Association Consommateurs du Val", contact_name="Paul Lemoine",
        contact_role="Bénévole", kind=kind, identifier="W372001234", member_number=member,
        member_since=date(2025, 1, 10))
    case.handling_structure.address.street_lines = ["1 rue du Port"]
    case.handling_structure.address.postcode = "37000"
    case.handling_structure.address.city = "Tours"
    return case


def test_the_mandate_note_says_only_where_it_is_joined_for_this_case() -> None:
    """A private subscriber's mandate is joined to the mediator's saisine — the CPME never
    applies to him; a business's to the CPME request."""
    private = compose(LetterKind.MANDATE, _structured(_private(Civility.MRS, "Claire Fontaine",
                                                               False)), today=DAY_M)
    note = next(w for w in private.warnings if "Mandat signé" in w)
    assert "CPME" not in note and "saisine du médiateur" in note
    business = compose(LetterKind.MANDATE, _business(BusinessForm.COMPANY), today=DAY_M)
    note = next(w for w in business.warnings if "Mandat signé" in w)
    assert "demande à la CPME" in note and "médiateur" not in note


def test_the_mandate_states_parties_acts_reserved_acts_and_no_court_representation() -> None:
    case = _structured(_private(Civility.MRS, "Claire Fontaine", False))
    composed = compose(LetterKind.MANDATE, case, today=DAY_M)
    text = text_of(composed)
    assert "Madame Claire Fontaine" in text and "Association Consommateurs du Val" in text
    assert "adhérent" in text and "UFC-0042" in text
    assert "Code civil, art. 1984" in text
    assert "Médiateur des communications électroniques" in text
    for reserved in ("transaction", "renoncer", "résilier", "proposition ou un avis"):
        assert reserved in text
    assert "tribunal judiciaire" in text and "762" in text
    assert "ce seul litige" in text and "révoquer" in text
    assert "« Bon pour mandat »" in text and "« Bon pour acceptation du mandat »" in text
    assert composed.letter.enclosures == ()
    assert not composed.postal
    assert any("Mandat signé" in w for w in composed.warnings)


def test_a_cpme_mandate_is_for_the_member_company_and_mentions_853() -> None:
    case = _business(BusinessForm.COMPANY)
    composed = compose(LetterKind.MANDATE, case, today=DAY_M)
    text = text_of(composed)
    assert "entreprise adhérente" in text and "A-2025-118" in text
    assert "853" in text and "Médiateur des entreprises" in text
    assert "Médiateur des communications électroniques" not in text
    assert "Kbis" in text


def test_an_unsigned_mandate_is_flagged_before_a_letter_the_structure_signs() -> None:
    case = _business(BusinessForm.COMPANY)
    signed = LetterSettings(structure_signs=True)
    composed = compose(LetterKind.SERVICE_CLIENTS, case, settings=signed)
    assert any("Aucun mandat signé" in w for w in composed.warnings)
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 4, 2),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True))
    composed = compose(LetterKind.SERVICE_CLIENTS, case, settings=signed)
    assert not any("Aucun mandat signé" in w for w in composed.warnings)
    # ... not scanned: never announced as enclosed with the CPME request, and the user is
    # told to scan it (review2 13.1: « mandat joint », no mandate in the zip)
    cpme = compose(LetterKind.CPME, case, today=date(2026, 7, 1))
    assert not any(e.title.startswith("Mandat") for e in cpme.letter.enclosures)
    assert any("Le mandat signé le 2 avril 2026 n'est pas parmi les pièces" in
               w.replace("\u00a0", " ") for w in cpme.warnings)


def test_the_mediator_letter_encloses_the_signed_mandate_when_a_structure_helps() -> None:
    case = _structured(_private(Civility.MRS, "Claire Fontaine", False))
    today = date(2026, 7, 15)
    composed = compose(LetterKind.MEDIATOR, case, today=today)
    assert any("aucun mandat signé" in w for w in composed.warnings)
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 7, 1),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True))
    composed = compose(LetterKind.MEDIATOR, case, today=today)
    # signed, not scanned: said (« à qui j'ai donné mandat le 1er juillet 2026 »), never
    # listed as enclosed (review2 13.1); scanned: enclosed as a numbered exhibit
    titles = [e.title.replace("\u00a0", " ") for e in composed.letter.enclosures]
    assert not any(t.startswith("Mandat") for t in titles)
    # the copy follows, as in the letters to the operator (review3 4.2)
    assert "donné mandat le 1er juillet 2026 (une copie vous en sera transmise séparément) ;" \
        in text_of(composed)
    scan = Exhibit(number=len(case.exhibits) + 1, title="Mandat signé", date=date(2026, 7, 1))
    case.exhibits.append(scan)
    case.events[-1].exhibit_ids = [scan.id]
    composed = compose(LetterKind.MEDIATOR, case, today=today)
    assert f"donné mandat le 1er juillet 2026 (pièce n° {scan.number})" in text_of(composed)
    assert any(e.number == scan.number for e in composed.letter.enclosures)


def test_no_mandate_without_a_structure() -> None:
    case = copy.deepcopy(_private(Civility.MR, "Jean Fontaine", False))
    status = {a.kind: a for a in available_letters(case, assess(case, LATE))}
    assert not status[LetterKind.MANDATE].available


DAY_M = date(2026, 3, 20)
