"""The second practitioner's review of the acts (/work/coord/review2-letters.md, sections 3, 4,
9, 10, 13, 14 and 16.1): the requête (one sum, the proof of the amicable attempt, no « dossier
suivi par » on an act the structure cannot file), the court of an association or a sole
trader, the couple (two signatures, two claimants), the mandate, the mandate announced in a
dossier, the complaint's état civil. Each test quotes the text the reviewer refused."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from dispute.model import (
    BusinessForm,
    Civility,
    Credit,
    CreditKind,
    Event,
    EventKind,
    Exhibit,
    StructureKind,
)
from dispute.procedure import assess
from documents.letters import LetterKind
from tests.letter_matrix import _business, _private
from tests.test_review_third_party_letters import (
    NOV,
    STRUCTURE_SIGNS,
    compose,
    couple_with_association,
    refused_opinion,
    sections,
    text,
)

def with_structure(case):
    case.handling_structure = copy.deepcopy(couple_with_association().handling_structure)
    return case


def with_offence(case):
    case.offence = "Pratique commerciale trompeuse"
    return case


def with_gesture(case):
    """Case p2: a gesture of 10 € deducted from the 30 € claimed."""
    case.credits = [Credit(kind=CreditKind.GESTURE, amount=Decimal("10.00"),
                           date=date(2026, 3, 20), deducted=True)]
    return case


# -- 3. Requête (particulier) ------------------------------------------------------------------

def test_request_total_is_one_amount() -> None:
    """3.1: « Montant total demandé en principal : 45,02 € : 55,02 € contestés, moins le geste
    commercial de 10,00 € accordé le 15 juin 2026. »"""
    demand = sections(LetterKind.COURT_REQUEST,
                      with_gesture(refused_opinion()))["4. Objet de la demande"]
    assert "Montant total demandé en principal : 20,00 €.\n" in demand + "\n"
    assert "Ce montant correspond à 30,00 € contestés, moins le geste commercial de " \
        "10,00 € accordé le 20 mars 2026." in demand
    # 3.4: the request asks the court to order a payment
    assert "Je demande au tribunal de condamner la société Bouygues Telecom à me payer la " \
        "somme de 20,00 € en principal, ainsi qu'aux dépens." in demand


def test_request_warns_when_the_opinion_is_not_an_exhibit() -> None:
    """3.2: « Aucune pièce ne porte l'avis ni la saisine … et aucun avertissement ne le
    signale » — the only proof of the prior amicable attempt."""
    case = refused_opinion()
    assert not any("prouve la tentative amiable" in w
                   for w in compose(LetterKind.COURT_REQUEST, case).warnings)
    for ev in case.events:
        if ev.kind in (EventKind.SAISINE, EventKind.MEDIATOR_OPINION):
            ev.exhibit_ids = []
    warnings = compose(LetterKind.COURT_REQUEST, case).warnings
    proof = [w for w in warnings if "prouve la tentative amiable" in w]
    assert any("l'avis du médiateur du 25 juillet 2026" in w for w in proof)
    assert any("la saisine du 2 mai 2026" in w for w in proof)


def test_no_followed_by_on_acts_the_structure_cannot_file() -> None:
    """3.3: « Dossier suivi par : Bernard Lemoine, juriste bénévole, UFC-Que Choisir de
    l'Orne » on the requête and the complaint, and the warning said « la structure figure
    comme « dossier suivi par » » (the conciliateur's letter, not a procedural act, keeps it:
    « on peut le garder sur la lettre au conciliateur »)."""
    case = with_offence(with_structure(refused_opinion()))
    for kind in (LetterKind.COURT_REQUEST, LetterKind.PROCUREUR):
        for settings in (None, STRUCTURE_SIGNS):
            composed = compose(kind, case, settings=settings)
            assert composed.letter.followed_by == "", kind
            assert not any("dossier suivi par" in w for w in composed.warnings), kind
    # a letter to the operator still names the structure that follows the case
    assert compose(LetterKind.FORMAL_NOTICE, case).letter.followed_by


# -- 9. Couple -----------------------------------------------------------------------------------

def test_request_identifies_each_claimant_of_a_couple() -> None:
    """9.2: « 2. Demandeur • Nom et prénoms : Claire et Paul Fontaine ; … » — art. 54's
    mentions are due for each natural person."""
    parts = sections(LetterKind.COURT_REQUEST, couple_with_association())
    assert "2. Demandeur" not in parts
    claimants = parts["2. Demandeurs"]
    assert "Nom et prénoms : Anne Lemoine" in claimants
    assert "Nom et prénoms : Paul Lemoine" in claimants
    assert claimants.count("Date et lieu de naissance : [à compléter]") == 2
    assert claimants.count("Profession : [à compléter]") == 2


# -- 16.1 Plainte --------------------------------------------------------------------------------

def test_complaint_asks_the_complainant_civil_status() -> None:
    """16.1: the complainant is identified by name and address only; the parquet asks the
    date and place of birth and the profession, and one asks to be told what follows."""
    composed = compose(LetterKind.PROCUREUR, with_offence(refused_opinion()))
    from tests.test_letters_practitioner import text_of

    letter = text_of(composed)
    assert "Date et lieu de naissance : [à compléter]" in letter
    assert "Profession : [à compléter]" in letter
    assert "Je vous remercie de m'informer des suites données à ma plainte." in letter


# -- 4. Court of an association, a sole trader -------------------------------------------------

def test_association_request_is_for_the_tribunal_judiciaire() -> None:
    """4.1: « Greffe du tribunal de commerce » and, in the same document, « tentative amiable
    préalable … devant le tribunal judiciaire » and « la structure peut représenter
    l'entreprise (853) » — an association goes to the tribunal judiciaire (engine: court
    kind), where the structure cannot represent it (762)."""
    case = _business(BusinessForm.ASSOCIATION)
    composed = compose(LetterKind.COURT_REQUEST, case)
    letter = text(LetterKind.COURT_REQUEST, case)
    assert composed.letter.recipient[0] == "Greffe du tribunal judiciaire de …"
    assert composed.letter.subject.startswith("Requête aux fins de saisine du tribunal "
                                              "judiciaire")
    assert "commerce" not in letter
    assert "8. Procédure sans audience" in letter
    assert not any("853" in w for w in composed.warnings)
    assert any("ne peut pas représenter l'association devant le tribunal judiciaire" in w
               and "762" in w for w in composed.warnings)


def test_sole_trader_request_follows_the_engine_and_says_what_to_check() -> None:
    """4.1: the EI « Salon Élise Coiffure » (an artisan, not a trader): the engine leaves the
    court to check (its legal form does not say « commerçant »); the letter is the tribunal judiciaire's requête (coherent with the 750-1
    banner) and the tribunal de commerce is a warning, never an « à vérifier » in the act."""
    case = _business(BusinessForm.SOLE_TRADER)
    assert assess(case, NOV).court.kind == "to_check"
    composed = compose(LetterKind.COURT_REQUEST, case)
    letter = "\n".join(p for p in text(LetterKind.COURT_REQUEST, case).splitlines()
                       if not p.startswith("PROJET — NE PAS ENVOYER"))  # the draft's banner
    assert composed.letter.recipient[0] == "Greffe du tribunal judiciaire de …"
    assert "tribunal de commerce" not in letter and "à vérifier" not in letter
    check = [w for w in composed.warnings if w.startswith("Tribunal à vérifier")]
    assert check and "cette requête est préparée pour le tribunal judiciaire" in check[0]
    assert "artisan : juridiction à vérifier" in check[0]  # the engine's own note
    assert not any("853" in w for w in composed.warnings)
    assert not any("762" in w for w in composed.warnings)  # no structure (review3 1.6)
    case.handling_structure = _business(BusinessForm.COMPANY).handling_structure
    assert any("762" in w for w in compose(LetterKind.COURT_REQUEST, case).warnings)


def test_company_request_is_for_the_tribunal_de_commerce_with_one_ttc_sum() -> None:
    """4.1 / 14.1: a SARL: the tribunal de commerce, 853; « Montant total demandé en
    principal : 136,36 € HT (163,63 € TTC) : 151,36 € HT … » — one sum, what was paid, TTC;
    « par virement ou par avoir » is not what a judge orders. 14.2: the special power is
    not written by the app: the warning says so and where a model is."""
    case = _business(BusinessForm.COMPANY)
    for credit in case.credits:
        credit.deducted = True
    composed = compose(LetterKind.COURT_REQUEST, case)
    demand = sections(LetterKind.COURT_REQUEST, case)["4. Objet de la demande"]
    assert composed.letter.recipient[0] == "Greffe du tribunal de commerce de …"
    assert "Montant total demandé en principal : 163,63 € TTC.\n" in demand
    assert "Ce montant correspond à 136,36 € HT : 151,36 € HT (181,63 € TTC) " \
        "contestés, moins l'avoir de 15,00 € HT" in demand
    assert "par virement ou par avoir" not in demand
    power = [w for w in composed.warnings if "pouvoir spécial écrit" in w]
    assert power and "L'application ne rédige pas ce pouvoir" in power[0]
    assert "cour d'appel de Nancy" in power[0] and "71-1130" in power[0]
    assert not any("762" in w for w in composed.warnings)


def test_mandate_clause_follows_the_court() -> None:
    """4.1: « Le mandat (clause 4) suit la même logique : pour une EI artisanale et une
    association, écrire la clause 762, pas la clause 853. »"""
    association = text(LetterKind.MANDATE, _business(BusinessForm.ASSOCIATION))
    assert "762" in association and "853" not in association
    company = text(LetterKind.MANDATE, _business(BusinessForm.COMPANY))
    assert "853" in company and "762" not in company
    sole = text(LetterKind.MANDATE, _business(BusinessForm.SOLE_TRADER))
    assert "762" in sole and "853" in sole and "à vérifier" not in sole


# -- 10. Mandate ---------------------------------------------------------------------------------

def test_mandate_prints_no_reservation_in_the_act() -> None:
    """10.1: « (Code civil, art. 1984 ; art. 1987, à vérifier) », « (Code civil, art. 1988, à
    vérifier) » printed in an act the parties sign: the reservation goes to a warning."""
    for case in (couple_with_association(), _business(BusinessForm.COMPANY)):
        composed = compose(LetterKind.MANDATE, case)
        from tests.test_letters_practitioner import text_of

        letter = text_of(composed)
        assert "à vérifier" not in letter
        assert "Ce mandat est spécial : il ne vaut que pour ce litige (Code civil, " \
            "art. 1984)." in letter
        assert "instruction écrite, datée et signée :" in letter
        assert any("1987" in w and "1988" in w and "à vérifier" in w
                   for w in composed.warnings)


def test_structure_agrees_with_its_name() -> None:
    """10.2: « l'UFC-Que Choisir de l'Orne …, représenté pour ce dossier par », « la CPME de
    l'Aubrée …, représenté »: the participle agrees with the structure named."""
    assert "l'UFC-Que Choisir de l'Orne (RNA n° W611000000), dont le siège est situé " \
        "2 place du Marché, 61000 Alençon, représentée pour ce dossier par Bernard Petit" \
        in text(LetterKind.MANDATE, couple_with_association())
    company = text(LetterKind.MANDATE, _business(BusinessForm.COMPANY))
    assert "représentée pour ce dossier par Nadia Garnier" in company
    assert "représenté pour" not in company
    committee = couple_with_association()
    committee.handling_structure.name = "Comité de défense des usagers"
    committee.handling_structure.kind = StructureKind.OTHER
    assert "représenté pour ce dossier par Bernard Petit" in text(LetterKind.MANDATE, committee)


def test_sole_trader_mandate_wording() -> None:
    """10.3: « Le mandant est une entreprise adhérente du mandataire » (a person is not an
    enterprise) and « un extrait Kbis » for an artisan who has none."""
    case = _business(BusinessForm.SOLE_TRADER)
    case.handling_structure = copy.deepcopy(_business(BusinessForm.COMPANY).handling_structure)
    letter = text(LetterKind.MANDATE, case)
    assert "Le mandant est une entreprise adhérente" not in letter
    assert "L'entreprise individuelle du mandant est adhérente du mandataire sous le n°" \
        in letter
    assert "Kbis" not in letter
    assert "un justificatif d'immatriculation de l'entreprise (extrait du registre, avis de " \
        "situation au répertoire SIRENE)" in letter


def test_association_is_not_named_twice() -> None:
    """The mandant « l'association Association Les Jardins Partagés »."""
    letter = text(LetterKind.MANDATE, _business(BusinessForm.ASSOCIATION))
    assert "l'association Association" not in letter
    assert "l'association Les Jardins Partagés" in letter


def test_sole_trader_court_read_from_its_legal_form() -> None:
    """4.1 with the engine's reading of the legal form: « commerçant (RCS) » → the tribunal
    de commerce (853 in the mandate); « profession libérale » → the tribunal judiciaire
    (762)."""
    trader = _business(BusinessForm.SOLE_TRADER)
    trader.subscriber.legal_form = "EI, commerçant (RCS)"
    assert compose(LetterKind.COURT_REQUEST, trader).letter.recipient[0] == \
        "Greffe du tribunal de commerce de …"
    mandate = text(LetterKind.MANDATE, trader)
    assert "853" in mandate and "762" not in mandate
    liberal = _business(BusinessForm.SOLE_TRADER)
    liberal.subscriber.legal_form = "EI, profession libérale"
    composed = compose(LetterKind.COURT_REQUEST, liberal)
    assert composed.letter.recipient[0] == "Greffe du tribunal judiciaire de …"
    assert not any(w.startswith("Tribunal à vérifier") for w in composed.warnings)
    mandate = text(LetterKind.MANDATE, liberal)
    assert "762" in mandate and "853" not in mandate
# -- 9.1 A couple signs twice ----------------------------------------------------------------------

def test_couple_letters_have_two_signatures_in_word_and_pdf() -> None:
    """9.1: « une seule ligne « Claire et Paul Fontaine » sous la formule de politesse, donc
    un seul emplacement de signature » — two blocks side by side, in the Word and the PDF."""
    from tests.test_letters import rendered

    case = with_offence(couple_with_association())
    for kind in (LetterKind.MEDIATOR, LetterKind.FORMAL_NOTICE, LetterKind.COURT_REQUEST,
                 LetterKind.CONCILIATEUR, LetterKind.PROCUREUR):
        composed = compose(kind, case)
        signature = composed.letter.signature
        assert (signature.name, signature.cosigner) == ("Anne Lemoine", "Paul Lemoine"), kind
        docx, pdf = rendered(composed)
        for text_ in (docx, pdf):
            assert "Anne Lemoine" in text_ and "Paul Lemoine" in text_, kind
            assert "Anne et Paul Lemoine\n" not in text_
    # the structure signs alone; a single subscriber signs alone
    assert compose(LetterKind.SERVICE_CLIENTS, case,
                   settings=STRUCTURE_SIGNS).letter.signature.cosigner == ""
    assert compose(LetterKind.FORMAL_NOTICE,
                   refused_opinion()).letter.signature.cosigner == ""


# -- 13.1 The mandate announced in a dossier -------------------------------------------------------

def signed_mandate(case, scanned: bool):
    """« Mandat signé » recorded on 25 June 2026, its scan attached or not."""
    event = Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 6, 25), summary="Mandat signé.")
    if scanned:
        exhibit = Exhibit(number=len(case.exhibits) + 1, title="Mandat signé",
                          date=date(2026, 6, 25))
        case.exhibits.append(exhibit)
        event.exhibit_ids = [exhibit.id]
    case.events.append(event)
    return case


def test_unscanned_mandate_is_not_announced_as_enclosed() -> None:
    """13.1: « nous a donné mandat le 25 juin 2026 (mandat joint) » and « Mandat signé le
    25 juin 2026 au profit de la CPME de l'Aubrée » among the enclosures, but no mandate in
    the zip: a mandate not scanned is not announced, the user is told to scan it."""
    from tests.test_letters_practitioner import text_of

    for kind, case in ((LetterKind.CPME, _business(BusinessForm.COMPANY)),
                       (LetterKind.MEDIATOR, couple_with_association())):
        composed = compose(kind, signed_mandate(case, scanned=False))
        letter = text_of(composed)
        assert "mandat joint" not in letter and "(ci-joint)" not in letter, kind
        assert not any(e.title.startswith("Mandat") for e in composed.letter.enclosures), kind
        assert "donné mandat le 25 juin 2026" in letter, kind
        assert any("n'est pas parmi les pièces" in w and "numérisez-le" in w.lower()
                   for w in composed.warnings), kind


def test_scanned_mandate_is_cited_by_its_exhibit_number() -> None:
    """13.1: « join the mandate when signed and scanned »: cited by its number and listed
    among the enclosures (an exhibit: its file goes into the zipped dossier)."""
    from tests.test_letters_practitioner import text_of

    case = signed_mandate(_business(BusinessForm.COMPANY), scanned=True)
    number = case.exhibits[-1].number
    composed = compose(LetterKind.CPME, case)
    letter = text_of(composed)
    assert f"donné mandat le 25 juin 2026 (pièce n° {number})" in letter
    assert any(e.number == number for e in composed.letter.enclosures)
    assert not any("n'est pas parmi les pièces" in w for w in composed.warnings)


# -- Grammalecte over the new sentences ------------------------------------------------------------

def test_new_sentences_pass_grammalecte() -> None:
    """The condemnation, the claimants and the plaintiffs of a couple, the état civil, the
    court clause of the mandate for each court, the sole trader's membership, the mandate cited
    with or without its exhibit: the matrix of tests/test_letters_grammar.py has no signed
    mandate nor a sole trader « commerçant »."""
    import pytest

    from documents.letters import compose_letter
    from documents.letter_settings import LetterSettings
    from tests.grammar import check_texts, unavailable_reason
    from tests.test_letters_grammar import _accepted, letter_text

    if unavailable_reason() is not None:
        pytest.skip(unavailable_reason())
    couple = with_offence(couple_with_association())
    subscriber = with_offence(signed_mandate(with_structure(refused_opinion()), scanned=True))
    trader = _business(BusinessForm.SOLE_TRADER)
    trader.subscriber.legal_form = "EI, commerçant (RCS)"
    cases = [couple, signed_mandate(couple_with_association(), scanned=False), subscriber,
             trader]
    for form in (BusinessForm.COMPANY, BusinessForm.ASSOCIATION, BusinessForm.SOLE_TRADER):
        cases += [signed_mandate(_business(form), scanned=False),
                  signed_mandate(_business(form), scanned=True)]
    texts = []
    for case in cases:
        assessment = assess(case, NOV)
        for kind in (LetterKind.COURT_REQUEST, LetterKind.PROCUREUR, LetterKind.MANDATE,
                     LetterKind.CPME, LetterKind.MEDIATOR):
            composed = compose_letter(kind, case, assessment, LetterSettings(), NOV)
            texts.append(letter_text(composed.letter))
    errors = [f"{e.found!r} in {e.context!r}" for found in check_texts(texts) for e in found
              if not _accepted(e)]
    assert not errors, "\n".join(errors)


def test_overwritten_line_total_is_to_fill_without_nested_brackets() -> None:
    """3.1 for the écrasement (e1): « Montant total demandé en principal : [à compléter] »
    while the bullet gave the prorata; the indemnity is not quantified, so the total stays to
    fill, the prorata said once and without « (38,63 € HT (46,36 € TTC)) ». Without the
    gesture received (with it: review3 1.0, tests/test_review3_letters.py)."""
    case = _business(BusinessForm.SOLE_TRADER)
    case.credits = []
    demand = sections(LetterKind.COURT_REQUEST, case)["4. Objet de la demande"]
    assert "Montant total demandé en principal : [à compléter]." in demand
    assert "Ce montant comprend le remboursement de l'abonnement au prorata, soit 38,63 € HT " \
        "(46,36 € TTC), et l'indemnisation du préjudice, chiffrée sur justificatifs." in demand
    assert "TTC))" not in demand
