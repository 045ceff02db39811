"""Letters to the operator: complaint to the service clients, registered letter to the service
consommateurs, billing contestation, formal notice (mise en demeure).

Each ``compose_*`` function returns a :class:`~documents.content.Letter` and records its
warnings in ``notes``; ``documents.letters.compose_letter`` is the public entry point.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from dispute.calendar import format_date_fr
from dispute.directory import of_name
from dispute.labels import label
from dispute.model import Case, Counterpart, DisputeNature, EventKind
from dispute.procedure import (
    FIRST_LEVEL,
    OPERATOR_SIDE,
    UNSATISFIED,
    Assessment,
    Claim,
    PrescriptionState,
    is_written,
    sent_on,
)
from documents.content import Align, Letter, Paragraph, Run, Table
from documents.letter_settings import LetterSettings
from documents.letters_common import (
    build_letter,
    facts_paragraphs,
    Notes,
    Voice,
    VoiceMode,
    best_operator_recipient,
    bullets,
    chronology,
    commitment_blocks,
    contract_phrase,
    demands,
    euros,
    line,
    natures_text,
    obligations,
    one_line_address,
    operator_name,
    operator_recipient,
    siret_text,
    subject_natures,
    voice_for,
)
from documents.text import NBSP


def _by(v: Voice, person: str, company: str, structure: str) -> str:
    return {VoiceMode.PERSON: person, VoiceMode.COMPANY: company,
            VoiceMode.STRUCTURE: structure}[v.mode]


SUMMARY_BELOW = 3
"""Letters 1 and 2 print the case summary only when the chronology has fewer steps than this
(the dated steps then tell the facts; the summary would repeat them)."""


def _contact(event) -> bool:
    """Steps worth recalling to the operator: exchanges with its services (an outage or a
    technician's visit is told by the summary or the exchanges around it)."""
    return event.counterpart in OPERATOR_SIDE and event.kind is not EventKind.OUTAGE


def _cpme_covered(assessment: Assessment) -> bool:
    return not any(r.code == "operator_not_covered" for r in assessment.cpme.reasons)


# --------------------------------------------------------------------------------------------
# 1. Complaint to the service clients


def compose_service_clients(case: Case, assessment: Assessment, settings: LetterSettings,
                            today: date, notes: Notes, exhibit_ids: Sequence[str] | None
                            ) -> Letter:
    v = voice_for(case, settings, notes)
    what = natures_text(case)
    intro = _by(
        v,
        f"Titulaire {contract_phrase(case)}, je vous adresse la présente réclamation, relative "
        f"à {what}.",
        f"Notre société, {v.subscriber}, titulaire {contract_phrase(case)}, vous adresse la "
        f"présente réclamation, relative à {what}.",
        f"Nous intervenons pour le compte de {v.subscriber}, titulaire {contract_phrase(case)}, "
        f"et vous adressons en son nom la présente réclamation, relative à {what}.",
    )
    steps = chronology(case, today, notes, to_operator=True, keep=_contact)
    body: list = [Paragraph.of(intro)]
    if steps is None or len(steps.items) < SUMMARY_BELOW:
        body += facts_paragraphs(case)
    if steps is not None:
        body += [Paragraph.of("Démarches déjà effectuées :"), steps]
    body += commitment_blocks(case, v, notes, to_operator=True)
    body += [Paragraph.of(v.pick("En conséquence, je vous demande :",
                                 "En conséquence, nous vous demandons :")),
             bullets(demands(case, today, notes, to_operator=True))]
    if any(e.counterpart is Counterpart.SERVICE_CONSOMMATEURS for e in case.events):
        # The service consommateurs has already been written to: promising to write to it
        # would contradict the steps this very letter recalls.
        body.append(Paragraph.of(v.pick(
            "Je vous remercie de me répondre par écrit dans un délai d'un mois. À défaut de "
            "réponse satisfaisante, je poursuivrai les recours ouverts à l'abonné.",
            "Nous vous remercions de nous répondre par écrit dans un délai d'un mois. À défaut "
            "de réponse satisfaisante, nous poursuivrons les recours ouverts à l'abonné.")))
        notes.add("Le service consommateurs a déjà été saisi : une nouvelle réclamation au "
                  "service clients est possible, mais l'étape suivante est en général le "
                  "médiateur (ou la CPME pour une entreprise).")
    else:
        body.append(Paragraph.of(v.pick(
            "Je vous remercie de me répondre par écrit dans un délai d'un mois. À défaut de "
            "réponse satisfaisante dans ce délai, je m'adresserai à votre service "
            "consommateurs.",
            "Nous vous remercions de nous répondre par écrit dans un délai d'un mois. À défaut "
            "de réponse satisfaisante dans ce délai, nous nous adresserons à votre service "
            "consommateurs.")))
    return build_letter(case, settings, today, v, notes,
                   recipient=operator_recipient(case, "clients", notes),
                   subject=f"Réclamation — {subject_natures(case)}",
                   body=body, exhibit_ids=exhibit_ids)


# --------------------------------------------------------------------------------------------
# 2. Registered letter to the service consommateurs


def _first_level_status(case: Case, today: date, v: Voice) -> str:
    """One sentence on where the service clients left the complaint: unanswered since a
    dated letter, or an unsatisfactory answer on a date."""
    events = [e for e in case.events_in_order() if sent_on(e) is not None
              and sent_on(e) <= today and e.counterpart in FIRST_LEVEL]
    complaints = [e for e in events if e.kind in (
        EventKind.CALL, EventKind.LETTER, EventKind.REGISTERED_LETTER, EventKind.EMAIL,
        EventKind.CHAT, EventKind.SHOP_VISIT, EventKind.OTHER) and e.direction.value == "outgoing"]
    answers = [e for e in events if e.kind is EventKind.ANSWER]
    last_answer = answers[-1] if answers else None
    written = [c for c in complaints if is_written(c)]
    last_complaint = (written or complaints or [None])[-1]
    poss = _by(v, "ma", "notre", "sa")
    if last_answer is not None and (last_complaint is None
                                    or sent_on(last_answer) >= sent_on(last_complaint)):
        when = format_date_fr(sent_on(last_answer))
        if last_answer.outcome in UNSATISFIED:
            return _by(v, f"La réponse de votre service clients du {when} ne me donne pas "
                          "satisfaction.",
                       f"La réponse de votre service clients du {when} ne nous donne pas "
                       "satisfaction.",
                       f"La réponse de votre service clients du {when} ne donne pas "
                       f"satisfaction à {v.subscriber}.")
        return ""
    if last_complaint is None:
        return ""
    when = format_date_fr(sent_on(last_complaint))
    what = "lettre recommandée" if last_complaint.kind is EventKind.REGISTERED_LETTER else (
        "réclamation")
    received = ""
    reg = last_complaint.registered
    if reg is not None and reg.received_on is not None:
        received = f", reçue le {format_date_fr(reg.received_on)}"
    return (f"À ce jour, votre service clients n'a pas répondu à {poss} {what} du {when}"
            f"{received}.")


def compose_service_consommateurs(case: Case, assessment: Assessment, settings: LetterSettings,
                                  today: date, notes: Notes,
                                  exhibit_ids: Sequence[str] | None) -> Letter:
    v = voice_for(case, settings, notes)
    what = natures_text(case)
    intro = _by(
        v,
        f"Titulaire {contract_phrase(case)}, je sollicite le réexamen de ma réclamation "
        f"relative à {what}, que votre service clients n'a pas résolue.",
        f"Notre société, {v.subscriber}, titulaire {contract_phrase(case)}, sollicite le "
        f"réexamen de sa réclamation relative à {what}, que votre service clients n'a pas "
        "résolue.",
        f"Nous intervenons pour le compte de {v.subscriber}, titulaire "
        f"{contract_phrase(case)}, et sollicitons le réexamen de sa réclamation relative à "
        f"{what}, que votre service clients n'a pas résolue.",
    )
    body: list = [Paragraph.of(intro)]
    steps = chronology(case, today, notes, to_operator=True, keep=_contact)
    if steps is None or len(steps.items) < SUMMARY_BELOW:
        body += facts_paragraphs(case)
    if steps is not None:
        body += [Paragraph.of(Run("Rappel des démarches effectuées :", bold=True)), steps]
    else:
        notes.add("Aucune démarche datée n'est enregistrée : le service consommateurs réexamine "
                  "une réclamation déjà adressée au service clients (seeds/001).")
    status = _first_level_status(case, today, v)
    if status:
        body.append(Paragraph.of(status))
    body += commitment_blocks(case, v, notes, to_operator=True)
    ask = _by(v, "Je vous demande en conséquence de bien vouloir réexaminer ce dossier et de "
                 "m'accorder :",
              "Nous vous demandons en conséquence de bien vouloir réexaminer ce dossier et de "
              "nous accorder :",
              "Nous vous demandons en conséquence de bien vouloir réexaminer ce dossier et "
              f"d'accorder à {v.subscriber} :")
    body += [Paragraph.of(ask), bullets(demands(case, today, notes, to_operator=True))]
    if not case.is_business:
        after = v.pick("je saisirai le Médiateur des communications électroniques.",
                       "nous saisirons le Médiateur des communications électroniques.")
    elif _cpme_covered(assessment):
        after = "nous solliciterons l'intervention de la CPME auprès de votre siège."
    else:
        after = "nous engagerons les recours appropriés."
    body.append(Paragraph.of(v.pick(
        "Je vous remercie de me faire connaître votre réponse par écrit. À défaut de réponse "
        "dans un délai d'un mois, ou en cas de réponse insatisfaisante, ",
        "Nous vous remercions de nous faire connaître votre réponse par écrit. À défaut de "
        "réponse dans un délai d'un mois, ou en cas de réponse insatisfaisante, ") + after))
    recipient = operator_recipient(case, "consommateurs", notes)
    return build_letter(case, settings, today, v, notes, recipient=recipient,
                   subject="Demande de réexamen d'une réclamation — "
                   f"{subject_natures(case)}",
                   body=body, exhibit_ids=exhibit_ids)


# --------------------------------------------------------------------------------------------
# 5. Billing contestation


def invoice_table(case: Case, notes: Notes) -> Table:
    rows = []
    for il in sorted(case.invoice_lines,
                     key=lambda x: (x.invoice_date is None, x.invoice_date or date.min)):
        reason = label(il.reason)
        if line(il.note):
            reason += f" — {line(il.note)}"
        rows.append((
            line(il.invoice_number) or "—",
            format_date_fr(il.invoice_date) if il.invoice_date else "—",
            line(il.label) or "—",
            euros(il.amount_billed, notes),
            euros(il.amount_disputed, notes),
            reason,
        ))
        if il.amount_disputed > il.amount_billed:
            notes.add(f"Facture {line(il.invoice_number)} : le montant contesté dépasse le "
                      "montant facturé, à vérifier.")
    billed = sum((il.amount_billed for il in case.invoice_lines), Decimal("0.00"))
    return Table(
        header=("Facture n°", "Date", "Libellé", "Facturé", "Contesté", "Motif"),
        rows=tuple(rows),
        align=(Align.LEFT, Align.LEFT, Align.LEFT, Align.RIGHT, Align.RIGHT, Align.LEFT),
        total=("Total", "", "", euros(billed, notes), euros(case.total_disputed(), notes), ""),
        widths=(1.65, 1.1, 1.9, 0.95, 0.95, 2.15),
    )


def prescription_paragraphs(case: Case, assessment: Assessment, v: Voice,
                            notes: Notes) -> list:
    """L.34-2 stated as a fact with its source, only for lines close to prescription."""
    out = []
    for flag in assessment.invoice_flags:
        if flag.state is PrescriptionState.PRESCRIBED:
            notes.add(f"{flag.message} Envisagez de retirer cette ligne de la contestation.")
            continue
        if flag.state is not PrescriptionState.SOON or flag.basis.event is None:
            continue
        notes.add(f"Ligne proche de la prescription : {flag.message}")
        article = flag.basis.rule.articles[0] if flag.basis.rule.articles else \
            flag.basis.rule.source_label
        start = format_date_fr(flag.basis.event.date)
        limit = format_date_fr(flag.limit)
        what = f"la ligne « {line(flag.label)} » de la facture n°{NBSP}{line(flag.invoice_number)}"
        if flag.claim is Claim.CUSTOMER_REFUND:
            out.append(Paragraph.of(
                f"Pour mémoire, les demandes en restitution du prix des prestations se "
                f"prescrivent par un an à compter du paiement ({article}) : pour {what}, payée "
                f"le {start}, ce délai expire le {limit}."))
        elif flag.claim is Claim.OPERATOR_PAYMENT:
            out.append(Paragraph.of(
                f"Pour mémoire, les sommes dues qui ne sont pas réclamées dans un délai d'un an "
                f"à compter de leur exigibilité sont prescrites ({article}) : pour {what}, "
                f"échue le {start}, ce délai expire le {limit}."))
    return out


def compose_billing(case: Case, assessment: Assessment, settings: LetterSettings, today: date,
                    notes: Notes, exhibit_ids: Sequence[str] | None) -> Letter:
    v = voice_for(case, settings, notes)
    if not case.invoice_lines:
        notes.add("Aucune ligne de facture contestée n'est enregistrée : le tableau est vide.")
    intro = _by(
        v,
        f"Titulaire {contract_phrase(case)}, j'ai examiné ligne par ligne les factures reçues "
        "et je conteste les montants suivants :",
        f"Notre société, {v.subscriber}, titulaire {contract_phrase(case)}, a examiné ligne par "
        "ligne les factures reçues et conteste les montants suivants :",
        f"Nous intervenons pour le compte de {v.subscriber}, titulaire {contract_phrase(case)}. "
        "Après examen ligne par ligne de ses factures, nous contestons les montants suivants :",
    )
    total = euros(case.total_disputed(), notes)
    body: list = [Paragraph.of(intro), invoice_table(case, notes)]
    steps = chronology(case, today, notes, to_operator=True, keep=_contact)
    if steps is not None:
        body += [Paragraph.of("Ces montants ont déjà été contestés auprès de vos services :"),
                 steps]
    body += commitment_blocks(case, v, notes, to_operator=True)
    ask = _by(v, f"Je vous demande en conséquence le remboursement de la somme de {total}, par "
                 "virement ou sous forme d'avoir, ainsi que l'envoi de factures rectifiées.",
              f"Nous vous demandons en conséquence le remboursement de la somme de {total}, par "
              "virement ou sous forme d'avoir, ainsi que l'envoi de factures rectifiées.",
              f"Nous vous demandons en conséquence le remboursement à {v.subscriber} de la somme "
              f"de {total}, par virement ou sous forme d'avoir, ainsi que l'envoi de factures "
              "rectifiées.")
    body.append(Paragraph.of(ask))
    body += prescription_paragraphs(case, assessment, v, notes)
    body.append(Paragraph.of(v.pick(
        "Je vous remercie de me répondre par écrit dans un délai d'un mois.",
        "Nous vous remercions de nous répondre par écrit dans un délai d'un mois.")))
    second = any(e.counterpart is Counterpart.SERVICE_CONSOMMATEURS for e in case.events)
    recipient = operator_recipient(case, "consommateurs" if second else "clients", notes)
    numbers = list(dict.fromkeys(line(il.invoice_number) for il in case.invoice_lines
                                 if line(il.invoice_number)))
    subject = "Contestation de facturation"
    if numbers:
        subject += (f" — facture n°{NBSP}{numbers[0]}" if len(numbers) == 1 else
                    f" — factures n°{NBSP}{', '.join(numbers[:-1])} et {numbers[-1]}")
    return build_letter(case, settings, today, v, notes, recipient=recipient, subject=subject,
                   body=body, exhibit_ids=exhibit_ids)


# --------------------------------------------------------------------------------------------
# 6a. Formal notice (mise en demeure)


def compose_formal_notice(case: Case, assessment: Assessment, settings: LetterSettings,
                          today: date, notes: Notes,
                          exhibit_ids: Sequence[str] | None) -> Letter:
    v = voice_for(case, settings, notes, structure_allowed=False)
    op = operator_name(case, notes)
    days = settings.formal_notice_days
    sub = case.subscriber
    if v.mode is VoiceMode.COMPANY:
        who = f"la société {v.subscriber}"
        if line(sub.siren):
            who += f" ({siret_text(sub.siren)})"
        who += f", titulaire auprès de votre société {contract_phrase(case)}"
        if not sub.address.is_empty():
            who += f", dont le siège est situé {one_line_address(sub.address)}"
        if line(sub.representative):
            role = f", {line(sub.representative_role).lower()}" \
                if line(sub.representative_role) else ""
            who += f", représentée par {line(sub.representative)}{role}"
    else:
        who = v.subscriber
        if not sub.address.is_empty():
            who += f", demeurant {one_line_address(sub.address)}"
        who += f", titulaire auprès de votre société {contract_phrase(case)}"
    intro = f"La présente lettre vaut mise en demeure. Elle vous est adressée par {who}."
    body: list = [Paragraph.of(intro), *facts_paragraphs(case)]
    steps = chronology(case, today, notes, to_operator=True, keep=_contact)
    if steps is not None:
        body += [Paragraph.of(v.pick("Mes démarches amiables sont restées sans effet :",
                                     "Nos démarches amiables sont restées sans effet :")), steps]
    period = ""
    outage = next((e for e in case.events_in_order() if e.kind is EventKind.OUTAGE
                   and e.date is not None and e.date <= today), None)
    if outage is not None and case.natures and set(case.natures) & {
            DisputeNature.OUTAGE, DisputeNature.LINE_OVERWRITTEN}:
        from documents.letters_common import period_fr
        end = outage.end_date if outage.end_date and outage.end_date <= today else None
        period = f", notamment {period_fr(outage.date, end)}"
    duties = " et de ".join(obligations(case))
    body.append(Paragraph.of(
        f"Vous n'avez pas exécuté votre obligation contractuelle de {duties}{period}."))
    body += commitment_blocks(case, v, notes, to_operator=True)
    body += [
        Paragraph.of(
            v.pick("En conséquence, ", "En conséquence, "),
            Run(v.pick("je vous mets en demeure", "nous vous mettons en demeure"), bold=True),
            f" de satisfaire, dans un délai de {days}{NBSP}jours à compter de la réception de "
            "la présente lettre, aux demandes suivantes :"),
        bullets(demands(case, today, notes, to_operator=True)),
    ]
    mediator_first = (not case.is_business and assessment.mediator.open)
    if mediator_first:
        after = v.pick(
            "À défaut, je saisirai sans autre avis le Médiateur des communications "
            "électroniques puis, le cas échéant, la juridiction compétente afin d'obtenir "
            "l'exécution de vos obligations et la réparation de mon préjudice.",
            "À défaut, nous saisirons sans autre avis le Médiateur des communications "
            "électroniques puis, le cas échéant, la juridiction compétente afin d'obtenir "
            "l'exécution de vos obligations et la réparation de notre préjudice.")
    else:
        after = v.pick(
            "À défaut, je saisirai sans autre avis la juridiction compétente afin d'obtenir "
            "l'exécution de vos obligations et la réparation de mon préjudice. Je me réserve "
            "en outre de signaler ces faits à la DGCCRF.",
            "À défaut, nous saisirons sans autre avis la juridiction compétente afin d'obtenir "
            "l'exécution de vos obligations et la réparation de notre préjudice. Nous nous "
            "réservons en outre de signaler ces faits à la DGCCRF.")
    body.append(Paragraph.of(after))
    notes.add(f"Le délai de {days} jours de la mise en demeure est un choix de l'expéditeur "
              "(réglages des courriers), pas un délai légal.")
    if mediator_first:
        notes.add("Le Médiateur des communications électroniques peut encore être saisi "
                  "(gratuit) : la mise en demeure est une étape de dernier recours (seeds/003).")
    notes.add(f"Une mise en demeure peut aussi être adressée au siège social {of_name(op)} "
              "(adresse non fournie par l'annuaire : relevez-la sur le contrat ou une facture).")
    return build_letter(case, settings, today, v, notes, recipient=best_operator_recipient(case, notes),
                   subject=f"Mise en demeure — {subject_natures(case)}",
                   body=body, exhibit_ids=exhibit_ids)
