"""The mandate (« mandat ») the subscriber signs when a handling structure acts for it or
helps it (issue 10, point 1): a special power (Code civil, art. 1984) limited to this
dispute, written from the working clauses of LEGAL-2026-12 § 7.2 in our own words.

Parties (for a consumer association, the subscriber's membership; for a CPME structure, the
member company), the dispute it covers, the acts allowed, the acts the subscriber keeps, no
representation before the tribunal judiciaire (C.P.C. art. 762), personal data for this
dispute only, duration and revocation, the signatures. Its signature is the event
« Mandat signé »; an unsigned mandate is flagged before any letter the structure signs
(:mod:`documents.letters.mandate_status`).

An act, not a letter (review 13.4): titled, without address blocks nor a date at the top, one
« Fait à …, le …, en N exemplaires », the name and capacity of each signer under its column.
Grammar follows the mandant: « Le mandant », « La mandante », « Les mandants » (a couple:
two signatures, review 13.3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dispute.letter_kinds import LetterKind
from dispute.model import BusinessForm, Case, Civility, StructureKind
from dispute.procedure.court import TO_CHECK, TRIBUNAL_DE_COMMERCE
from documents.content import Align, Heading, Letter, Paragraph, Table
from documents.letter_settings import StructureIdentity, structure_for_case
from documents.letters.claims import natures_text
from documents.letters.core import (
    TO_FILL,
    LetterSpec,
    Notes,
    Request,
    Signer,
    bullets,
    join_fr,
    line,
    of_phrase,
    one_line_address,
)
from documents.letters.court_request import court_of
from documents.letters.frame import build_letter
from documents.letters.mandate_status import check_structure_kind
from documents.letters.steps import line_numbers
from documents.letters.voice import (
    civil_name,
    couple_names,
    operator_name,
    role_in_text,
    structure_named,
    voice_of,
)
from documents.text import NBSP, format_date_fr, registration_number

SIGNER = Signer.SUBSCRIBER


@dataclass(frozen=True)
class Mandant:
    """The mandant as the text names it, agreed in gender and number."""

    noun: str  # « mandant », « mandante », « mandants »
    feminine: bool = False
    plural: bool = False

    @property
    def subject(self) -> str:
        """« Le mandant », « La mandante », « Les mandants »."""
        return {(False, False): "Le", (True, False): "La"}.get(
            (self.feminine, self.plural), "Les") + f" {self.noun}"

    @property
    def obj(self) -> str:
        """« le mandant », « la mandante », « les mandants »."""
        return self.subject[:1].lower() + self.subject[1:]

    @property
    def to(self) -> str:
        """« au mandant », « à la mandante », « aux mandants »."""
        return {(False, False): "au", (True, False): "à la"}.get(
            (self.feminine, self.plural), "aux") + f" {self.noun}"

    def agree(self, word: str) -> str:
        """« seul » → « seule », « seuls »; « adhérent » → « adhérente », « adhérents »."""
        return word + ("e" if self.feminine else "") + ("s" if self.plural else "")

    def verb(self, singular: str, plural: str) -> str:
        return plural if self.plural else singular

    @property
    def his(self) -> str:
        """« son », « leur »."""
        return "leur" if self.plural else "son"

    @property
    def him(self) -> str:
        """« le », « la », « les » (object pronoun)."""
        return "les" if self.plural else ("la" if self.feminine else "le")


def sole_trader(case: Case) -> bool:
    return case.is_business and case.subscriber.business_form is BusinessForm.SOLE_TRADER


def mandant_of(case: Case) -> Mandant:
    """Agreed with the person who signs as mandant: a private subscriber, or the person who
    trades as a sole trader (review2 10.3: « La mandante » for Madame Élise Marchand); a
    company or an association is « le mandant »."""
    sub = case.subscriber
    person = not case.is_business or sole_trader(case)
    if not case.is_business and sub.civility is Civility.COUPLE:
        return Mandant("mandants", plural=True)
    if person and sub.civility is Civility.MRS:
        return Mandant("mandante", feminine=True)
    return Mandant("mandant")


def trader_name(case: Case) -> str:
    """The person who trades as a sole trader, with the civility when known (« Madame Élise
    Marchand »)."""
    person = line(case.subscriber.representative) or TO_FILL
    prefix = {Civility.MR: "Monsieur", Civility.MRS: "Madame"}.get(case.subscriber.civility)
    return f"{prefix} {person}" if prefix and person != TO_FILL else person


def trade_name(case: Case, name: str) -> str:
    """The company's name without its legal form when the user typed it in the name
    (« Menuiserie Rivaud SARL » with the form « SARL » → « Menuiserie Rivaud »): the form is
    said once (review 13.1)."""
    form = line(case.subscriber.legal_form)
    if form and name.casefold().endswith(" " + form.casefold()):
        return name[:-len(form)].rstrip(" ,")
    return name


def _registration(value: str, notes: Notes | None = None) -> str:
    text = registration_number(value)
    if text:
        return text
    if notes is not None:
        notes.add("SIREN ou SIRET de l'entreprise manquant : il identifie le mandant.")
    return f"SIREN {TO_FILL}"


def _mandant(case: Case, name: str, notes: Notes) -> str:
    sub = case.subscriber
    address = one_line_address(sub.address) or TO_FILL
    if not case.is_business:
        if sub.civility is Civility.COUPLE:
            return (f"{civil_name(case, name)}, demeurant ensemble {address}, cotitulaires du "
                    "contrat")
        return f"{civil_name(case, name)}, demeurant {address}"
    representative = line(sub.representative) or TO_FILL
    role = f", {role_in_text(sub.representative_role)}" if line(sub.representative_role) else ""
    siren = _registration(sub.siren, notes)
    if sub.business_form is BusinessForm.SOLE_TRADER:
        return (f"{trader_name(case)}, exerçant en entreprise individuelle sous le nom commercial "
                f"« {name} », {siren}, dont l'établissement est situé {address}")
    form = f", {line(sub.legal_form)}" if line(sub.legal_form) else ""
    noun = "l'association" if sub.business_form is BusinessForm.ASSOCIATION else "la société"
    named = trade_name(case, name)
    if named.casefold().startswith(noun.split("'")[-1].split()[-1] + " "):
        named = named.split(" ", 1)[1]  # « Association Les Jardins » → « l'association Les …»
    return (f"{noun} {named}{form}, {siren}, dont le siège est situé "
            f"{address}, représentée par {representative}{role}")


def _membership(case: Case, m: Mandant, notes: Notes) -> str:
    hs = case.handling_structure
    if hs is None:
        return ""
    number = line(hs.member_number)
    since = f", depuis le {format_date_fr(hs.member_since)}" if hs.member_since else ""
    member = f"sous le n°{NBSP}{number}{since}" if number else f"sous le n°{NBSP}{TO_FILL}"
    is_member = f"{m.subject} {m.verb('est', 'sont')} {m.agree('adhérent')} du mandataire"
    if hs.kind is StructureKind.CONSUMER_ASSOCIATION:
        if not number:
            notes.add("Numéro d'adhésion manquant : une association de consommateurs ne conseille "
                      "que ses membres (loi n° 71-1130 du 31 décembre 1971, art. 63). "
                      "Complétez-le dans le dossier.")
        return f"{is_member} {member}."
    if hs.kind is StructureKind.CPME:
        if not number:
            notes.add("Numéro d'adhésion de l'entreprise à la structure CPME manquant : "
                      "complétez-le dans le dossier.")
        # a person is not « une entreprise adhérente »: her sole-trader business is (10.3)
        adherent = (f"L'entreprise individuelle {of_phrase(m.obj)} est adhérente" if
                    sole_trader(case) else f"{m.subject} est une entreprise adhérente")
        notes.add("Vérifiez que les statuts de la structure couvrent l'aide à ses adhérents "
                  "dans leurs litiges (loi n° 71-1130 du 31 décembre 1971, art. 64) : le "
                  "mandat l'affirme.")
        return (f"{adherent} du mandataire {member} ; "
                "l'aide à ses adhérents dans leurs litiges entre dans l'objet statutaire de la "
                "structure.")
    return f"{is_member} {member}." if number else ""


def _proof_of_business(case: Case) -> str:
    """What proves the business mandant's existence and its signer's power (review 2, 10.3:
    an artisan or an association has no Kbis)."""
    form = case.subscriber.business_form
    if form is BusinessForm.SOLE_TRADER:
        return ("un justificatif d'immatriculation de l'entreprise (extrait du registre, avis "
                "de situation au répertoire SIRENE)")
    if form is BusinessForm.ASSOCIATION:
        return "un justificatif du pouvoir du signataire"
    return "un extrait Kbis de moins de trois mois ou un justificatif du pouvoir du signataire"


def _open(r: Request, kind: LetterKind) -> bool:
    """Whether the engine does not rule ``kind`` out for this case (review 13.6: the mandate
    cites only the routes the case may take)."""
    decision = r.assessment.letter(kind.value)
    return decision is None or str(decision.state) != "not_applicable"


def _acts(r: Request, op: str, m: Mandant) -> list[str]:
    acts = [f"adresser en {m.his} nom à {op} et à ses services des réclamations et des "
            "lettres recommandées",
            "recevoir les réponses et tout courrier relatif au litige",
            "demander à l'opérateur les documents utiles au litige (contrat, factures "
            "détaillées, historique des interventions)"]
    if r.case.is_business:
        if _open(r, LetterKind.CPME):
            # the CPME's national contact, not a CPME structure, the mandatary itself
            # perhaps (review3 6.1)
            acts.append("solliciter l'intervention du référent litiges télécoms de la CPME")
        if _open(r, LetterKind.BUSINESS_MEDIATOR):
            acts.append("saisir le Médiateur des entreprises et échanger avec lui")
    else:
        acts.append("saisir le Médiateur des communications électroniques et échanger avec lui")
    acts.append(f"produire les pièces que {m.obj} lui {m.verb('remet', 'remettent')}")
    return acts


_RNA = re.compile(r"^W\d{9}$", re.IGNORECASE)


def structure_number(identifier: str) -> str:
    """« RNA n° W611000000 », « SIREN 123 456 789 », « SIRET … », « n° … » (review 13.7)."""
    compact = re.sub(r"\s", "", identifier)
    if _RNA.match(compact):
        return f"RNA n°{NBSP}{compact.upper()}"
    return registration_number(identifier) if compact.isdigit() and len(compact) in (9, 14) \
        else f"n°{NBSP}{identifier}"


def _mandataire(structure: StructureIdentity | None, kind: StructureKind | None,
                identifier: str) -> str:
    if structure is None:
        return f"Le mandataire : {TO_FILL}."
    number = structure_number(identifier) if identifier else f"SIREN ou RNA : {TO_FILL}"
    address = one_line_address(structure.address)
    where = f"dont le siège est situé {address}" if address else f"adresse : {TO_FILL}"
    person = ", ".join(p for p in (line(structure.contact_name),
                                   role_in_text(structure.contact_role)) if p)
    named = structure_named(structure.name, kind)
    # the participle agrees with the structure named (« l'UFC… représentée », « la CPME…
    # représentée », « l'association X représentée »), masculine only after « le » (review2 10.2)
    agreed = "représenté" if named.casefold().startswith("le ") else "représentée"
    who = f", {agreed} pour ce dossier par {person}" if person else ""
    return f"Le mandataire : {named} ({number}), {where}{who}."


def _no_representation(court: str, m: Mandant) -> str:
    """Clause 4, for the court the engine names (review 2, 4.1): the tribunal judiciaire
    (762: the structure cannot represent), the tribunal de commerce (853: a distinct special
    power), or both conditions when the court is still to check (a sole trader)."""
    them = "les " if m.plural else "l" + chr(39)
    judiciaire = ("une structure d'aide ne figure pas parmi les personnes admises à y "
                  "représenter une partie (Code de procédure civile, art. 762)")
    commerce = ("pour une demande ne dépassant pas 10 000 €, une représentation par le "
                "mandataire supposerait un pouvoir spécial distinct (Code de procédure civile, "
                "art. 853)")
    if court == TRIBUNAL_DE_COMMERCE:
        return (f"Ce mandat ne donne pas pouvoir de représenter {m.obj} en justice. Devant le "
                f"tribunal de commerce, {commerce}.")
    if court == TO_CHECK:
        return (f"Ce mandat ne donne pas pouvoir de représenter {m.obj} en justice. Devant le "
                f"tribunal judiciaire, {judiciaire} ; devant le tribunal de commerce, "
                f"{commerce}.")
    return (f"Ce mandat ne donne pas pouvoir de représenter {m.obj} devant le tribunal "
            f"judiciaire : {judiciaire}. Elle peut {them}aider à préparer "
            f"{'leur' if m.plural else 'sa'} demande.")


RESERVED = ["accepter ou refuser une proposition ou un avis de médiation",
            "conclure une transaction ou tout accord mettant fin au litige",
            "renoncer à tout ou partie d'une demande",
            "résilier ou modifier le contrat"]


def signatures(case: Case, name: str, structure: StructureIdentity | None,
               kind: StructureKind | None) -> tuple[Table, int]:
    """The signature table: the name and capacity of each signer under its column (review
    13.4), « Bon pour mandat » for each mandant (two for a couple, 13.3); and the number of
    copies (one per party)."""
    sub = case.subscriber
    if structure is not None:
        person = ", ".join(p for p in (line(structure.contact_name) or TO_FILL,
                                       role_in_text(structure.contact_role)) if p)
        agent = f"Pour {structure_named(structure.name, kind)} : {person}"
    else:
        agent = TO_FILL
    if case.is_business and sub.business_form is not BusinessForm.SOLE_TRADER:
        role = f", {role_in_text(sub.representative_role)}" if line(sub.representative_role) \
            else ""
        mandants = [f"Pour {trade_name(case, name)} : "
                    f"{line(sub.representative) or TO_FILL}{role}"]
    elif case.is_business:
        mandants = [line(sub.representative) or TO_FILL]
    elif sub.civility is Civility.COUPLE:
        mandants = list(couple_names(name))
    else:
        mandants = [civil_name(case, name)]
    # one tall cell per signer, room for a handwritten mention and a signature (13.4)
    space = "Signature :" + "\n\u00a0" * 6
    headers = ((mandant_of(case).subject,) if len(mandants) == 1 else
               ("Premier mandant", "Second mandant")) + ("Le mandataire",)
    rows = (tuple(mandants) + (agent,),
            ("« Bon pour mandat »",) * len(mandants) + ("« Bon pour acceptation du mandat »",),
            (space,) * (len(mandants) + 1))
    table = Table(header=headers, rows=rows, align=(Align.LEFT,) * len(headers),
                  widths=(1.0,) * len(headers))
    return table, len(mandants) + 1


COPIES = {2: "deux", 3: "trois"}


def compose(r: Request) -> Letter:
    case, settings, today, notes = r.case, r.settings, r.today, r.notes
    v = voice_of(r, SIGNER, both_sign=True)  # the structure signs it as mandataire
    m = mandant_of(case)
    if sole_trader(case) and case.subscriber.civility not in (Civility.MR, Civility.MRS):
        notes.add(f"Civilité de l'entrepreneur individuel non renseignée : le mandat dit "
                  f"« {m.subject} ». Indiquez-la dans la fiche de l'abonné (Madame ou Monsieur) "
                  "pour que le mandat s'accorde.")
    structure = structure_for_case(case, settings)
    op = operator_name(case, notes)
    if structure is None:
        notes.add("Aucune structure ne suit ce dossier : le mandataire est à compléter "
                  "(fiche du dossier, « Structure qui suit le dossier »).")
    hs = case.handling_structure
    kind = hs.kind if hs is not None else None
    check_structure_kind(case, notes)  # a structure of another kind: the 1971 law (14.3)
    identifier = line(hs.identifier) if hs is not None else ""
    if not identifier:
        notes.add("Numéro SIREN ou RNA de la structure manquant : complétez-le (dossier, "
                  "structure qui suit l'abonné).")
    contract = line(case.contract.contract_number)
    customer = line(case.contract.customer_number)
    refs = [f"ligne{'s' if len(line_numbers(case)) > 1 else ''} "
            f"{join_fr(line_numbers(case))}" if line_numbers(case) else "",
            f"contrat n°{NBSP}{contract}" if contract else "",
            f"client n°{NBSP}{customer}" if customer else ""]
    refs_text = ", ".join(p for p in refs if p)
    body: list = [
        Heading("Entre les soussignés"),
        Paragraph.of(f"{m.subject} : {_mandant(case, v.subscriber, notes)}."),
        Paragraph.of(_mandataire(structure, kind, identifier)),
    ]
    membership = _membership(case, m, notes)
    if membership:
        body.append(Paragraph.of(membership))
    body += [
        Heading("1. Objet du mandat"),
        Paragraph.of(f"{m.subject} {m.verb('donne', 'donnent')} au mandataire, qui l'accepte, le "
                     f"pouvoir d'agir en {m.his} nom et pour {m.his} compte dans le litige qui "
                     f"{'les ' if m.plural else 'l' + chr(39)}oppose à {op} au sujet "
                     f"{of_phrase(natures_text(case))}"
                     f"{' — ' + refs_text if refs_text else ''}. Ce mandat est spécial : "
                     "il ne vaut que pour ce litige (Code civil, art. 1984)."),
        Heading("2. Ce que le mandataire peut faire"),
        bullets(_acts(r, op, m)),
        Heading(f"3. Ce que {m.obj} {m.verb('garde', 'gardent')} pour "
                f"{'eux' if m.plural else ('elle' if m.feminine else 'lui')}"),
        Paragraph.of(f"{m.subject} {m.verb('décide', 'décident')} {m.agree('seul')} des actes "
                     "suivants ; le mandataire ne les accomplit que sur "
                     f"{'leur' if m.plural else 'son'} instruction écrite, datée et signée :"),
        bullets(RESERVED),
        Heading("4. Pas de représentation en justice"),
    ]
    body.append(Paragraph.of(_no_representation(court_of(r), m)))
    informed = "informés" if m.plural else ("informée" if m.feminine else "informé")
    concern = m.verb("le concernent", "les concernent") if not m.feminine else "la concernent"
    body += [
        Heading("5. Correspondance"),
        Paragraph.of("L'opérateur et les organismes saisis peuvent écrire au mandataire. Celui-ci "
                     f"transmet sans délai {m.to} une copie de tout courrier reçu et "
                     f"{m.him} tient {informed} des suites du dossier."),
        Heading("6. Données personnelles"),
        Paragraph.of(f"{m.subject} {m.verb('autorise', 'autorisent')} le mandataire à recevoir, "
                     "conserver et transmettre les informations et documents qui "
                     f"{concern} (identité, contrat, factures, échanges) pour ce seul litige. "
                     "Le mandataire les conserve jusqu'à la clôture du dossier, puis les "
                     f"supprime ou les rend {m.to} ; {m.obj} "
                     f"{m.verb('peut', 'peuvent')} y accéder, les faire rectifier ou effacer à "
                     "tout moment."),
        Heading("7. Durée, gratuité et fin du mandat"),
        Paragraph.of("Le mandat prend effet à sa signature et prend fin à la clôture du litige, "
                     f"au plus tard le {TO_FILL}. Il est consenti à titre gratuit. {m.subject} "
                     f"{m.verb('peut', 'peuvent')} le révoquer à tout moment par écrit ; le "
                     f"mandataire peut y renoncer en prévenant {m.obj} par écrit."),
        Heading("8. Pièces jointes au mandat"),
        bullets(["une copie d'une pièce d'identité de chaque signataire" if m.plural else
                 "une copie d'une pièce d'identité du signataire"] + (
            [_proof_of_business(case)] if case.is_business else [])),
    ]
    table, copies = signatures(case, v.subscriber, structure, kind)
    body += [Paragraph.of(f"Fait à {TO_FILL}, le {TO_FILL}, en "
                          f"{COPIES.get(copies, str(copies))} exemplaires."), table]
    notes.add("Mandat rédigé à partir de clauses de travail (pas d'une source) : faites-le "
              "relire par le juriste de la structure avant le premier usage. Le mandat cite "
              "le Code civil, art. 1984 ; les articles 1987 (mandat spécial) et 1988 (actes de "
              "disposition) fondent aussi ses clauses 1 et 3 : à vérifier, ils ne sont pas "
              "imprimés dans l'acte.")
    notes.add("Une fois le mandat signé par les deux parties, enregistrez l'événement « Mandat "
              "signé » et ajoutez le mandat signé, scanné, aux pièces : les courriers que la "
              "structure signe le supposent" + _joined_to(r) + ".")
    return build_letter(case, settings, today, v, notes, recipient=[],
                        subject=f"Mandat spécial — litige avec {op}",
                        body=body, exhibit_ids=[], salutation="", closing="",
                        registered=False, to_operator=False, signed=False, form=True)


def _joined_to(r: Request) -> str:
    """Where the signed mandate is enclosed, for this case only: the telecom mediator's
    saisine for a private subscriber, the CPME request for a business whose operator the CPME
    covers (the CPME never applies to a private subscriber)."""
    if not r.case.is_business:
        return ", et il est joint à la saisine du médiateur"
    if _open(r, LetterKind.CPME):
        return ", et il est joint à la demande à la CPME"
    return ""


SPEC = LetterSpec(LetterKind.MANDATE, "La structure qui accompagne l'abonné (remis en main "
                  "propre)", SIGNER, compose, postal=False)
