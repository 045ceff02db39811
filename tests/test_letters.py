"""The letters (documents.letters): what each one says, rendered to DOCX and PDF and read back.

The three example cases (examples/*/case.json) are composed into every letter kind, rendered
with the real renderers, then opened with python-docx and pypdf: the tests check the text the
recipient will read (recipient block, Objet, dated steps, LRAR numbers, the five CPME items in
order, the invoice total, the exhibits by number, the salutation repeated in the closing), that
nothing is invented (placeholders and warnings instead), and that hostile text never crashes
and never becomes markup.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from dispute.calendar import format_date_fr
from dispute.model import (
    Credit,
    AnswerOutcome,
    Case,
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
    OperatorRef,
    PostalAddress,
    RegisteredMail,
    Subscriber,
    SubscriberKind,
)
from dispute.procedure import assess
from documents.layout import LetterGeometry
from dispute.letter_kinds import POSTED
from documents.letter_settings import LetterSettings, StructureIdentity, structure_for_case
from documents.letters import (
    ComposedLetter,
    LetterKind,
    available_letters,
    compose_letter,
    composed_docx_bytes,
    composed_pdf_bytes,
)
from documents.letters.core import ADDRESS_PLACEHOLDER
from documents.text import plain
from store.casefile import read_case_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {
    "panne": ("panne-fibre-particulier", date(2026, 7, 1)),
    "facturation": ("facturation-entreprise-cpme", date(2026, 7, 1)),
    "ecrasement": ("ecrasement-ligne-commerce", date(2026, 9, 15)),
}
SETTINGS = LetterSettings(structure=StructureIdentity(
    name="CPME du Bocage (exemple)", street_lines=("10 rue de la Paix",), postcode="14000",
    city="Caen", contact_name="Paul Lemoine", contact_role="Chargé de mission",
    phone="02 99 00 00 00", email="p.lemoine@cpme-bocage.example"))
POSTAL_KINDS = [k for k in LetterKind if k in POSTED]


def _case(name: str) -> Case:
    return read_case_file(ROOT / "examples" / EXAMPLES[name][0]).case


def _compose(name: str, kind: LetterKind, letter_settings: LetterSettings = SETTINGS,
             case: Case | None = None) -> ComposedLetter:
    case = case or _case(name)
    today = EXAMPLES[name][1]
    return compose_letter(kind, case, assess(case, today), letter_settings, today)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", plain(text)).strip()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}p"):
                    parts.append("".join(t.text or "" for t in row.iter()
                                         if t.tag.endswith("}t")))
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def rendered(composed: ComposedLetter) -> tuple[str, str]:
    """(DOCX text, PDF text), whitespace and typographic spaces normalised."""
    docx_bytes, _ = composed_docx_bytes(composed)
    pdf_bytes, info = composed_pdf_bytes(composed)
    assert info.pages >= 1
    return _norm(docx_text(docx_bytes)), _norm(pdf_text(pdf_bytes))


_RENDER_CACHE: dict[tuple[str, LetterKind], tuple[ComposedLetter, str, str]] = {}


def composed_and_rendered(name: str, kind: LetterKind) -> tuple[ComposedLetter, str, str]:
    key = (name, kind)
    if key not in _RENDER_CACHE:
        composed = _compose(name, kind)
        _RENDER_CACHE[key] = (composed, *rendered(composed))
    return _RENDER_CACHE[key]


# --------------------------------------------------------------------------------------------
# Every kind, every example: the common layout content


LETTERS = [LetterKind.SERVICE_CLIENTS, LetterKind.SERVICE_CONSOMMATEURS, LetterKind.MEDIATOR,
           LetterKind.CPME, LetterKind.BILLING, LetterKind.FORMAL_NOTICE, LetterKind.DGCCRF,
           LetterKind.PROCUREUR, LetterKind.CONCILIATEUR]
"""The kinds written as letters (salutation, closing); the court request, the Médiateur des
entreprises fiche and the mandate are tested in tests/test_letters_documents.py."""


@pytest.mark.parametrize("name", sorted(EXAMPLES))
@pytest.mark.parametrize("kind", LETTERS)
def test_every_letter_says_what_a_letter_must(name: str, kind: LetterKind) -> None:
    composed, dtext, ptext = composed_and_rendered(name, kind)
    letter = composed.letter
    case = _case(name)
    for text in (dtext, ptext):
        # Recipient block, place and date, Objet.
        for line in letter.recipient:
            assert _norm(line) in text
        if kind is LetterKind.CPME and case.handling_structure is None:
            # no structure follows the case: the sender is to complete, not the settings'
            assert letter.sender == ("[Structure à compléter]",)
            assert letter.place_and_date == "Le " + format_date_fr(EXAMPLES[name][1])
        else:
            assert letter.place_and_date.endswith(", le " + format_date_fr(EXAMPLES[name][1]))
        assert _norm(letter.place_and_date) in text
        assert _norm("Objet : " + letter.subject) in text
        # Salutation repeated in the closing formula.
        if kind is LetterKind.CPME:
            assert text.count("Madame,") == 2
        else:
            assert text.count("Madame, Monsieur") == 2
        # Exhibits by number.
        assert "Pièces jointes" in text
        for exhibit in case.exhibits:
            assert f"Pièce n° {exhibit.number} : " in text
        # References.
        for number in (case.contract.contract_number, case.contract.customer_number):
            if number:
                assert number in text
        assert case.lines[0].number in text
        # Registered mention for posted letters, none for the e-mailed CPME request, the
        # conciliateur nor a report to the DGCCRF (review 8.2: no proof of receipt needed).
        assert ("Lettre recommandée avec accusé de réception" in text.split("Objet")[0]) \
            is (kind not in (LetterKind.CPME, LetterKind.CONCILIATEUR, LetterKind.DGCCRF))
        # Signature.
        assert _norm(letter.signature.name) in text
    # No markup, no placeholder braces leaking from the code.
    assert "{" not in dtext and "<b>" not in dtext


def test_dates_are_french_with_1er() -> None:
    case = _case("panne")
    today = date(2026, 3, 1)
    composed = compose_letter(LetterKind.SERVICE_CLIENTS, case, assess(case, today), SETTINGS,
                              today)
    assert composed.letter.place_and_date.endswith(", le 1er mars 2026")


# --------------------------------------------------------------------------------------------
# The earlier steps, with their dates and LRAR numbers


def test_service_consommateurs_recalls_every_step_in_order_with_dates_and_lrar() -> None:
    _, dtext, ptext = composed_and_rendered("panne", LetterKind.SERVICE_CONSOMMATEURS)
    assert "Service Consommateurs Bouygues Telecom" in dtext
    assert "60643 CHANTILLY CEDEX" in dtext
    for text in (dtext, ptext):
        steps = ["3 mars 2026 — Appel à votre service clients (réf. 2603-11873)",
                 "10 mars 2026 — Appel",
                 ("16 mars 2026 — Lettre recommandée avec accusé de réception n° 1A 000 000 "
                  "3161 2 adressée à votre service clients, reçue le 18 mars 2026"),
                 "20 mai 2026 — Lettre recommandée avec accusé de réception n° 1A 000 000 5203 8",
                 "15 juin 2026 — Réponse écrite insatisfaisante de votre service consommateurs"]
        positions = [text.find(s) for s in steps]
        assert all(p >= 0 for p in positions), (positions, text)
        assert positions == sorted(positions)
        assert "Pièces nos 1 et 2" in text
        assert "réexamen" in text
        assert "Médiateur des communications électroniques" in text


def test_service_clients_complaint_states_facts_and_asks() -> None:
    dtext = composed_and_rendered("ecrasement", LetterKind.SERVICE_CLIENTS)[1]
    assert "écrasement de la ligne" in dtext
    assert "12 août 2026 — Lettre recommandée avec accusé de réception n° 1A 000 000 8120 6" \
        in dtext
    # A sole trader speaks « je » for its business (issue 10): not « Notre société ».
    assert "je vous demande" in dtext
    assert "pour mon entreprise, Salon Élise Coiffure" in dtext
    assert "Notre société" not in dtext
    assert "Élise Marchand" in dtext and "Exploitante, Salon Élise Coiffure" in dtext
    # No consumer « service consommateurs » framing for a business (issue 9, point 5): its
    # routes by name (review 1.3).
    assert "service consommateurs" not in dtext
    # no structure follows this case: the CPME, which takes only what a structure sends it,
    # is not promised (seeds/000; review2 15.1)
    assert "je saisirai le Médiateur des entreprises." in dtext and "CPME" not in dtext


# --------------------------------------------------------------------------------------------
# Nothing invented


def test_empty_operator_address_gives_placeholder_and_warning() -> None:
    composed, dtext, ptext = composed_and_rendered("facturation", LetterKind.SERVICE_CLIENTS)
    assert composed.letter.recipient == ("Orange", "Service clients", ADDRESS_PLACEHOLDER)
    assert any("Adresse du service clients d'Orange inconnue" in w for w in composed.warnings)
    assert ADDRESS_PLACEHOLDER in dtext and ADDRESS_PLACEHOLDER in ptext
    # The renderers' postal-norm complaints about the placeholder are not repeated.
    _, info = composed_pdf_bytes(composed)
    assert not any("majuscules" in w for w in info.warnings)


def test_built_case_without_operator_address_never_gets_an_invented_one() -> None:
    case = _minimal_case()
    case.operator = OperatorRef(name="Opérateur Local")
    for kind in (LetterKind.SERVICE_CLIENTS, LetterKind.SERVICE_CONSOMMATEURS,
                 LetterKind.BILLING, LetterKind.FORMAL_NOTICE):
        composed = compose_letter(kind, case, assess(case, date(2026, 5, 1)), SETTINGS,
                                  date(2026, 5, 1))
        assert composed.letter.recipient[-1] == ADDRESS_PLACEHOLDER
        assert composed.letter.recipient[0] == "Opérateur Local"
        assert any("inconnue" in w for w in composed.warnings)


# --------------------------------------------------------------------------------------------
# Mediator


def test_mediator_saisine_cover_summary_and_exhibits() -> None:
    composed, dtext, ptext = composed_and_rendered("panne", LetterKind.MEDIATOR)
    assert composed.letter.recipient == ("Le Médiateur des communications", "électroniques",
                                         "CS 30342", "94257 GENTILLY CEDEX")
    assert composed.annex is not None
    assert any("mediation-telecom.org" in w for w in composed.warnings)
    assert any("formulaire de saisine" in w for w in composed.warnings)
    for text in (dtext, ptext):
        assert "BP 999" not in text and "PARIS CEDEX 17" not in text
        assert "Madame, Monsieur le Médiateur," in text
        assert "fiche récapitulative" in text
        assert "16 mars 2026" in text  # first written complaint
        assert "L.612-2" in text
        # The summary sheet: questions and answers, then the exhibit list with dates.
        for question in ("Souscripteur du contrat", "Opérateur", "N° client",
                         "Nature du litige", "Réclamation écrite au service clients",
                         "Réponse du service clients",
                         "Réclamation écrite au service consommateurs",
                         "Réponse du service consommateurs", "Votre demande"):
            assert question in text
        assert "Aucune réponse à ce jour" in text
        assert "mediation-telecom.org" in text
    # Exhibit rows: "Pièce n° N", title, date.
    rows = composed.annex.table.rows
    assert [r[0] for r in rows] == [f"Pièce n°\u00a0{n}" for n in range(1, 7)]
    assert rows[0][2] == "16 mars 2026"
    assert "Pièce n° 6 Réponse du service consommateurs (courriel du 15/06/2026) 15 juin 2026" \
        in dtext.replace("\n", " ")


def test_mediator_only_when_its_route_is_open() -> None:
    for name, expected in (("panne", True), ("facturation", False), ("ecrasement", False)):
        case = _case(name)
        status = {a.kind: a for a in available_letters(case, assess(case, EXAMPLES[name][1]))}
        assert status[LetterKind.MEDIATOR].available is expected
        if not expected:
            assert "particuliers" in status[LetterKind.MEDIATOR].reason


# --------------------------------------------------------------------------------------------
# CPME


def test_cpme_request_has_the_five_items_in_order_written_as_the_structure() -> None:
    composed, dtext, ptext = composed_and_rendered("facturation", LetterKind.CPME)
    assert composed.postal is False and composed.letter.registered is None
    assert composed.letter.sender[0] == "CPME de l'Aubrée (structure fictive)"
    assert composed.letter.recipient[0] == "Madame Delphine Borne"
    for text in (dtext, ptext):
        assert "dborne@cpme.fr" in text
        items = ["1. Nom du souscripteur du contrat : la société Menuiserie Rivaud (SARL, "
                 "SIRET 901 473 629 00011), représentée par Thomas Rivaud, gérant",
                 "2. Nom de l'opérateur : Orange",
                 "3. Numéro de la ligne concernée : 01 99 00 52 18",
                 "4. Numéro de contrat : CTR-2025-0048817",
                 "5. Résumé chronologique de la situation :"]
        positions = [text.find(i) for i in items]
        assert all(p >= 0 for p in positions), positions
        assert positions == sorted(positions)
        assert "seul interlocuteur" in text
        assert "18 mai 2026 — Lettre recommandée avec accusé de réception n° 1A 000 000 7718 4" \
            in text
        assert "Nadia Garnier" in text
        assert "Nous vous prions d'agréer, Madame, l'expression de nos salutations distinguées." \
            in text


def test_cpme_missing_item_is_flagged_not_invented() -> None:
    composed = _compose("panne", LetterKind.CPME)  # private case, no contract number
    assert any("Élément 4 (Numéro de contrat) manquant" in w for w in composed.warnings)
    # a private subscriber and the CPME: definitive, never « pas encore » (review T11)
    assert any("ne s'applique pas à ce dossier" in w for w in composed.warnings)
    text = " ".join(p.text for p in composed.letter.body if hasattr(p, "text"))
    assert "4. Numéro de contrat : [à compléter]" in plain(text)


def test_cpme_only_when_its_route_is_open() -> None:
    # « ecrasement » has no handling structure: the CPME's single contact (seeds/000).
    for name, expected in (("panne", False), ("facturation", True), ("ecrasement", False)):
        case = _case(name)
        status = {a.kind: a for a in available_letters(case, assess(case, EXAMPLES[name][1]))}
        assert status[LetterKind.CPME].available is expected
        if name == "ecrasement":
            assert "structure" in status[LetterKind.CPME].reason
    case = _case("facturation")
    case.operator = OperatorRef(name="Free")
    _, ok, reason = next(iter(a for a in available_letters(case, assess(case, date(2026, 7, 1)))
                              if a.kind is LetterKind.CPME))
    assert not ok and "Bouygues Télécom, Orange, SFR" in reason


# --------------------------------------------------------------------------------------------
# Billing


def test_billing_table_lines_and_total() -> None:
    composed, dtext, ptext = composed_and_rendered("facturation", LetterKind.BILLING)
    table = next(b for b in composed.letter.body if hasattr(b, "header"))
    assert table.header == ("Facture n°", "Date", "Libellé", "Facturé", "Contesté", "Motif")
    assert len(table.rows) == 3
    assert plain(table.total[4]) == "151,36 € HT"
    for text in (dtext, ptext):
        assert "F2604-0031872" in text and "F2605-0034410" in text
        assert "Double facturation" in text and "Service non commandé" in text
        assert "Total" in text and "151,36 € HT" in text
        # one sum, never « soit X € HT, soit Y € TTC » (an alternative: review T1)
        assert "de la somme de 151,36 € HT (181,63 € TTC)" in text
        assert "L.34-2" not in text


def test_billing_tells_the_user_not_the_operator_about_prescription() -> None:
    """Issue 9, point 3: a letter does not interrupt prescription (Cass. com. 18 May 2022);
    telling the operator the date only helps it. The user is warned."""
    case = _case("facturation")
    today = date(2027, 3, 15)  # payment of 20 April 2026: limit 20 April 2027, 36 days left
    composed = compose_letter(LetterKind.BILLING, case, assess(case, today), SETTINGS, today)
    text = " ".join(b.text for b in composed.letter.body if hasattr(b, "runs"))
    assert "L.34-2" not in plain(text) and "prescri" not in plain(text)
    assert any("prescription" in w and "mise en demeure, ne l'interrompt pas" in w
               for w in composed.warnings)


# --------------------------------------------------------------------------------------------
# Last resort


def test_formal_notice_names_itself_parties_facts_demand_deadline_and_consequence() -> None:
    composed, dtext, ptext = composed_and_rendered("facturation", LetterKind.FORMAL_NOTICE)
    for text in (dtext, ptext):
        assert "Objet : Mise en demeure" in text
        assert "vaut mise en demeure" in text
        assert "la société Menuiserie Rivaud (SARL, SIRET 901 473 629 00011), dont le siège" \
            in text and "représentée par Thomas Rivaud" \
            in text
        assert "Orange" in text
        # The example's summary is in the third person: not spliced (issue 10), not quoted
        # as a third party's words in an act (review T12), and not printed there either: the
        # signer would speak of itself in the third person (review2 2.1).
        assert "résumé du dossier" not in text and "Rappel des faits" not in text
        assert "obligation contractuelle" in text
        assert "nous vous mettons en demeure" in text
        assert "dans un délai de 15 jours à compter de la réception" in text
        assert "À défaut" in text and "juridiction compétente" in text
    assert any("pas un délai légal" in w for w in composed.warnings)
    longer = _compose("facturation", LetterKind.FORMAL_NOTICE,
                      replace(SETTINGS, formal_notice_days=30))
    body = plain(" ".join(b.text for b in longer.letter.body if hasattr(b, "runs")))
    assert "dans un délai de 30 jours" in body


def test_dgccrf_letter_leaves_the_address_to_fill_and_mentions_signalconso() -> None:
    composed, dtext, ptext = composed_and_rendered("ecrasement", LetterKind.DGCCRF)
    assert composed.letter.recipient[-1] == ADDRESS_PLACEHOLDER
    assert any("DDPP" in w and "à compléter" in w for w in composed.warnings)
    assert any("SignalConso" in w and "signal.conso.gouv.fr" in w for w in composed.warnings)
    for text in (dtext, ptext):
        assert "DDPP ou DDETSPP" in text and ADDRESS_PLACEHOLDER in text
        assert "4 août 2026" in text and "8 septembre 2026" in text


def test_procureur_complaint_recalls_every_step_and_leaves_the_court_to_fill() -> None:
    composed, dtext, ptext = composed_and_rendered("panne", LetterKind.PROCUREUR)
    assert composed.letter.recipient[:2] == ("Procureur de la République",
                                             "Tribunal judiciaire de [à compléter]")
    assert any("Tribunal judiciaire de [à compléter]" in w for w in composed.warnings)
    case = _case("panne")
    for text in (dtext, ptext):
        assert "Madame, Monsieur le Procureur de la République," in text
        assert "haute considération" in text
        for ev in case.events:
            assert format_date_fr(ev.date) in text
        assert "1A 000 000 3161 2" in text and "1A 000 000 5203 8" in text


def test_last_resort_availability() -> None:
    case = _case("panne")
    status = {a.kind: a for a in available_letters(case, assess(case, date(2026, 7, 1)))}
    assert not status[LetterKind.DGCCRF].available
    assert "Dernier recours" in status[LetterKind.DGCCRF].reason
    # The procureur complaint only behind a qualified offence (issue 9, point 4).
    assert not status[LetterKind.PROCUREUR].available
    assert "infraction" in status[LetterKind.PROCUREUR].reason
    case.events.append(Event(kind=EventKind.MEDIATOR_OPINION, date=date(2026, 9, 1),
                             counterpart=Counterpart.MEDIATOR, direction=Direction.INCOMING,
                             written=True, outcome=AnswerOutcome.UNSATISFACTORY))
    case.events.append(Event(kind=EventKind.SAISINE, date=date(2026, 7, 2),
                             counterpart=Counterpart.MEDIATOR, written=True))
    status = {a.kind: a for a in available_letters(case, assess(case, date(2026, 10, 1)))}
    assert status[LetterKind.DGCCRF].available and not status[LetterKind.PROCUREUR].available
    case.offence = "pratique commerciale trompeuse"
    status = {a.kind: a for a in available_letters(case, assess(case, date(2026, 10, 1)))}
    # the offence alone is not enough: its facts, in the user's words (model v3)
    assert not status[LetterKind.PROCUREUR].available
    assert "faits qui la constituent" in status[LetterKind.PROCUREUR].reason
    case.offence_facts = "Le 3 mars 2026, le vendeur a affirmé que l'offre était sans frais."
    status = {a.kind: a for a in available_letters(case, assess(case, date(2026, 10, 1)))}
    assert status[LetterKind.PROCUREUR].available
    assert "ne rembourse rien" in status[LetterKind.PROCUREUR].reason  # the engine's warning
    assert status[LetterKind.FORMAL_NOTICE].available


# --------------------------------------------------------------------------------------------
# Certified commitments, voices


def test_business_letter_cites_broken_commitments_by_number_and_wording() -> None:
    case = _case("facturation")
    case.broken_commitments = ["8.1", "99.9"]
    composed = _compose("facturation", LetterKind.BILLING, case=case)
    dtext, _ = rendered(composed)
    assert "vos engagements certifiés" in dtext
    assert ("n° 8.1 : « Vous bénéficiez d'une facture explicite, conforme au contrat et à vos "
            "consommations, que l'Opérateur dépose en poste dans un délai de 4 jours ouvrés à "
            "compter de la date de facturation »") in dtext
    assert "99.9" not in dtext
    assert any("99.9" in w for w in composed.warnings)


def test_private_letter_never_cites_business_commitments() -> None:
    case = _case("panne")
    case.broken_commitments = ["8.1"]
    composed = _compose("panne", LetterKind.SERVICE_CLIENTS, case=case)
    assert "8.1" not in " ".join(getattr(b, "text", "") for b in composed.letter.body)
    assert any("clients entreprises" in w for w in composed.warnings)


def test_voices_private_company_structure() -> None:
    private = _compose("panne", LetterKind.SERVICE_CLIENTS).letter
    assert private.sender[0] == "Claire Fontaine"
    assert private.closing.startswith("Je vous prie d'agréer, Madame, Monsieur,")
    company = _compose("facturation", LetterKind.SERVICE_CLIENTS).letter
    assert company.sender[0] == "Menuiserie Rivaud SARL"  # legal form already in the name
    assert company.closing.startswith("Nous vous prions d'agréer, Madame, Monsieur,")
    assert company.signature.name == "Thomas Rivaud"
    assert "Nadia Garnier" in company.followed_by
    signed = replace(SETTINGS, structure_signs=True)
    by_structure = _compose("facturation", LetterKind.SERVICE_CLIENTS, signed).letter
    assert by_structure.sender[0] == "CPME de l'Aubrée (structure fictive)"
    assert by_structure.signature.name == "Nadia Garnier"
    assert by_structure.followed_by == ""
    assert "pour le compte de notre entreprise adhérente, Menuiserie Rivaud SARL" in \
        by_structure.body[1].text  # body[0]: « PROJET — NE PAS ENVOYER » (answered level)
    # The formal notice stays in the subscriber's name even when the structure signs.
    notice = _compose("facturation", LetterKind.FORMAL_NOTICE, signed)
    assert notice.letter.sender[0] == "Menuiserie Rivaud SARL"
    assert any("au nom de l'entreprise, que son représentant" in w for w in notice.warnings)


def test_registered_number_comes_from_settings_when_known() -> None:
    composed = _compose("panne", LetterKind.SERVICE_CLIENTS,
                        replace(SETTINGS, registered_number="1A 123 456 7890 1"))
    assert composed.letter.registered.text == "Lettre recommandée avec accusé de réception " \
        "n°\u00a01A 123 456 7890 1"
    assert _compose("panne", LetterKind.SERVICE_CLIENTS).letter.registered.tracking_number == ""


# --------------------------------------------------------------------------------------------
# Settings


def test_settings_round_trip_and_tolerance() -> None:
    s = replace(SETTINGS, structure_signs=True, formal_notice_days=21,
                geometry=LetterGeometry().moved_window(2, -1))
    assert LetterSettings.from_dict(s.to_dict()) == s
    assert LetterSettings.from_dict(None) == LetterSettings()
    odd = LetterSettings.from_dict({"place": 12, "formal_notice_days": -3, "geometry": {
        "window_left_mm": 500}, "structure": "x", "unknown": 1})
    assert odd == LetterSettings()
    with pytest.raises(ValueError):
        LetterSettings(formal_notice_days=0)


def test_case_structure_wins_over_settings() -> None:
    case = _case("facturation")
    assert structure_for_case(case, SETTINGS).name == "CPME de l'Aubrée (structure fictive)"
    assert structure_for_case(_case("ecrasement"), LetterSettings()) is None


def test_a_case_without_structure_is_the_subscribers_whatever_the_settings() -> None:
    """Fresh-eyes 18: « Aucune structure » on the case means the subscriber writes and signs;
    the settings' structure (offered when a case is created) is never applied to it, even
    when the settings say the structure signs."""
    case = _case("panne")
    assert case.handling_structure is None
    signs = replace(SETTINGS, structure_signs=True)
    assert structure_for_case(case, signs) is None
    for kind in (LetterKind.SERVICE_CLIENTS, LetterKind.SERVICE_CONSOMMATEURS,
                 LetterKind.MEDIATOR, LetterKind.FORMAL_NOTICE):
        composed = _compose("panne", kind, signs)
        text = " ".join((*composed.letter.sender, composed.letter.followed_by,
                         composed.letter.signature.name, composed.letter.signature.role,
                         *composed.warnings))
        assert "Bocage" not in text and "Lemoine" not in text, kind
        assert "Mandat" not in text and "mandat" not in text, kind
        assert composed.letter.sender[0] == case.subscriber.name, kind
        assert composed.letter.signature.name == case.subscriber.name, kind
        dtext = rendered(composed)[0]
        assert "pour le compte" not in dtext and "Dossier suivi par" not in dtext, kind
    # the same case with the office's structure chosen on it: the structure signs
    followed = _case("panne")
    followed.handling_structure = HandlingStructure(name="CPME du Bocage (exemple)",
                                                    contact_name="Paul Lemoine")
    composed = _compose("panne", LetterKind.SERVICE_CONSOMMATEURS, signs, followed)
    assert composed.letter.sender[0] == "CPME du Bocage (exemple)"


# --------------------------------------------------------------------------------------------
# One page when the content allows


def _minimal_case() -> Case:
    return Case(
        subscriber=Subscriber(name="Jean Dupont", address=PostalAddress(
            ["5 rue des Lilas"], "14000", "Caen")),
        operator=OperatorRef(directory_id="bouygues", name="Bouygues Télécom",
                             service_clients_address=PostalAddress(
                                 ["Service Clients Bouygues Telecom", "TSA 59013"], "60643",
                                 "CHANTILLY CEDEX")),
        lines=[Line(number="06 99 00 00 01")],
        contract=Contract(customer_number="123456", offer="Forfait mobile"),
        natures=[DisputeNature.BILLING],
        summary="Un hors-forfait de 45 € a été facturé sans aucun appel à l'étranger.",
        invoice_lines=[InvoiceLine(invoice_number="F-1", invoice_date=date(2026, 3, 5),
                                   label="Hors forfait", amount_billed=Decimal("45.00"),
                                   amount_disputed=Decimal("45.00"),
                                   reason=InvoiceReason.OUT_OF_PLAN)],
        events=[Event(kind=EventKind.CALL, date=date(2026, 3, 10),
                      summary="Le conseiller refuse de rembourser.")],
        exhibits=[Exhibit(number=1, title="Facture F-1", date=date(2026, 3, 5))],
    )


@pytest.mark.parametrize("kind", [LetterKind.SERVICE_CLIENTS, LetterKind.BILLING])
def test_short_case_fits_one_page(kind: LetterKind) -> None:
    case = _minimal_case()
    composed = compose_letter(kind, case, assess(case, date(2026, 4, 1)), LetterSettings(),
                              date(2026, 4, 1))
    _, info = composed_pdf_bytes(composed)
    assert info.pages == 1


# --------------------------------------------------------------------------------------------
# Hostile text


HOSTILE = st.sampled_from([
    "Éléonore d'Aÿ-Œuvre", "1 234,56 €", "cœur & âme", "<b>gras</b>", "a & b < c > d",
    "📞📠🚀", "ligne\x00nul\x07bip\x1b[31m", "\r\nretour\rchariot", "\u202e inversé",
    "x" * 3000, "mot " * 400, "", "   ", "« guillemets » ; deux-points :",
    "\ufeffBOM\ufffe", "<script>alert(1)</script>", "%s {0} {name}",
])
TEXT = st.one_of(HOSTILE, st.text(max_size=60))


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.fixed_dictionaries({k: TEXT for k in (
    "name", "street", "city", "postcode", "rep", "role", "op", "op_street", "number",
    "contract", "customer", "offer", "summary", "event", "ref", "tracking", "exhibit",
    "label", "note", "invoice", "structure", "contact")}), st.booleans(), st.booleans())
def test_hostile_text_in_every_field_never_crashes_nor_becomes_markup(
        t: dict, business: bool, structure_signs: bool) -> None:
    case = Case(
        subscriber=Subscriber(kind=SubscriberKind.BUSINESS if business else
                              SubscriberKind.PRIVATE, name=t["name"],
                              representative=t["rep"], representative_role=t["role"],
                              siren=t["number"], address=PostalAddress(
                                  [t["street"]], t["postcode"], t["city"]), email=t["label"],
                              phone=t["number"], legal_form=t["label"]),
        handling_structure=HandlingStructure(name=t["structure"], contact_name=t["contact"],
                                             identifier=t["number"], member_number=t["ref"]),
        offence=t["note"], offence_facts=t["note"],
        credits=[Credit(amount=Decimal("5.00"), invoice_number=t["invoice"], note=t["note"],
                        deducted=False),
                 Credit(amount=Decimal("1.10"), note=t["event"])],
        operator=OperatorRef(name=t["op"], service_clients_address=PostalAddress(
            [t["op_street"]], t["postcode"], t["city"])),
        lines=[Line(number=t["number"], label=t["label"])],
        contract=Contract(contract_number=t["contract"], customer_number=t["customer"],
                          offer=t["offer"]),
        natures=list(DisputeNature),
        summary=t["summary"],
        invoice_lines=[InvoiceLine(invoice_number=t["invoice"], label=t["label"],
                                   note=t["note"], invoice_date=date(2026, 1, 2),
                                   amount_billed=Decimal("1234.56"),
                                   amount_disputed=Decimal("12.30"))],
        events=[
            Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 1, 5), written=True,
                  summary=t["event"], reference=t["ref"], exhibit_ids=["x1"],
                  registered=RegisteredMail(tracking_number=t["tracking"],
                                            received_on=date(2026, 1, 7))),
            Event(kind=EventKind.ANSWER, date=date(2026, 2, 1), direction=Direction.INCOMING,
                  outcome=AnswerOutcome.UNSATISFACTORY, summary=t["event"]),
        ],
        exhibits=[Exhibit(id="x1", number=1, title=t["exhibit"], date=date(2026, 1, 5))],
        broken_commitments=["8.1", t["ref"]],
    )
    today = date(2026, 4, 1)
    assessment = assess(case, today)
    letter_settings = replace(SETTINGS, structure_signs=structure_signs)
    for kind in LetterKind:
        composed = compose_letter(kind, case, assessment, letter_settings, today)
        pdf_bytes, _ = composed_pdf_bytes(composed)
        docx_bytes, _ = composed_docx_bytes(composed)
        assert pdf_bytes.startswith(b"%PDF-")
        text = docx_text(docx_bytes)
        assert "\x00" not in text and "\x07" not in text
        if kind is LetterKind.SERVICE_CLIENTS and "<b>gras</b>" in t["summary"]:
            assert "<b>gras</b>" in text  # printed literally, never interpreted


def test_a_long_history_is_cut_to_its_key_steps_except_for_the_procureur():
    """300 events must not make a 30-page letter: the letter recalls the written steps and
    answers and points to the chronology; the complaint to the procureur recalls them all."""
    from datetime import date, timedelta

    from dispute.model import Counterpart, Event, EventKind
    from dispute.procedure import assess
    from documents.letter_settings import LetterSettings
    from documents.letters import LetterKind, compose_letter
    from documents.letters.steps import LETTER_STEPS_LIMIT
    from store.casefile import read_case_file

    case = read_case_file(ROOT / "examples" / "panne-fibre-particulier").case
    start = date(2026, 6, 20)
    for i in range(120):
        case.events.append(Event(kind=EventKind.CALL, date=start + timedelta(days=i % 150),
                                 counterpart=Counterpart.SERVICE_CLIENTS,
                                 summary=f"Relance téléphonique n° {i + 1}"))
    today = date(2026, 11, 22)
    assessment = assess(case, today)

    def steps_of(kind):
        letter = compose_letter(kind, case, assessment, LetterSettings(), today).letter
        lists = [b for b in letter.body if type(b).__name__ == "BulletList"]
        return [plain(p.text) for p in max(lists, key=lambda b: len(b.items)).items]

    mediator = steps_of(LetterKind.MEDIATOR)
    assert len(mediator) <= LETTER_STEPS_LIMIT + 1
    assert "figurent dans la chronologie du dossier" in mediator[-1]
    assert any("1A 000 000 3161 2" in s for s in mediator)  # the registered letters stay
    assert not any("Relance téléphonique" in s for s in mediator)
    procureur = steps_of(LetterKind.PROCUREUR)
    assert sum("Relance téléphonique" in s for s in procureur) == 120


def test_letters_to_third_parties_do_not_call_the_operators_references_theirs():
    """« Vos références » only in letters to the operator; the mediator, the CPME, the DGCCRF
    and the procureur read « Références de l'opérateur »."""
    from dispute.model import Event, EventKind
    from dispute.procedure import assess

    case = _case("panne")
    case.events.append(Event(kind=EventKind.CALL, date=date(2026, 6, 30), reference="T-77"))
    today = date(2026, 11, 22)
    assessment = assess(case, today)
    for kind in LetterKind:
        letter = compose_letter(kind, case, assessment, SETTINGS, today).letter
        labels = [r.label for r in letter.references]
        if kind in (LetterKind.SERVICE_CLIENTS, LetterKind.SERVICE_CONSOMMATEURS,
                    LetterKind.BILLING, LetterKind.FORMAL_NOTICE,
                    LetterKind.PORTABILITY_COMPENSATION, LetterKind.REMINDER):
            assert "Vos références" in labels, kind
        else:
            assert "Vos références" not in labels, kind


@pytest.mark.parametrize(("place", "signs", "kind", "expected"), [
    ("", False, LetterKind.SERVICE_CLIENTS, "{subscriber}, le 1er mars 2026"),
    ("", True, LetterKind.SERVICE_CLIENTS, "{structure}, le 1er mars 2026"),
    ("", False, LetterKind.CPME, "{structure}, le 1er mars 2026"),  # always the structure
    ("  Évreux ", False, LetterKind.SERVICE_CLIENTS, "Évreux, le 1er mars 2026"),
    ("Évreux", True, LetterKind.SERVICE_CLIENTS, "Évreux, le 1er mars 2026"),
])
def test_the_place_is_the_writers_town_unless_one_is_set(place, signs, kind, expected) -> None:
    case = _case("facturation")
    case.subscriber.address.city = "Parthenay"  # not the town of the structure (Niort)
    today = date(2026, 3, 1)
    settings = SETTINGS.with_(place=place, structure_signs=signs)
    composed = compose_letter(kind, case, assess(case, today), settings, today)
    structure = structure_for_case(case, settings)  # the case's own structure comes first
    assert structure.city == "Niort"
    assert composed.letter.place_and_date == expected.format(
        subscriber=case.subscriber.address.city, structure=structure.city)


def test_without_any_town_the_date_stands_alone() -> None:
    case = _case("panne")
    case.subscriber.address.city = ""
    today = date(2026, 3, 1)
    composed = compose_letter(LetterKind.SERVICE_CLIENTS, case, assess(case, today),
                              SETTINGS.with_(place=""), today)
    assert composed.letter.place_and_date == "Le 1er mars 2026"


def test_the_facts_keep_the_paragraphs_the_user_wrote() -> None:
    from documents.letters.claims import facts_paragraphs

    from dispute.model import Voice as SummaryVoice
    from documents.letters.voice import Voice, VoiceMode

    case = _case("panne")
    case.summary_voice = SummaryVoice.SUBSCRIBER
    case.summary = "Coupure le 3 mars,\nsignalée le jour même\n\n\nTechnicien absent le 10 mars."
    person = Voice(VoiceMode.PERSON, "Claire Fontaine", None)
    first, second = facts_paragraphs(case, person)
    assert first.text == "Les faits sont les suivants. Coupure le 3 mars, signalée le jour même."
    assert first.runs[0].bold
    assert second.text == "Technicien absent le 10 mars."
    # Typed by the subscriber, signed by the structure: quoted, never spliced.
    head, *quoted = facts_paragraphs(case, Voice(VoiceMode.STRUCTURE, "Claire Fontaine", None))
    assert head.text == "Exposé des faits :" and len(quoted) == 2
    assert quoted[0].text.startswith("« Coupure") and quoted[-1].text.endswith("mars. »")
    assert all(p.runs[0].italic for p in quoted)
    case.summary = " \n\n "
    assert facts_paragraphs(case, person) == []


@pytest.mark.parametrize(("user_label", "expected"), [
    ("", "01 99 00 41 27 (ligne fixe)"),
    ("Standard de l'atelier", "01 99 00 41 27 (ligne fixe — Standard de l'atelier)"),
    ("Ligne fixe du magasin", "01 99 00 41 27 (Ligne fixe du magasin)"),  # said once
    ("  LIGNE   FIXE  ", "01 99 00 41 27 (LIGNE FIXE)"),
    ("Ligne fixé", "01 99 00 41 27 (Ligne fixé)"),  # accents do not make it different
    ("La ligne fixe", "01 99 00 41 27 (ligne fixe — La ligne fixe)"),
])
def test_a_line_says_its_kind_once(user_label, expected) -> None:
    from dispute.model import LineKind
    from documents.letters.steps import line_descriptions

    case = _case("panne")
    case.lines = [Line(number="01 99 00 41 27", kind=LineKind.FIXED, label=user_label)]
    assert line_descriptions(case) == [expected]


@pytest.mark.parametrize(("title", "expected"), [
    ("Courrier du 16/03/2026", "Courrier du 16/03/2026"),
    ("Courrier du 16 mars 2026", "Courrier du 16 mars 2026"),
    ("Courrier du 1er mars 2026", "Courrier du 1er mars 2026"),
    ("Facture du 2 AOÛT 2026", "Facture du 2 AOÛT 2026"),
    ("Relevé du 3 févr. 2026", "Relevé du 3 févr. 2026"),
    ("Facture de mars 2026", "Facture de mars 2026 (16 mars 2026)"),  # a month is not a date
    ("Capture d'écran", "Capture d'écran (16 mars 2026)"),
])
def test_an_enclosure_does_not_repeat_a_date_its_title_gives(title, expected) -> None:
    from documents.letters.steps import exhibit_title

    exhibit = Exhibit(id="x", number=1, title=title, original_name="a.pdf",
                      stored_name="0" * 32 + ".pdf", date=date(2026, 3, 16))
    assert exhibit_title(exhibit) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("un avoir de 10 € le 18 mars 2026", "un avoir de 10\u00a0€ le 18\u00a0mars\u00a02026"),
    ("le 1er août, puis 15 jours", "le 1er\u00a0août, puis 15\u00a0jours"),
    ("Tél. : 01 99 00 52 90", "Tél.\u00a0: 01\u00a099\u00a000\u00a052\u00a090"),
    ("+33 1 99 00 52 90", "+33\u00a01\u00a099\u00a000\u00a052\u00a090"),
    ("SIRET : 901 473 629 00011", "SIRET\u00a0: 901\u00a0473\u00a0629\u00a000011"),
    ("LRAR n° 1A 000 000 3161 2", "LRAR n°\u00a01A\u00a0000\u00a0000\u00a03161\u00a02"),
    ("3 mars ou 2026 ans", "3\u00a0mars ou 2026\u00a0ans"),
    ("les 3 lignes de 2 amis", "les 3 lignes de 2 amis"),  # nothing to tie
])
def test_french_typography_keeps_numbers_with_what_they_count(text, expected) -> None:
    from documents.letters.typography import fr_typography

    assert fr_typography(text) == expected


@pytest.mark.parametrize("kind", [LetterKind.MEDIATOR, LetterKind.DGCCRF, LetterKind.PROCUREUR])
def test_an_outage_is_a_fact_not_a_step_taken(kind) -> None:
    from documents.letters.steps import event_paragraph

    case = _case("panne")
    outage = next(e for e in case.events if e.kind is EventKind.OUTAGE)
    outage_text = plain(event_paragraph(outage, case, False).text)
    today = date(2026, 11, 22)
    letter = compose_letter(kind, case, assess(case, today), SETTINGS, today).letter
    blocks = list(letter.body)
    lead, steps = next((a, b) for a, b in zip(blocks, blocks[1:])
                       if type(b).__name__ == "BulletList" and "démarches" in a.text)
    listed = [plain(p.text) for p in steps.items]
    if kind is LetterKind.PROCUREUR:  # every fact and step, in order, introduced as such
        assert "faits" in lead.text and "toutes" not in lead.text
        assert outage_text in listed
    else:
        assert outage_text not in listed and listed


def test_an_unquantified_compensation_is_pointed_out_to_the_user() -> None:
    case = _case("ecrasement")
    assert not case.invoice_lines
    today = date(2026, 11, 22)
    composed = compose_letter(LetterKind.FORMAL_NOTICE, case, assess(case, today), SETTINGS,
                              today)
    # the subscription's share is computed from the contract's price (review 5.7); what is
    # left to quantify is the loss
    assert any("reste à chiffrer" in n for n in composed.warnings)


@pytest.mark.parametrize(("name", "second_level_seized"), [("panne", True), ("ecrasement", False)])
def test_the_service_clients_letter_does_not_promise_a_step_already_taken(
        name, second_level_seized) -> None:
    case = _case(name)
    assert any(e.counterpart is Counterpart.SERVICE_CONSOMMATEURS
               for e in case.events) is second_level_seized
    today = date(2026, 11, 22)
    composed = compose_letter(LetterKind.SERVICE_CLIENTS, case, assess(case, today), SETTINGS,
                              today)
    last = plain(composed.letter.body[-1].text)
    # « ecrasement » is a business: no consumer second level is promised (issue 9, point 5).
    assert "votre service consommateurs" not in last
    assert any("déjà été saisi" in w for w in composed.warnings) is second_level_seized


def test_the_cpme_request_names_the_representative_without_a_gender_to_guess() -> None:
    """« Salon Élise Coiffure, représentée par » was wrong (a business name has no gender);
    the mise en demeure keeps « la société …, représentée par » (société is feminine)."""
    case = _case("ecrasement")
    case.subscriber.representative, case.subscriber.representative_role = "Élise Martin", "Gérante"
    today = date(2026, 11, 22)
    cpme = compose_letter(LetterKind.CPME, case, assess(case, today), SETTINGS, today).letter
    text = plain(" ".join(getattr(b, "text", "") for b in cpme.body))
    # a sole trader is the person, the salon a trade name (review 7.3)
    assert "Élise Martin, exerçant en entreprise individuelle (EI) sous le nom commercial " \
        "« Salon Élise Coiffure »" in text
    assert "représentée par" not in text
