"""The email to the CPME telecom contact, as an ``.eml`` draft (docs/dossier.md).

``write_cpme_email_draft(case, out_path, attachment=zip_path, today=...)`` writes an RFC 5322
message built with the standard ``email`` package:

- ``X-Unsent: 1``: Outlook opens the file as a draft the user can edit and send (Thunderbird
  opens it read-only: "Modifier comme nouveau message");
- ``To``: the CPME contact from the directory (Delphine Borne <dborne@cpme.fr>, seeds/000);
  ``From``: the handling structure's email when known (else none: the mail program fills it);
- ``Subject``: "Litige télécom — <abonné> — <opérateur>" (UTF-8, RFC 2047 encoded);
- a plain-text body with the CPME's five items in their order, then a short dated list of the
  events, the list of attached documents, and the sender's signature; an HTML alternative with
  the same text, every user string escaped;
- the dossier zip attached (``application/zip``), unless it is larger than
  ``max_attachment_bytes`` (10 MB by default): then a French warning explains that many mail
  servers refuse messages over 10 to 25 MB and suggests sending the zip another way (a
  file-transfer link); by default the draft is still written, without the attachment, with a
  line in the body where the user pastes the link.

Header values are single-line (``clean_line``: a user cannot inject a header with a newline);
the body goes through ``clean_text``. The file is written atomically (temporary file in the
same folder, fsync, rename).
"""

from __future__ import annotations

import html
import logging
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from dispute.labels import label
from dispute.oserrors import french_os_error
from dispute.model import Case, EventKind
from documents.chronology import (
    CpmeField,
    cpme_fields,
    events_in_order,
    exhibit_refs,
    human_sources,
    short_date,
)
from documents.exhibit_index import human_size
from documents.operator_names import register_name
from documents.outputs import replace_atomically
from documents.text import NBSP, clean_line, clean_text

logger = logging.getLogger(__name__)

DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1000 * 1000
"""Above this (encoded) size the attachment is flagged: many servers refuse 10–25 MB."""
CPME_FALLBACK = ("Delphine Borne", "dborne@cpme.fr")  # seeds/000, if the directory lacks it
MAX_EVENTS_IN_BODY = 40
MAX_EVENT_SUMMARY = 300
SUBJECT_MAX = 200


class EmailDraftError(Exception):
    """The draft could not be written. ``str(error)`` is a French sentence."""


@dataclass(frozen=True)
class EmailDraftResult:
    path: Path
    size: int  # bytes of the .eml file
    attachment_name: str  # "" when nothing attached
    attachment_size: int  # bytes of the zip (0 without attachment)
    attached: bool
    too_large: bool
    warnings: tuple[str, ...]


def encoded_size(size: int) -> int:
    """Size of a file once base64-encoded in an email (4/3, plus line ends)."""
    b64 = (size + 2) // 3 * 4
    return b64 + 2 * (b64 // 76 + 1)


def too_large_warning(size: int, limit: int) -> str:
    return (f"Le dossier ({human_size(size).replace(NBSP, ' ')}, soit environ "
            f"{human_size(encoded_size(size)).replace(NBSP, ' ')} une fois joint à un "
            f"courriel) dépasse {human_size(limit).replace(NBSP, ' ')} : beaucoup de serveurs de "
            "messagerie refusent les messages de plus de 10 à 25 Mo. Envoyez plutôt le fichier "
            "zip par un service de transfert de fichiers (par exemple un lien de "
            "téléchargement) et collez le lien dans le courriel, ou scindez le dossier.")


def cpme_contact() -> tuple[str, str]:
    """(name, email) of the CPME telecom contact, from the directory."""
    try:
        from dispute.directory import ContactKind, shipped_directory

        body = shipped_directory().body("cpme")
        if body is not None:
            person = body.contact(ContactKind.PERSON)
            email = body.contact(ContactKind.EMAIL)
            if email is not None:
                return (person.value if person else ""), email.value
    except Exception:
        logger.warning("CPME contact not read from the directory", exc_info=True)
    return CPME_FALLBACK


_EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def _address(name: str, email: str) -> Address | None:
    """An address header value, or None when ``email`` is not a plain ASCII address."""
    email = clean_line(email)
    if not _EMAIL_RE.match(email):
        return None
    user, _, domain = email.rpartition("@")
    try:
        return Address(display_name=clean_line(name)[:120], username=user, domain=domain)
    except (ValueError, IndexError) as error:
        logger.warning("Unusable email address %r: %s", email, error)
        return None


def subject(case: Case) -> str:
    subscriber = clean_line(case.subscriber.name) or "abonné"
    operator = register_name(case) or "opérateur"
    text = f"Litige télécom — {subscriber} — {operator}"
    return text if len(text) <= SUBJECT_MAX else text[:SUBJECT_MAX - 1] + "…"


def _sender(case: Case) -> tuple[str, str, list[str]]:
    """(display name, email, signature lines)."""
    h = case.handling_structure
    if h is not None and (clean_line(h.name) or clean_line(h.contact_name)):
        who = clean_line(h.contact_name)
        lines = [who, clean_line(h.contact_role), clean_line(h.name), clean_line(h.phone),
                 clean_line(h.email)]
        name = " — ".join(x for x in (who, clean_line(h.name)) if x)
        return name, clean_line(h.email), [x for x in lines if x]
    s = case.subscriber
    who = clean_line(s.representative) or clean_line(s.name)
    lines = [who, clean_line(s.name) if who != clean_line(s.name) else "", clean_line(s.phone),
             clean_line(s.email)]
    return who, "", [x for x in lines if x]


def _event_lines(case: Case) -> list[str]:
    """« - 14/04/2026 : courriel à l'opérateur (réf. 4471-AB). Contestation… [P02] »: the
    letters' wording of each step (never the form's labels « Courriel — Opérateur (autre
    service) »: review 7.5); the mandate's signature is not a step."""
    from documents.letters.steps import event_what

    events = [e for e in events_in_order(case) if e.kind is not EventKind.MANDATE_SIGNED]
    by_id = {x.id: x for x in case.exhibits}
    out = []
    for event in events[:MAX_EVENTS_IN_BODY]:
        when = short_date(event.date or (event.registered.posted_on if event.registered
                                         else None)) or "sans date"
        summary = clean_line(event.summary)
        if len(summary) > MAX_EVENT_SUMMARY:
            summary = summary[:MAX_EVENT_SUMMARY - 1] + "…"
        what = event_what(event, to_operator=False)
        text = f"- {when} : {what[:1].lower()}{what[1:]}"
        if clean_line(event.reference):
            text += f" (réf. {clean_line(event.reference)})"
        if summary:
            text += f". {summary}"
        refs = exhibit_refs(case, event, by_id)
        if refs:
            text += f" [{refs}]"
        out.append(text)
    if len(events) > MAX_EVENTS_IN_BODY:
        out.append(f"- … et {len(events) - MAX_EVENTS_IN_BODY} autres événements : voir la "
                   "chronologie jointe.")
    return out


@dataclass(frozen=True)
class _Body:
    """The body as a list of sections: (heading or "", lines)."""

    sections: tuple[tuple[str, tuple[str, ...]], ...]

    def text(self) -> str:
        out: list[str] = []
        for heading, lines in self.sections:
            if heading:
                out.append(heading)
            out += lines
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"

    def html(self) -> str:
        parts = ['<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"></head>'
                 '<body style="font-family: Arial, sans-serif; font-size: 11pt">']
        for heading, lines in self.sections:
            if heading:
                parts.append(f"<p><b>{_h(heading)}</b></p>")
            items = [x for x in lines]
            bullets = [x[2:] for x in items if x.startswith("- ")]
            if bullets and len(bullets) == len(items):
                parts.append("<ul>" + "".join(f"<li>{_h(b)}</li>" for b in bullets) + "</ul>")
            elif items:
                parts.append("<p>" + "<br>".join(_h(x) for x in items) + "</p>")
        parts.append("</body></html>")
        return "".join(parts)


def _h(text: str) -> str:
    return html.escape(clean_text(text), quote=True).replace("\n", "<br>")


def dossier_letters(archive: Path | None) -> list[str]:
    """The letters' titles of a dossier zipped by this application, read from its LISEZMOI
    (« Demande d'intervention à la CPME »); [] for any other file or one that cannot be read
    (the e-mail then says only what it is sure of)."""
    from documents.dossier import LETTER_ROW, README_NAME  # the dossier imports nothing here
    from documents.dossier_zip import FOLDER_LETTERS

    if archive is None:
        return []
    try:
        with zipfile.ZipFile(archive) as zf:
            text = zf.read(README_NAME).decode("utf-8-sig")
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, UnicodeDecodeError):
        return []
    out = []
    for row in text.splitlines():
        if row.startswith(f"  - {FOLDER_LETTERS}/") and LETTER_ROW in row:
            out.append(clean_line(row.split(LETTER_ROW, 1)[1]))
    return [t for t in out if t]


def cpme_email_body(case: Case, *, attachment_name: str = "", attachment_size: int = 0,
                    attached: bool = True, contents: Sequence[str] = (),
                    today: date | None = None, letters: Sequence[str] = ()) -> _Body:
    """The body: greeting, the five items in order, events, attachments, signature.
    ``letters``: the titles of the letters the zip holds (:func:`dossier_letters`)."""
    from documents.letters.core import of_phrase
    from documents.letters.cpme import cpme_item_values, summary_item, who_wrote
    from documents.letters.mandate_status import mandate_reference
    from documents.letters.voice import structure_named

    name, _, signature = _sender(case)
    values = cpme_item_values(case)  # the request's own wording (review 7.5)
    fields = [CpmeField(f.number, f.key, f.label, values.get(f.key, f.value))
              for f in cpme_fields(case)]
    sections: list[tuple[str, tuple[str, ...]]] = []
    greeting = "Bonjour,"
    do_not_send = _not_sendable(case, today)
    if do_not_send:
        greeting = f"[À NE PAS ENVOYER : {do_not_send}]\n\n{greeting}"
    structure = case.handling_structure
    for_whom = clean_line(case.subscriber.name) or "l'abonné"
    member = clean_line(structure.member_number) if structure is not None else ""
    if member and clean_line(structure.name):
        for_whom += f" (adhérente n° {member})"  # as the request cites it (review3 6.3)
    operator = register_name(case) or "son opérateur"
    intro = (f"Je vous transmets le litige télécom de {for_whom} avec {operator}, pour lequel "
             "la tentative de règlement auprès de l'opérateur a échoué. Voici les cinq "
             "éléments demandés :")
    if structure is not None and clean_line(structure.name):
        named = structure_named(structure.name, structure.kind)
        intro = (f"Au nom {of_phrase(named)}, je vous transmets le litige télécom de "
                 f"{for_whom} avec {operator}, pour lequel la tentative de règlement auprès de "
                 "l'opérateur a échoué. Voici les cinq éléments demandés :")
    sections.append(("", (greeting, "", intro)))
    for f in fields[:4]:
        sections.append(("", (f"{f.number}. {f.label} : {f.value or 'À COMPLÉTER'}",)))
    summary = fields[4]
    summary_lines = [clean_text(summary.value) if summary.value else "À COMPLÉTER"]
    events = _event_lines(case)
    if events:
        summary_lines += ["", "Étapes datées (pièces du dossier entre crochets) :", *events]
    label_ = summary.label + (f" (rédigé par {who_wrote(case)})" if summary_item(case)[1]
                              else "")
    sections.append((f"{summary.number}. {label_} :", tuple(summary_lines)))
    asks = _demands(case, today)
    if asks:
        # what the credits received do to the sum, as the request attached says it (review5 9)
        credits = _credits(case, today)
        sections.append(("Ce que l'entreprise demande :", tuple(f"- {a}" for a in asks)
                         + (("", *credits) if credits else ())))
    if attached and attachment_name:
        attach = [f"Le dossier complet est joint : {attachment_name} "
                  f"({human_size(attachment_size).replace(NBSP, ' ')}). Il contient :"]
    elif attachment_name:
        attach = [f"Le dossier complet ({attachment_name}, "
                  f"{human_size(attachment_size).replace(NBSP, ' ')}) est trop volumineux pour "
                  "être joint à ce courriel. Vous pouvez le télécharger ici :",
                  "[COLLER ICI LE LIEN DE TÉLÉCHARGEMENT]", "Il contient :"]
    else:
        attach = ["Le dossier complet vous sera transmis séparément. Il contient :"]
    mandate = mandate_reference(case)
    # what the zip holds: the request itself, and which exhibit is the mandate (review3 6.3)
    items = list(contents) or [
        *([f"{'les courriers' if len(letters) > 1 else 'le courrier'}, en PDF et en DOCX : "
           + "; ".join(letters)] if letters else []),
        "la chronologie détaillée (événements datés, suivi des lettres recommandées, pièces "
        "qui les prouvent)",
        "le bordereau des pièces (numéro, date, taille et empreinte SHA-256 de chaque pièce)",
        f"les pièces numérotées P01, P02… ({len(case.exhibits)} pièce"
        f"{'s' if len(case.exhibits) > 1 else ''})"
        + (f", dont le mandat signé ({clean_line(mandate)})" if mandate else ""),
    ]
    sections.append(("", tuple(attach)))
    sections.append(("", tuple(f"- {x}" for x in items)))
    closing = ["Je reste à votre disposition pour tout complément.", "",
               "Bien cordialement,", "", *(signature or [name])]
    sections.append(("", tuple(closing)))
    return _Body(tuple(sections))


def _not_sendable(case: Case, today: date | None) -> str:
    """Why the CPME request must not be sent today (the engine's decision), or "": a draft is
    still written when asked, with this reason on its first line (review 7.2)."""
    from dispute.procedure import assess
    from documents.letters import LetterKind, available_letters

    try:
        status = next(a for a in available_letters(case, assess(case, today or date.today()))
                      if a.kind is LetterKind.CPME)
    except (StopIteration, ValueError, TypeError):
        logger.warning("CPME decision unavailable for the email draft", exc_info=True)
        return ""
    return "" if status.available else clean_line(human_sources(status.reason))


def _demands(case: Case, today: date | None) -> list[str]:
    """What the company asks for, as the letters word it (documents.letters.claims), with
    the amounts HT and TTC and the credits already received."""
    from documents.letters.claims import demands
    from documents.letters.core import Notes

    items = demands(case, today or date.today(), Notes(), to_operator=False)
    return [clean_line(i[:1].upper() + i[1:]) for i in items]


def _credits(case: Case, today: date | None) -> list[str]:
    """The letters' sentences on the credits received (``claims.credit_paragraphs``): why an
    avoir is not deducted, or what a gesture covers."""
    from documents.letters.claims import credit_paragraphs
    from documents.letters.core import Notes

    return [clean_line(p.text) for p in credit_paragraphs(case, Notes(), today or date.today())]


def _set_header(message: EmailMessage, name: str, text: str, tail: str, fallback) -> None:
    """``name``: ``text`` as RFC 2047 encoded words whose spaces are inside the words, then
    ``tail`` (an address) on a line of its own. The policy's own folding splits a text into
    encoded words at its spaces and drops them: the reader's mail client then shows
    « Menuiserie Rivaud SARL— Bouygues Télécom », « (structurefictive) » (review3 6.6).
    An ASCII text is set as it is; what cannot be encoded so falls back to the policy."""
    from email.header import Header

    try:
        if text.isascii():
            raise ValueError("nothing to encode")
        tail.encode("ascii")
        value = Header(text, "utf-8", header_name=name).encode(linesep="\n")
    except (UnicodeError, ValueError):
        message[name] = fallback
        return
    message.set_raw(name, value + (f"\n {tail}" if tail else ""))


def cpme_email_message(case: Case, *, attachment: Path | None = None, today: date | None = None,
                       max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES,
                       attach_if_too_large: bool = False, html_part: bool = True
                       ) -> tuple[EmailMessage, list[str], bool, bool]:
    """The message, the warnings, whether the zip was attached, whether it was too large."""
    warnings: list[str] = []
    message = EmailMessage(policy=SMTP)
    contact_name, contact_email = cpme_contact()
    to = _address(contact_name, contact_email)
    if to is not None:
        message["To"] = to
    sender_name, sender_email, _ = _sender(case)
    sender = _address(sender_name, sender_email) if sender_email else None
    if sender is not None:
        _set_header(message, "From", sender.display_name, f"<{sender.addr_spec}>", sender)
    elif sender_email:
        warnings.append(f"Adresse de l'expéditeur inutilisable ({sender_email[:80]}) : votre "
                        "messagerie utilisera votre adresse habituelle.")
    do_not_send = _not_sendable(case, today)
    if do_not_send:
        warnings.append(f"Brouillon marqué « À NE PAS ENVOYER » : {do_not_send}")
    text = ("[À NE PAS ENVOYER] " if do_not_send else "") + subject(case)
    _set_header(message, "Subject", text, "", text)
    message["X-Unsent"] = "1"
    if today is not None:
        message["X-Recours-Telecom-Generated"] = today.isoformat()

    size = attachment.stat().st_size if attachment is not None else 0
    too_large = attachment is not None and encoded_size(size) > max_attachment_bytes
    if too_large:
        warnings.append(too_large_warning(size, max_attachment_bytes))
    attached = attachment is not None and (not too_large or attach_if_too_large)
    name = attachment.name if attachment is not None else ""
    body = cpme_email_body(case, attachment_name=name, attachment_size=size, attached=attached,
                           today=today, letters=dossier_letters(attachment))
    message.set_content(body.text(), subtype="plain", charset="utf-8")
    if html_part:
        message.add_alternative(body.html(), subtype="html", charset="utf-8")
    if attached:
        assert attachment is not None
        message.add_attachment(attachment.read_bytes(), maintype="application", subtype="zip",
                               filename=name)
    missing = [f"{f.number}. {f.label}" for f in cpme_fields(case) if f.missing]
    if missing:
        warnings.append("Éléments demandés par la CPME à compléter dans le courriel : "
                        + ", ".join(missing) + ".")
    return message, warnings, attached, too_large


def write_cpme_email_draft(case: Case, out_path: Path | str, *, attachment: Path | str | None,
                           today: date | None = None,
                           max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES,
                           attach_if_too_large: bool = False,
                           html_part: bool = True) -> EmailDraftResult:
    """Write the ``.eml`` draft at ``out_path`` atomically (see the module docstring)."""
    out_path = Path(out_path)
    attachment = Path(attachment) if attachment is not None else None
    if attachment is not None and not attachment.is_file():
        raise EmailDraftError(f"Le dossier à joindre est introuvable : {attachment}")
    message, warnings, attached, too_large = cpme_email_message(
        case, attachment=attachment, today=today, max_attachment_bytes=max_attachment_bytes,
        attach_if_too_large=attach_if_too_large, html_part=html_part)
    data = message.as_bytes()
    try:
        replace_atomically(out_path, data)
    except OSError as error:
        raise EmailDraftError(f"Impossible d'enregistrer le courriel « {out_path} » : "
                              f"{french_os_error(error)}") from error
    for w in warnings:
        logger.info("Email draft %s: %s", out_path.name, w)
    return EmailDraftResult(out_path, len(data), attachment.name if attached and attachment
                            else "", attachment.stat().st_size if attachment else 0, attached,
                            too_large, tuple(warnings))


__all__ = [
    "DEFAULT_MAX_ATTACHMENT_BYTES", "EmailDraftError", "EmailDraftResult", "cpme_contact",
    "cpme_email_body", "cpme_email_message", "encoded_size", "subject", "too_large_warning",
    "write_cpme_email_draft",
]
