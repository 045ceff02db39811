"""Letters to third parties: the Médiateur des communications électroniques (cover letter and
summary sheet), the CPME telecom contact, the DGCCRF (DDPP / DDETSPP), the procureur de la
République.

Addresses and contacts come from the directory (``dispute.directory``), never from this code;
what the directory does not hold is a visible placeholder plus a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dispute.calendar import format_date_fr
from dispute.directory import ContactKind, Directory, shipped_directory
from dispute.labels import label
from dispute.model import AnswerOutcome, Case, EventKind
from dispute.procedure import (
    FIRST_LEVEL,
    SECOND_LEVEL,
    Assessment,
    is_written,
    sent_on,
)
from dispute.rules import default_rules
from documents.content import (
    Align,
    Letter,
    Paragraph,
    Reference,
    Report,
    Run,
    Table,
)
from documents.letter_settings import LetterSettings
from documents.letters_common import (
    build_letter,
    facts_paragraphs,
    ADDRESS_PLACEHOLDER,
    TO_FILL,
    Notes,
    Voice,
    VoiceMode,
    bullets,
    chronology,
    commitment_blocks,
    contract_phrase,
    demands,
    euros,
    event_what,
    fr_typography,
    exhibit_numbers_phrase,
    line,
    line_descriptions,
    natures_text,
    one_line_address,
    operator_name,
    select_steps,
    sentence,
    siret_text,
    subject_natures,
    voice_for,
)
from documents.text import NBSP, de

MEDIATOR_ID = "mediateur_ce"
CPME_ID = "cpme"
DGCCRF_ID = "dgccrf"
KNOWN_CPME_CONTACT = "Delphine Borne"
"""The CPME contact named by seeds/000: the request is addressed to "Madame"."""


def _by(v: Voice, person: str, company: str, structure: str) -> str:
    return {VoiceMode.PERSON: person, VoiceMode.COMPANY: company,
            VoiceMode.STRUCTURE: structure}[v.mode]


def _directory(directory: Directory | None) -> Directory:
    return directory if directory is not None else shipped_directory()


# --------------------------------------------------------------------------------------------
# 3. Médiateur des communications électroniques


def mediator_recipient(directory: Directory, notes: Notes) -> list[str]:
    body = directory.body(MEDIATOR_ID)
    address = body.current_address() if body is not None else None
    if address is None:
        notes.add("Adresse postale du médiateur absente de l'annuaire : complétez-la.")
        return ["Médiateur des communications", "électroniques", ADDRESS_PLACEHOLDER]
    if not address.provenance.is_verified:
        notes.add(f"Adresse du médiateur à vérifier (source : {address.provenance.source}).")
    return address.lines()


def mediator_website(directory: Directory) -> str:
    body = directory.body(MEDIATOR_ID)
    contact = body.contact(ContactKind.WEBSITE) if body is not None else None
    return line(contact.value) if contact is not None else ""


def _level_written(case: Case, today: date, level) -> list:
    return [e for e in case.events_in_order() if sent_on(e) is not None and sent_on(e) <= today
            and e.counterpart in level and e.kind is not EventKind.ANSWER
            and e.direction.value == "outgoing" and is_written(e)]


def _level_answers(case: Case, today: date, level) -> list:
    return [e for e in case.events_in_order() if sent_on(e) is not None and sent_on(e) <= today
            and e.counterpart in level and e.kind is EventKind.ANSWER]


def _pieces(case: Case, ev) -> str:
    numbers = [x.number for x in (case.exhibit(i) for i in ev.exhibit_ids) if x is not None]
    phrase = exhibit_numbers_phrase(numbers)
    return f" ({phrase[:1].lower()}{phrase[1:]})" if phrase else ""


SHEET_STEPS_LIMIT = 6
"""Most complaints or answers a line of the one-page summary sheet quotes."""


def _complaints_text(case: Case, today: date, level) -> str:
    items = []
    written, left_out = select_steps(_level_written(case, today, level), SHEET_STEPS_LIMIT)
    for ev in written:
        what = _clause(event_what(ev, to_operator=False))
        items.append(f"{format_date_fr(sent_on(ev))} : {what}{_pieces(case, ev)}")
    if left_out:
        items.append(f"et {left_out} autre{'s' if left_out > 1 else ''} (voir la chronologie)")
    return " ; ".join(items) if items else "Aucune réclamation écrite"


def _answers_text(case: Case, today: date, level) -> str:
    items = []
    answers, left_out = select_steps(_level_answers(case, today, level), SHEET_STEPS_LIMIT)
    for ev in answers:
        adj = {AnswerOutcome.UNSATISFACTORY: "insatisfaisante", AnswerOutcome.PARTIAL:
               "partielle", AnswerOutcome.SATISFACTORY: "satisfaisante",
               AnswerOutcome.NONE: "aucune réponse"}.get(ev.outcome, "")
        text = f"{format_date_fr(sent_on(ev))}"
        if adj:
            text += f" ({adj})"
        if line(ev.summary):
            text += f" : {_clause(line(ev.summary))}"
        items.append(text + _pieces(case, ev))
    if left_out:
        items.append(f"et {left_out} autre{'s' if left_out > 1 else ''} (voir la chronologie)")
    return " ; ".join(items) if items else "Aucune réponse à ce jour"


def _is_step(event) -> bool:
    """A step taken (an exchange, a letter, a saisine), not a fact such as an outage: lists
    introduced as « démarches » keep only those."""
    return event.kind is not EventKind.OUTAGE


def _clause(text: str) -> str:
    """A sentence as a clause of a « ; » list: without its final full stop (« reste. ; » and
    « prorata. (pièce n° 6) » read badly); an ellipsis stays."""
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("..") else text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def mediator_annex(case: Case, assessment: Assessment, today: date, notes: Notes,
                   website: str, exhibit_ids: Sequence[str] | None) -> Report:
    sub = case.subscriber
    c = case.contract
    offer = line(c.offer)
    if c.start_date is not None:
        offer += f", souscrite le {format_date_fr(c.start_date)}" if offer else \
            f"Souscrite le {format_date_fr(c.start_date)}"
    if c.monthly_price is not None:
        offer += f", {euros(c.monthly_price, notes)} par mois"
    pairs = [
        ("Vous êtes", label(sub.kind)),
        ("Souscripteur du contrat", line(sub.name) or TO_FILL),
        ("Adresse", one_line_address(sub.address) or TO_FILL),
        ("Téléphone, courriel", " — ".join(p for p in (line(sub.phone), line(sub.email)) if p)),
        ("Opérateur", line(case.operator.name) or TO_FILL),
        ("Offre souscrite", offer),
        ("N° de contrat", line(c.contract_number) or "Non renseigné"),
        ("N° client", line(c.customer_number) or "Non renseigné"),
        ("Ligne(s) concernée(s)", ", ".join(line_descriptions(case)) or TO_FILL),
        ("Nature du litige", ", ".join(label(n) for n in dict.fromkeys(case.natures))
         or "Non précisée"),
        ("Réclamation écrite au service clients", _complaints_text(case, today, FIRST_LEVEL)),
        ("Réponse du service clients", _answers_text(case, today, FIRST_LEVEL)),
        ("Réclamation écrite au service consommateurs",
         _complaints_text(case, today, SECOND_LEVEL)),
        ("Réponse du service consommateurs", _answers_text(case, today, SECOND_LEVEL)),
    ]
    if case.invoice_lines:
        pairs.append(("Montant contesté", euros(case.total_disputed(), notes)))
    pairs += [
        ("Exposé du litige", line(case.summary) or TO_FILL),
        ("Votre demande", _capital(" ; ".join(demands(case, today, notes,
                                                     to_operator=False)))),
    ]
    chosen = case.exhibits if exhibit_ids is None else [
        x for x in case.exhibits if x.id in set(exhibit_ids)]
    rows = tuple(
        (f"Pièce n°{NBSP}{x.number}", line(x.title) or line(x.original_name) or "—",
         format_date_fr(x.date) if x.date else "—")
        for x in sorted(chosen, key=lambda x: x.number) if x.number > 0)
    where = f" sur {website}" if website else ""
    return Report(
        title="Saisine du Médiateur des communications électroniques — fiche récapitulative",
        generated_on=today,
        subtitle=("À joindre à la saisine postale, avec le formulaire de saisine. Les mêmes "
                  f"informations servent à la saisine en ligne{where}, voie à privilégier."),
        header=tuple(Reference(a, fr_typography(b)) for a, b in pairs if line(b)),
        table=Table(header=("Pièce", "Intitulé", "Date"), rows=rows,
                    align=(Align.LEFT, Align.LEFT, Align.LEFT), widths=(1.1, 4.6, 1.5))
        if rows else None,
        author=line(sub.name),
    )


def compose_mediator(case: Case, assessment: Assessment, settings: LetterSettings, today: date,
                     notes: Notes, exhibit_ids: Sequence[str] | None,
                     directory: Directory | None = None) -> tuple[Letter, Report]:
    directory = _directory(directory)
    v = voice_for(case, settings, notes, structure_allowed=False)
    op = operator_name(case, notes)
    website = mediator_website(directory)
    if website:
        notes.add(f"La saisine en ligne sur {website} (page « saisir le médiateur ») est la voie "
                  "à privilégier ; ce courrier sert à une saisine par voie postale.")
    notes.add("Par courrier, le médiateur se saisit avec son formulaire de saisine (seeds/001) : "
              "joignez-le, complété, à ce courrier ; la fiche récapitulative en reprend les "
              "informations mais ne le remplace pas.")
    what = natures_text(case)
    intro = _by(v,
                f"Je vous saisis du litige qui m'oppose à l'opérateur {op}, auprès duquel je suis "
                f"titulaire {contract_phrase(case)}, concernant {what}.",
                f"Notre société, {v.subscriber}, vous saisit du litige qui l'oppose à "
                f"l'opérateur {op}, auprès duquel elle est titulaire {contract_phrase(case)}, "
                f"concernant {what}.",
                "")
    body: list = [Paragraph.of(intro)]
    steps = chronology(case, today, notes, to_operator=False, keep=_is_step)
    if steps is not None:
        body += [Paragraph.of(v.pick(
            "Mes démarches préalables auprès de l'opérateur n'ont pas permis de le résoudre :",
            "Nos démarches préalables auprès de l'opérateur n'ont pas permis de le résoudre :")),
            steps]
    basis = assessment.mediator.latest_basis
    if basis is not None and basis.event is not None:
        article = basis.rule.articles[0] if basis.rule.articles else basis.rule.source_label
        body.append(Paragraph.of(v.pick(
            f"Ma première réclamation écrite date du {format_date_fr(basis.event.date)} : la "
            f"présente saisine intervient dans le délai d'un an prévu par les textes ({article}).",
            f"Notre première réclamation écrite date du {format_date_fr(basis.event.date)} : la "
            f"présente saisine intervient dans le délai d'un an prévu par les textes "
            f"({article}).")
            + " Le litige n'a été soumis ni à un tribunal ni à un autre médiateur."))
    body += [Paragraph.of(v.pick("Je sollicite votre intervention afin d'obtenir :",
                                 "Nous sollicitons votre intervention afin d'obtenir :")),
             bullets(demands(case, today, notes, to_operator=False))]
    body.append(Paragraph.of(v.pick(
        "Vous trouverez ci-joint le formulaire de saisine, une fiche récapitulative de mon "
        "dossier et les pièces énumérées ci-dessous.",
        "Vous trouverez ci-joint le formulaire de saisine, une fiche récapitulative de notre "
        "dossier et les pièces énumérées ci-dessous.")))
    who = "Madame, Monsieur le Médiateur"
    letter = build_letter(
        case, settings, today, v, notes, to_operator=False,
        recipient=mediator_recipient(directory, notes),
        subject=f"Saisine du Médiateur des communications électroniques — litige "
        f"avec {op}",
        body=body, exhibit_ids=exhibit_ids, salutation=f"{who},",
        closing=v.closing(who))
    return letter, mediator_annex(case, assessment, today, notes, website, exhibit_ids)


# --------------------------------------------------------------------------------------------
# 4. Request to the CPME telecom contact


def cpme_contact(directory: Directory, notes: Notes) -> tuple[str, str]:
    body = directory.body(CPME_ID)
    person = body.contact(ContactKind.PERSON) if body is not None else None
    email = body.contact(ContactKind.EMAIL) if body is not None else None
    if person is None or email is None:
        notes.add("Contact télécom de la CPME absent de l'annuaire : complétez-le.")
    return (line(person.value) if person else TO_FILL, line(email.value) if email else TO_FILL)


def _cpme_item_values(case: Case) -> dict[str, str]:
    sub = case.subscriber
    who = line(sub.name)
    if who and case.is_business and line(sub.siren):
        who += f" ({siret_text(sub.siren)})"
    if who and line(sub.representative):
        role = f", {line(sub.representative_role).lower()}" if line(sub.representative_role) \
            else ""
        who += f", ayant pour représentant {line(sub.representative)}{role}"
    contract = line(case.contract.contract_number)
    if contract and line(case.contract.customer_number):
        contract += f" (client n°{NBSP}{line(case.contract.customer_number)})"
    return {
        "subscriber_name": who,
        "operator_name": line(case.operator.name),
        "line_number": ", ".join(line_descriptions(case)),
        "contract_number": contract,
        "summary": line(case.summary),
    }


def compose_cpme(case: Case, assessment: Assessment, settings: LetterSettings, today: date,
                 notes: Notes, exhibit_ids: Sequence[str] | None,
                 directory: Directory | None = None) -> Letter:
    directory = _directory(directory)
    v = voice_for(case, settings, notes, force_structure=True)
    person, email = cpme_contact(directory, notes)
    op = operator_name(case, notes)
    known = person.casefold() == KNOWN_CPME_CONTACT.casefold()
    who = "Madame" if known else "Madame, Monsieur"
    recipient = [f"Madame {person}" if known else person, "CPME — litiges télécoms",
                 f"Par courriel : {email}"]
    notes.add(f"Demande à envoyer par courriel à {email}, avec les pièces jointes (seeds/000).")
    notes.add("La CPME a proposé son aide « pour un test de 3 mois » (seeds/000) : vérifiez que "
              "le dispositif est toujours ouvert.")
    own = v.structure is not None and line(v.structure.name).casefold() == \
        line(case.subscriber.name).casefold()
    concerned = ("Ce litige concerne notre propre structure." if own else
                 f"Ce litige concerne notre entreprise adhérente {v.subscriber}.")
    body: list = [
        Paragraph.of("Conformément à vos consignes, notre structure centralise les litiges "
                     "télécoms de son bureau et de ses entreprises adhérentes : elle est votre "
                     f"seul interlocuteur pour ce dossier. {concerned}"),
        Paragraph.of(f"La tentative de résolution menée auprès {de(op)} par la voie habituelle a "
                     "échoué (voir la chronologie ci-dessous). Nous sollicitons donc votre "
                     "intervention auprès du siège de l'opérateur et vous adressons les cinq "
                     "éléments requis :"),
    ]
    values = _cpme_item_values(case)
    items = default_rules()["cpme_required_items"].items
    for number, item in enumerate(items, start=1):
        value = values.get(item.key, "")
        if not value:
            notes.add(f"Élément {number} ({item.label}) manquant : la CPME ne traite aucune "
                      "demande sans les cinq éléments (seeds/000).")
            value = TO_FILL
        head = Run(f"{number}. {item.label} : ", bold=True)
        if item.key == "summary":
            body.append(Paragraph.of(head, sentence(value) if value != TO_FILL else value))
            steps = chronology(case, today, notes, to_operator=False)
            if steps is not None:
                body += [Paragraph.of("Chronologie détaillée, avec les dates et les preuves "
                                      "jointes :"), steps]
        else:
            body.append(Paragraph.of(head, value, align=Align.LEFT))
    if case.invoice_lines:
        body.append(Paragraph.of(Run("Montant contesté : ", bold=True),
                                 euros(case.total_disputed(), notes)))
    body += commitment_blocks(case, v, notes, to_operator=False)
    body += [Paragraph.of(f"{'Notre structure' if own else 'L’entreprise'} demande :"
                          .replace("’", "'")),
             bullets(demands(case, today, notes, to_operator=False))]
    body.append(Paragraph.of("Les pièces justificatives énumérées ci-dessous sont jointes à ce "
                             "courriel. Nous restons à votre disposition pour tout complément."))
    return build_letter(
        case, settings, today, v, notes, to_operator=False,
        recipient=recipient,
        subject=f"Demande d'intervention auprès {de(op)} — {v.subscriber}",
        body=body, exhibit_ids=exhibit_ids, salutation=f"{who},",
        closing=v.closing(who), registered=False)


# --------------------------------------------------------------------------------------------
# 6b. DGCCRF (DDPP / DDETSPP)


def compose_dgccrf(case: Case, assessment: Assessment, settings: LetterSettings, today: date,
                   notes: Notes, exhibit_ids: Sequence[str] | None,
                   directory: Directory | None = None) -> Letter:
    directory = _directory(directory)
    v = voice_for(case, settings, notes)
    op = operator_name(case, notes)
    body_entry = directory.body(DGCCRF_ID)
    site = body_entry.contact(ContactKind.WEBSITE) if body_entry is not None else None
    address = body_entry.current_address() if body_entry is not None else None
    if address is not None:
        recipient = address.lines()
    else:
        recipient = ["DDPP ou DDETSPP", "(département du siège de l'opérateur)",
                     ADDRESS_PLACEHOLDER]
        notes.add("Adresse de la DDPP ou de la DDETSPP à compléter : celle du département où "
                  f"{op} a son siège social (aucune adresse dans l'annuaire ; voir le site de "
                  "l'administration). « " + ADDRESS_PLACEHOLDER + " » est imprimé à sa place.")
    if site is not None:
        notes.add(f"Un signalement peut aussi se faire en ligne sur SignalConso "
                  f"({line(site.value)}).")
    what = natures_text(case)
    intro = _by(v,
                f"Je souhaite porter à votre connaissance les difficultés que je rencontre avec "
                f"l'opérateur {op}, auprès duquel je suis titulaire {contract_phrase(case)}, "
                f"concernant {what}.",
                f"Notre société, {v.subscriber}, souhaite porter à votre connaissance les "
                f"difficultés qu'elle rencontre avec l'opérateur {op}, auprès duquel elle est "
                f"titulaire {contract_phrase(case)}, concernant {what}.",
                f"Nous souhaitons porter à votre connaissance les difficultés que rencontre "
                f"{v.subscriber}, titulaire {contract_phrase(case)}, avec l'opérateur {op}, "
                f"concernant {what}.")
    body: list = [Paragraph.of(intro), *facts_paragraphs(case)]
    steps = chronology(case, today, notes, to_operator=False, keep=_is_step)
    if steps is not None:
        body += [Paragraph.of("Malgré les démarches suivantes, le litige n'a pas été résolu :"),
                 steps]
    if case.invoice_lines:
        body.append(Paragraph.of(f"Le montant contesté s'élève à "
                                 f"{euros(case.total_disputed(), notes)}."))
    body += commitment_blocks(case, v, notes, to_operator=False)
    body.append(Paragraph.of(v.pick(
        "Vous trouverez ci-joint les pièces justificatives énumérées ci-dessous. Je vous "
        "remercie de bien vouloir examiner ces faits et d'y donner les suites que vous jugerez "
        "utiles.",
        "Vous trouverez ci-joint les pièces justificatives énumérées ci-dessous. Nous vous "
        "remercions de bien vouloir examiner ces faits et d'y donner les suites que vous "
        "jugerez utiles.")))
    return build_letter(
        case, settings, today, v, notes, to_operator=False,
        recipient=recipient,
        subject=f"Signalement concernant l'opérateur {op} — "
        f"{subject_natures(case)}",
        body=body, exhibit_ids=exhibit_ids)


# --------------------------------------------------------------------------------------------
# 6c. Complaint to the procureur de la République


PROCUREUR_LINES = ("Monsieur le Procureur de la République", "Tribunal judiciaire de …",
                   ADDRESS_PLACEHOLDER)


def compose_procureur(case: Case, assessment: Assessment, settings: LetterSettings, today: date,
                      notes: Notes, exhibit_ids: Sequence[str] | None) -> Letter:
    v = voice_for(case, settings, notes, structure_allowed=False)
    op = operator_name(case, notes)
    notes.add("Destinataire à compléter : la ville du tribunal judiciaire et son adresse "
              f"(« Tribunal judiciaire de … », « {ADDRESS_PLACEHOLDER} »).")
    notes.add("La plainte au procureur de la République est le dernier recours, par lettre "
              "recommandée avec accusé de réception rappelant toutes les démarches (seeds/003).")
    intro = _by(v,
                f"J'ai l'honneur de porter plainte contre la société {op}, auprès de laquelle je "
                f"suis titulaire {contract_phrase(case)}, pour les faits exposés ci-après.",
                f"Notre société, {v.subscriber}, a l'honneur de porter plainte contre la société "
                f"{op}, auprès de laquelle elle est titulaire {contract_phrase(case)}, pour les "
                "faits exposés ci-après.",
                "")
    body: list = [Paragraph.of(intro), *facts_paragraphs(case)]
    steps = chronology(case, today, notes, to_operator=False, limit=None)
    if steps is not None:
        body += [Paragraph.of(v.pick(
            "Les faits et les démarches que j'ai accomplies sans résultat, dans l'ordre :",
            "Les faits et les démarches que nous avons accomplies sans résultat, dans "
            "l'ordre :")),
            steps]
    else:
        notes.add("Aucune démarche datée n'est enregistrée : la plainte doit rappeler toutes les "
                  "démarches accomplies (seeds/003).")
    if case.invoice_lines:
        body.append(Paragraph.of(f"Le montant contesté s'élève à "
                                 f"{euros(case.total_disputed(), notes)}."))
    body.append(Paragraph.of(v.pick(
        "Vous trouverez ci-joint les pièces justificatives énumérées ci-dessous. Je reste à "
        "votre disposition pour tout renseignement complémentaire.",
        "Vous trouverez ci-joint les pièces justificatives énumérées ci-dessous. Nous restons à "
        "votre disposition pour tout renseignement complémentaire.")))
    who = "Madame, Monsieur le Procureur de la République"
    return build_letter(
        case, settings, today, v, notes, to_operator=False,
        recipient=list(PROCUREUR_LINES),
        subject=f"Plainte contre la société {op} — "
        f"{subject_natures(case)}",
        body=body, exhibit_ids=exhibit_ids, salutation=f"{who},",
        closing=v.closing(who, high=True))
