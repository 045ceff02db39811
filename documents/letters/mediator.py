"""3. The saisine of the Médiateur des communications électroniques: the cover letter and its
one-page summary sheet (the annex), signed by the subscriber (seeds/001)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from dispute.calendar import format_date_fr
from dispute.directory import ContactKind, Directory
from dispute.exhibit_roles import UNLINKED_INVOICE
from dispute.labels import label
from dispute.letter_kinds import LetterKind
from dispute.model import AnswerOutcome, Case, Civility, EventKind
from dispute.procedure import FIRST_LEVEL, SECOND_LEVEL, Assessment, is_written, sent_on
from documents.content import Align, Letter, Paragraph, Reference, Report, Table
from documents.letters.claims import contract_phrase, demands, natures_text
from documents.letters.core import (
    ADDRESS_PLACEHOLDER,
    TO_FILL,
    LetterSpec,
    Notes,
    Request,
    Signer,
    bullets,
    line,
    one_line_address,
)
from documents.letters.frame import build_letter
from documents.money import (
    amount_text,
    claim_totals,
    deducted_of,
    net_claimed_text,
    single_amount_text,
)
from documents.letters.recipients import directory_or_shipped
from documents.letters.steps import (
    chronology,
    invoice_exhibits,
    clause,
    event_what,
    exhibit_numbers_phrase,
    notice_unanswered,
    is_step,
    line_descriptions,
    select_steps,
)
from documents.letters.typography import fr_typography
from documents.letters.voice import by, operator_name, voice_of
from documents.letters.mandate_status import (
    mandate_enclosure,
    mandate_event,
    mandate_reference,
    structure_of_case,
)
from documents.text import NBSP

SIGNER = Signer.SUBSCRIBER


MEDIATOR_ID = "mediateur_ce"


def mediator_recipient(directory: Directory, notes: Notes) -> list[str]:
    body = directory.body(MEDIATOR_ID)
    address = body.current_address() if body is not None else None
    if address is None:
        notes.add("Adresse postale du médiateur absente de l'annuaire : complétez-la.")
        return ["Médiateur des communications", "électroniques", ADDRESS_PLACEHOLDER]
    if not address.provenance.is_verified:
        notes.add(f"Adresse du médiateur à vérifier (source : {address.provenance.source}).")
    return address.lines()


def form_source(website: str) -> str:
    """Where the saisine form is to be had, from sourced facts only (review2 13.1): the
    mediator's own site and its page « saisir le médiateur » (SignalConso, LEGAL-2026-12 § 6,
    A); that the blank form can be downloaded there is not confirmed, so it is not said."""
    site = f" (site {website}, page « saisir le médiateur », où la saisine peut aussi se faire " \
        "en ligne)" if website else ""
    return f"à demander au Médiateur des communications électroniques{site}"


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
        what = clause(event_what(ev, to_operator=False) + notice_unanswered(case, ev, today))
        items.append(f"{format_date_fr(sent_on(ev))} : {what}{_pieces(case, ev)}")
    if left_out:
        items.append(f"et {left_out} autre{'s' if left_out > 1 else ''} (voir la chronologie)")
    return " ; ".join(items) if items else "Aucune réclamation écrite"


def _answers_text(case: Case, today: date, level, seized_text: str) -> str:
    """The level's answers; « Sans objet (…) » when no written complaint was sent to it (an
    « Aucune réponse à ce jour » would say one is awaited: review 6.3)."""
    if not _level_written(case, today, level) and not _level_answers(case, today, level):
        return f"Sans objet ({seized_text})"
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
            text += f" : {clause(line(ev.summary))}"
        items.append(text + _pieces(case, ev))
    if left_out:
        items.append(f"et {left_out} autre{'s' if left_out > 1 else ''} (voir la chronologie)")
    return " ; ".join(items) if items else "Aucune réponse à ce jour"


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
        offer += (f", {single_amount_text(case, c.monthly_price, c.price_tax, c.vat_rate, notes)}"
                  " par mois")
    pairs = [
        ("Vous êtes", label(sub.kind)),
        ("Souscripteurs du contrat" if sub.civility is Civility.COUPLE and not case.is_business
         else "Souscripteur du contrat", line(sub.name) or TO_FILL),
        ("Adresse", one_line_address(sub.address) or TO_FILL),
        ("Téléphone, courriel", " — ".join(p for p in (line(sub.phone), line(sub.email)) if p)),
        ("Opérateur", operator_name(case, notes) if line(case.operator.name) else TO_FILL),
        ("Offre souscrite", offer),
        ("N° de contrat", line(c.contract_number) or "Non renseigné"),
        ("N° client", line(c.customer_number) or "Non renseigné"),
        ("Ligne(s) concernée(s)", ", ".join(line_descriptions(case)) or TO_FILL),
        # the letter's words, never the form's label (review3 4.3)
        ("Nature du litige", _capital(natures_text(case, today)) if case.natures
         else "Non précisée"),
        ("Réclamation écrite au service clients", _complaints_text(case, today, FIRST_LEVEL)),
        ("Réponse du service clients", _answers_text(case, today, FIRST_LEVEL,
                                                      "aucune réclamation écrite")),
        ("Réclamation écrite au service consommateurs",
         _complaints_text(case, today, SECOND_LEVEL)),
        ("Réponse du service consommateurs", _answers_text(case, today, SECOND_LEVEL,
                                                           "service consommateurs non saisi")),
    ]
    if case.invoice_lines:
        # the letters' total (HT and TTC for a business, credits deducted), never a plain
        # sum of HT and TTC lines (review 6.2)
        # one amount a row: « 45,02 € : 55,02 € contestés » read as two (review3 4.1)
        totals = claim_totals(case)
        pairs.append(("Montant contesté", amount_text(case, totals.disputed, notes)))
        if totals.credits_deducted:
            pairs.append(("Reste demandé", f"{net_claimed_text(case, notes)}, déduction "
                                           f"faite {deducted_of(case, notes)}"))
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


def compose(r: Request) -> Letter:
    case, assessment, settings, today, notes, exhibit_ids = (
        r.case, r.assessment, r.settings, r.today, r.notes, r.exhibit_ids)
    directory = directory_or_shipped(r.directory)
    v = voice_of(r, SIGNER)
    op = operator_name(case, notes)
    website = mediator_website(directory)
    if website:
        notes.add(f"La saisine en ligne sur {website} (page « saisir le médiateur ») est la voie "
                  "à privilégier ; ce courrier sert à une saisine par voie postale.")
    notes.add("Par courrier, le médiateur se saisit avec son formulaire de saisine (seeds/001), "
              "que l'application ne fournit pas : " + form_source(website) + ". Joignez-le, "
              "complété et signé, à ce courrier ; la fiche récapitulative en reprend les "
              "informations mais ne le remplace pas.")
    mediator_notes(case, assessment, today, notes)
    what = natures_text(case, today)
    intro = by(v,
               f"Je vous saisis du litige qui m'oppose à l'opérateur {op}, auprès duquel je suis "
               f"titulaire {contract_phrase(case)}, concernant {what}.",
               f"{v.entity}, {v.subscriber}, vous saisit du litige qui l'oppose à "
               f"l'opérateur {op}, auprès duquel elle est titulaire {contract_phrase(case)}, "
               f"concernant {what}.",
               "",
               f"Nous vous saisissons du litige qui nous oppose à l'opérateur {op}, auprès "
               f"duquel nous sommes titulaires {contract_phrase(case)}, concernant {what}.")
    body: list = [Paragraph.of(intro)]
    steps = chronology(case, today, notes, to_operator=False, keep=is_step,
                       voice=v, signer=v)
    if steps is not None:
        body += [Paragraph.of(v.pick(
            "Mes démarches préalables auprès de l'opérateur n'ont pas permis de le résoudre :",
            "Nos démarches préalables auprès de l'opérateur n'ont pas permis de le résoudre :")),
            steps]
    basis = assessment.mediator.latest_basis
    if basis is not None and basis.event is not None:
        first = format_date_fr(basis.event.date)
        latest = assessment.mediator.latest
        text = v.pick(f"Ma première réclamation écrite date du {first}",
                      f"Notre première réclamation écrite date du {first}")
        if not case.is_business and latest is not None and today <= latest:
            # said only when true on the letter's date (review T2): never for a business,
            # never once the year has passed
            article = basis.rule.articles[0] if basis.rule.articles else \
                basis.rule.source_label
            text += (" : la présente saisine intervient dans le délai d'un an prévu par les "
                     f"textes ({article}).")
        else:
            text += "."
        body.append(Paragraph.of(
            text + " Le litige n'a été soumis ni à un tribunal ni à un autre médiateur."))
    body += [Paragraph.of(v.pick("Je sollicite votre intervention afin d'obtenir :",
                                 "Nous sollicitons votre intervention afin d'obtenir :")),
             bullets(demands(case, today, notes, to_operator=False))]
    also = [FORM, SHEET]
    mandate = mandate_enclosure(case, v, notes, exhibit_ids)
    event = mandate_event(case)
    if event is not None and v.structure is not None:
        if mandate:
            also.append(mandate)
        # « (ci-joint) » or « (pièce n° 7) » only when the mandate is enclosed (review2 13.1)
        where = "ci-joint" if mandate else mandate_reference(case, exhibit_ids) or \
            "une copie vous en sera transmise séparément"  # review3 4.2
        given = f"donné mandat le {format_date_fr(event.date)}" if event.date else \
            "donné mandat"
        given += f" ({where})" if where else ""
        helper = structure_of_case(case, v)
        body.append(Paragraph.of(v.pick(
            f"Je suis accompagné{'e' if v.feminine else ''} dans cette démarche par "
            f"{helper}, à qui j'ai {given} ; vous pouvez lui adresser copie de vos échanges.",
            f"Nous sommes accompagnés dans cette démarche par {helper}, à qui nous avons "
            f"{given} ; vous pouvez lui adresser copie de vos échanges.")))
    body.append(Paragraph.of(v.pick(
        "Vous trouverez ci-joint le formulaire de saisine complété, une fiche récapitulative de "
        "mon dossier et les pièces énumérées ci-dessous.",
        "Vous trouverez ci-joint le formulaire de saisine complété, une fiche récapitulative de "
        "notre dossier et les pièces énumérées ci-dessous.")))
    who = "Madame, Monsieur le Médiateur"
    return build_letter(
        case, settings, today, v, notes, to_operator=False,
        recipient=mediator_recipient(directory, notes),
        subject=f"Saisine du Médiateur des communications électroniques — litige "
        f"avec {op}",
        body=body, exhibit_ids=exhibit_ids, salutation=f"{who},",
        closing=v.closing(who), also_enclosed=also, mandate_enclosed=True)


def mediator_notes(case: Case, assessment: Assessment, today: date, notes: Notes) -> None:
    """What the user must know before sending: a limit close (review 6.6), an invoice
    disputed but not among the exhibits (6.5), a service consommateurs never seized (6.8)."""
    latest = assessment.mediator.latest
    if assessment.mediator.open and latest is not None and 0 <= (latest - today).days <= 31:
        left = (latest - today).days
        notes.add(f"Dernier jour pour saisir le médiateur : le {format_date_fr(latest)} "
                  f"(dans {left} jour{'s' if left > 1 else ''}) : saisissez-le de préférence en "
                  "ligne aujourd'hui ; par courrier, postez sans attendre.")
    for number, exhibit in invoice_exhibits(case).items():
        if exhibit is None:
            notes.add(UNLINKED_INVOICE.format(number=number))
    second = _level_written(case, today, SECOND_LEVEL)
    if not case.is_business and not second and \
            not case.operator.service_consommateurs_address.is_empty():
        notes.add(f"{operator_name(case, notes)} a un service consommateurs : le médiateur "
                  "peut vous demander de l'avoir saisi d'abord (recours internes épuisés).")


FORM = "Formulaire de saisine du médiateur, complété et signé"
SHEET = "Fiche récapitulative du dossier (jointe à ce courrier)"


def annex(r: Request) -> Report:
    """The summary sheet printed after the cover letter."""
    website = mediator_website(directory_or_shipped(r.directory))
    return mediator_annex(r.case, r.assessment, r.today, r.notes, website, r.exhibit_ids)


SPEC = LetterSpec(LetterKind.MEDIATOR, "Médiateur des communications électroniques", SIGNER,
                  compose, annex=annex)
