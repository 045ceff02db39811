"""Regenerate the example case files of ``examples/`` (deterministic).

    .venv/bin/python examples/make_examples.py

Three fictitious cases, each written with ``store.casefile.write_case_file``:

1. ``panne-fibre-particulier``: a private subscriber's fibre box down for weeks; service clients
   called, LRAR to the service clients unanswered for two months, LRAR to the service
   consommateurs, unsatisfactory answer: the case is ready for the mediator.
2. ``facturation-entreprise-cpme``: a company's billing dispute with Orange prepared by a CPME
   structure (double billing, option never ordered, out-of-plan charges).
3. ``ecrasement-ligne-commerce``: a shop's line taken over during another customer's order.

Every person, company, number and reference is invented. Phone numbers are taken from the
range 01 99 00 xx xx, which the author believes the Arcep reserves for works of fiction (to be
confirmed against the numbering plan); the mobile range 06 39 98 xx xx is not used because
``dispute.validation`` (libphonenumber) reports it as unassigned. E-mail domains end in
``.example`` or are ``example.org`` (reserved by RFC 2606). Operator postal addresses come
only from the project's DOMAIN.md table; where it has none they are left empty. The SIRET of
example 2 is Luhn-valid but made up.

Documents are drawn with reportlab in invariant mode (fixed dates and ids) and Pillow, so the
bytes only change when those libraries change.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import reportlab  # noqa: E402
from PIL import Image, ImageDraw, ImageFont  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.utils import simpleSplit  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from dispute.model import (  # noqa: E402
    AnswerOutcome,
    BusinessForm,
    Case,
    Civility,
    Contract,
    Counterpart,
    Credit,
    CreditKind,
    Direction,
    DisputeNature,
    Event,
    EventKind,
    Exhibit,
    ExhibitKind,
    HandlingStructure,
    InvoiceLine,
    InvoiceReason,
    Line,
    LineKind,
    OperatorRef,
    PostalAddress,
    RegisteredMail,
    Sender,
    StructureKind,
    Subscriber,
    SubscriberKind,
    TaxBasis,
    Voice,
)
from store.casefile import write_case_file  # noqa: E402

EXAMPLES = Path(__file__).resolve().parent
EXPORTED_AT = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
MEDIA = {".pdf": "application/pdf", ".png": "image/png", ".txt": "text/plain"}

BOUYGUES_CLIENTS = PostalAddress(street_lines=["Service Clients Bouygues Telecom", "TSA 59013"],
                                 postcode="60643", city="CHANTILLY CEDEX")
BOUYGUES_CONSOMMATEURS = PostalAddress(
    street_lines=["Service Consommateurs Bouygues Telecom", "TSA 59013"],
    postcode="60643", city="CHANTILLY CEDEX")


# --------------------------------------------------------------------------- helpers


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def luhn_complete(prefix: str) -> str:
    """``prefix`` followed by the check digit that makes it Luhn-valid."""
    return next(prefix + d for d in "0123456789" if luhn_ok(prefix + d))


SIREN = luhn_complete("90147362")  # invented
SIRET = luhn_complete(SIREN + "0001")  # head office, invented NIC


def fixed_id(*parts: object) -> str:
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:12]


def stamp(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=timezone.utc)


def fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _pdf(path: Path, size: tuple[float, float] = A4) -> canvas.Canvas:
    pdf = canvas.Canvas(str(path), pagesize=size, invariant=1, pageCompression=1)
    pdf.setCreator("examples/make_examples.py (Recours Télécom)")
    return pdf


def _paragraphs(pdf: canvas.Canvas, x: float, y: float, width: float,
                paragraphs: list[str], size: float = 10, leading: float = 13.5) -> float:
    pdf.setFont("Helvetica", size)
    for paragraph in paragraphs:
        for line in simpleSplit(paragraph, "Helvetica", size, width) or [""]:
            pdf.drawString(x, y, line)
            y -= leading
        y -= leading / 2
    return y


def letter_pdf(path: Path, *, sender: list[str], recipient: list[str], place_date: str,
               tracking: str, subject: str, body: list[str], signature: str,
               enclosures: list[str] = ()) -> None:
    width, height = A4
    pdf = _pdf(path)
    pdf.setTitle(subject)
    pdf.setFont("Helvetica", 10)
    y = height - 60
    for line in sender:
        pdf.drawString(56, y, line)
        y -= 13
    y = height - 150
    for line in recipient:
        pdf.drawString(320, y, line)
        y -= 13
    pdf.drawString(320, y - 20, place_date)
    y = height - 270
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(56, y, f"Lettre recommandée avec accusé de réception n° {tracking}")
    pdf.drawString(56, y - 14, f"Objet : {subject}")
    y = _paragraphs(pdf, 56, y - 42, width - 112, body)
    pdf.drawString(320, y - 10, signature)
    if enclosures:
        _paragraphs(pdf, 56, y - 60, width - 112,
                    ["Pièces jointes : " + " ; ".join(enclosures)], size=9)
    pdf.showPage()
    pdf.save()


def ar_card_pdf(path: Path, *, tracking: str, recipient: list[str], presented: date,
                distributed: date, signer: str, sender: list[str]) -> None:
    """A simplified image of the pink acknowledgement-of-receipt card."""
    pdf = _pdf(path, (420, 297))
    pdf.setTitle(f"Avis de réception {tracking}")
    pdf.setFillColorRGB(0.98, 0.88, 0.90)
    pdf.rect(10, 10, 400, 277, fill=1, stroke=1)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont("Helvetica-Bold", 12)
    pdf.drawString(22, 262, "AVIS DE RÉCEPTION")
    pdf.setFont("Helvetica", 9)
    pdf.drawString(22, 246, f"Lettre recommandée n° {tracking}")
    pdf.drawString(22, 226, "Destinataire :")
    y = 214
    for line in recipient:
        pdf.drawString(30, y, line)
        y -= 11
    pdf.drawString(22, y - 8, f"Présentée / avisée le : {fr(presented)}")
    pdf.drawString(22, y - 22, f"Distribuée le : {fr(distributed)}")
    pdf.drawString(22, y - 36, f"Signature du destinataire : {signer}")
    pdf.drawString(230, 226, "À retourner à :")
    y = 214
    for line in sender:
        pdf.drawString(238, y, line)
        y -= 11
    pdf.setFont("Helvetica-Oblique", 7)
    pdf.drawString(22, 20, "Document d'exemple fictif (Recours Télécom).")
    pdf.showPage()
    pdf.save()


def invoice_pdf(path: Path, *, operator: str, customer: list[str], number: str, issued: date,
                due: date, contract: str, rows: list[tuple[str, str]], total: str) -> None:
    width, height = A4
    pdf = _pdf(path)
    pdf.setTitle(f"Facture {number}")
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(56, height - 70, f"{operator} — Facture n° {number}")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(56, height - 90, f"Date de facture : {fr(issued)}    Échéance : {fr(due)}")
    pdf.drawString(56, height - 104, f"Contrat n° {contract}")
    y = height - 140
    for line in customer:
        pdf.drawString(320, y, line)
        y -= 13
    y = height - 230
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(56, y, "Libellé")
    pdf.drawRightString(width - 56, y, "Montant HT (€)")
    pdf.line(56, y - 4, width - 56, y - 4)
    pdf.setFont("Helvetica", 10)
    for label, amount in rows:
        y -= 18
        pdf.drawString(56, y, label)
        pdf.drawRightString(width - 56, y, amount)
    pdf.line(56, y - 6, width - 56, y - 6)
    pdf.setFont("Helvetica-Bold", 10)
    pdf.drawString(56, y - 22, "Total HT")
    pdf.drawRightString(width - 56, y - 22, total)
    pdf.setFont("Helvetica-Oblique", 8)
    pdf.drawString(56, 40, "Facture d'exemple fictive (Recours Télécom) : aucune valeur.")
    pdf.showPage()
    pdf.save()


def report_pdf(path: Path, *, title: str, lines: list[str]) -> None:
    width, height = A4
    pdf = _pdf(path)
    pdf.setTitle(title)
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawString(56, height - 70, title)
    _paragraphs(pdf, 56, height - 100, width - 112, lines)
    pdf.showPage()
    pdf.save()


def screenshot_png(path: Path, *, title: str, rows: list[tuple[str, str]]) -> None:
    image = Image.new("RGB", (520, 60 + 26 * len(rows)), (245, 246, 248))
    draw = ImageDraw.Draw(image)
    # Bitstream Vera ships with reportlab: same glyphs on every machine, accents included.
    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), 15)
    draw.rectangle((0, 0, 520, 36), fill=(40, 60, 90))
    draw.text((14, 9), title, fill=(255, 255, 255), font=font)
    for index, (label, value) in enumerate(rows):
        y = 48 + 26 * index
        draw.text((14, y), label, fill=(30, 30, 30), font=font)
        colour = (190, 30, 30) if value.startswith(("Hors", "Absent", "Indispo")) else (30, 30, 30)
        draw.text((280, y), value, fill=colour, font=font)
    image.save(path, format="PNG", optimize=True)


def email_txt(path: Path, *, sender: str, to: str, sent: str, subject: str,
              body: str) -> None:
    text = (f"De : {sender}\nÀ : {to}\nDate : {sent}\nObjet : {subject}\n\n"
            + textwrap.dedent(body).strip() + "\n")
    path.write_bytes(text.encode("utf-8"))


SENT_BY_SUBSCRIBER = frozenset({EventKind.CALL, EventKind.LETTER, EventKind.REGISTERED_LETTER,
                                EventKind.EMAIL, EventKind.CHAT})


class Builder:
    """Collects the exhibits of one case and the files that go with them."""

    def __init__(self, slug: str, work: Path) -> None:
        self.slug = slug
        self.work = work / slug
        self.work.mkdir()
        self.exhibits: list[Exhibit] = []
        self.files: dict[str, Path] = {}

    def add(self, title: str, original_name: str, day: date,
            draw: Callable[[Path], None], kind: ExhibitKind = ExhibitKind.OTHER) -> str:
        number = len(self.exhibits) + 1
        file = self.work / original_name
        draw(file)
        data = file.read_bytes()
        assert len(data) < 50_000, (file, len(data))
        exhibit_id = fixed_id(self.slug, "exhibit", number)
        suffix = Path(original_name).suffix
        self.exhibits.append(Exhibit(
            id=exhibit_id, number=number, title=title, date=day, original_name=original_name,
            stored_name=hashlib.sha256(f"{self.slug}/{number}".encode()).hexdigest()[:32]
            + suffix,
            size=len(data), sha256=hashlib.sha256(data).hexdigest(), media_type=MEDIA[suffix],
            added_at=stamp(day, 17), kind=kind))
        self.files[exhibit_id] = file
        return exhibit_id

    def event(self, index: int, **fields: object) -> Event:
        return Event(id=fixed_id(self.slug, "event", index), **fields)

    def write(self, case: Case) -> Path:
        case.exhibits = self.exhibits
        # In the three examples the subscriber wrote and called the operator itself, and the
        # operator answered (v3: who sent each event).
        for event in case.events:
            if event.kind in SENT_BY_SUBSCRIBER and event.direction is Direction.OUTGOING:
                event.sender = Sender.SUBSCRIBER
            elif event.kind is EventKind.ANSWER and event.direction is Direction.INCOMING:
                event.sender = Sender.OPERATOR
        out = EXAMPLES / self.slug
        if out.exists():
            shutil.rmtree(out)
        return write_case_file(case, lambda x: self.files[x.id], out, exported_at=EXPORTED_AT,
                               generator="Recours Télécom (exemple)")


# --------------------------------------------------------------------------- example 1


def outage_case(work: Path) -> Path:
    b = Builder("panne-fibre-particulier", work)
    me = ["Claire Fontaine", "8 allée des Glycines", "37100 TOURS"]
    sc = ["Bouygues Télécom", *BOUYGUES_CLIENTS.lines()]
    scons = ["Bouygues Télécom", *BOUYGUES_CONSOMMATEURS.lines()]
    lrar1, lrar2 = "1A 000 000 3161 2", "1A 000 000 5203 8"
    first_letter = b.add(
        "Lettre recommandée au service clients du 16/03/2026", "lrar_service_clients.pdf",
        date(2026, 3, 16),
        lambda p: letter_pdf(
            p, sender=me + ["Client n° 99004127", "Ligne 01 99 00 41 27"], recipient=sc,
            place_date="Tours, le 16 mars 2026", tracking=lrar1,
            subject="Interruption totale de mon accès fibre depuis le 2 mars 2026",
            body=[
                "Madame, Monsieur,",
                "Depuis le 2 mars 2026, ma box n'a plus de connexion fibre : je n'ai plus ni "
                "internet ni téléphone fixe. J'ai signalé la panne au service clients par "
                "téléphone le 3 mars (ticket 2603-11873) puis le 10 mars, sans rétablissement "
                "ni date annoncée.",
                "Je vous demande de rétablir le service sans délai et de me rembourser "
                "l'abonnement au prorata des jours sans service.",
                "Je vous prie d'agréer, Madame, Monsieur, mes salutations distinguées.",
            ],
            signature="Claire Fontaine"),
        kind=ExhibitKind.COMPLAINT)
    first_ar = b.add(
        "Avis de réception de la LRAR du 16/03/2026", "ar_16-03-2026.pdf", date(2026, 3, 18),
        lambda p: ar_card_pdf(p, tracking=lrar1, recipient=sc, presented=date(2026, 3, 18),
                              distributed=date(2026, 3, 18), signer="(tampon TSA)", sender=me),
        kind=ExhibitKind.RECEIPT)
    screenshot = b.add(
        "Capture d'écran de l'état de la box", "capture_box.png", date(2026, 3, 9),
        lambda p: screenshot_png(p, title="État de la connexion — 09/03/2026 08:12", rows=[
            ("Connexion fibre", "Hors service"), ("Signal optique", "Absent"),
            ("Téléphone fixe", "Indisponible"), ("Dernière synchronisation", "02/03/2026 06:47"),
        ]))
    second_letter = b.add(
        "Lettre recommandée au service consommateurs du 20/05/2026",
        "lrar_service_consommateurs.pdf", date(2026, 5, 20),
        lambda p: letter_pdf(
            p, sender=me + ["Client n° 99004127", "Ligne 01 99 00 41 27"], recipient=scons,
            place_date="Tours, le 20 mai 2026", tracking=lrar2,
            subject="Réclamation — panne fibre du 2 mars au 21 avril 2026",
            body=[
                "Madame, Monsieur,",
                "Mon accès fibre a été interrompu du 2 mars au 21 avril 2026. J'ai appelé le "
                "service clients les 3 et 10 mars (ticket 2603-11873), puis je lui ai écrit "
                f"par lettre recommandée n° {lrar1}, reçue le 18 mars 2026. Je n'ai reçu "
                "aucune réponse depuis plus de deux mois.",
                "Je vous demande le remboursement de l'abonnement au prorata des 51 jours sans "
                "service, soit 55,02 €, dans un délai d'un mois. À défaut, je saisirai le "
                "Médiateur des communications électroniques.",
                "Je vous prie d'agréer, Madame, Monsieur, mes salutations distinguées.",
            ],
            signature="Claire Fontaine",
            enclosures=["copie de la lettre du 16/03/2026", "avis de réception",
                        "capture d'écran de la box"]),
        kind=ExhibitKind.COMPLAINT)
    second_ar = b.add(
        "Avis de réception de la LRAR du 20/05/2026", "ar_20-05-2026.pdf", date(2026, 5, 22),
        lambda p: ar_card_pdf(p, tracking=lrar2, recipient=scons, presented=date(2026, 5, 22),
                              distributed=date(2026, 5, 22), signer="(tampon TSA)",
                              sender=me),
        kind=ExhibitKind.RECEIPT)
    answer = b.add(
        "Réponse du service consommateurs (courriel du 15/06/2026)", "reponse_15-06-2026.txt",
        date(2026, 6, 15),
        lambda p: email_txt(
            p, sender="Service Consommateurs <service.consommateurs@operateur.example>",
            to="claire.fontaine@example.org", sent="lundi 15 juin 2026 11:04",
            subject="Votre réclamation du 20 mai 2026 — dossier RC-26-0518774",
            body="""
                Madame Fontaine,

                Nous avons bien reçu votre courrier. L'interruption de service que vous avez
                subie est liée à un incident sur le réseau de desserte de votre quartier.

                À titre commercial, nous vous accordons un avoir de 10,00 € qui figurera sur
                votre prochaine facture. Nous ne sommes pas en mesure de donner une suite
                favorable à votre demande de remboursement au prorata.

                Cordialement,
                Le Service Consommateurs
            """),
        kind=ExhibitKind.ANSWER)

    case = Case(id="ex1panne0001", revision=14, created_at=stamp(date(2026, 3, 9), 15),
                updated_at=stamp(date(2026, 6, 16), 9))
    case.subscriber = Subscriber(
        kind=SubscriberKind.PRIVATE, name="Claire Fontaine", civility=Civility.MRS,
        address=PostalAddress(street_lines=["8 allée des Glycines"], postcode="37100",
                              city="Tours"),
        email="claire.fontaine@example.org", phone="01 99 00 41 80")
    case.operator = OperatorRef(directory_id="bouygues", name="Bouygues Télécom",
                                service_clients_address=BOUYGUES_CLIENTS,
                                service_consommateurs_address=BOUYGUES_CONSOMMATEURS)
    case.lines = [Line(number="01 99 00 41 27", kind=LineKind.INTERNET,
                       label="Box fibre (téléphone fixe inclus)")]
    case.contract = Contract(customer_number="99004127", offer="Abonnement fibre avec box",
                             start_date=date(2024, 9, 15), monthly_price=Decimal("32.99"),
                             distance=True)  # subscribed online: LCEN art. 15 I applies
    case.natures = [DisputeNature.OUTAGE]
    case.invoice_lines = [
        InvoiceLine(id=fixed_id(b.slug, "invoice", 1), invoice_number="FB-2603-448120",
                    invoice_date=date(2026, 3, 5), label="Abonnement fibre — mars 2026",
                    amount_billed=Decimal("32.99"), amount_disputed=Decimal("31.93"),
                    reason=InvoiceReason.NOT_DELIVERED, due_date=date(2026, 3, 20),
                    paid_on=date(2026, 3, 20), note="Prorata : 30 jours sans service sur 31."),
        InvoiceLine(id=fixed_id(b.slug, "invoice", 2), invoice_number="FB-2604-512776",
                    invoice_date=date(2026, 4, 5), label="Abonnement fibre — avril 2026",
                    amount_billed=Decimal("32.99"), amount_disputed=Decimal("23.09"),
                    reason=InvoiceReason.NOT_DELIVERED, due_date=date(2026, 4, 20),
                    paid_on=date(2026, 4, 20), note="Prorata : 21 jours sans service sur 30."),
    ]
    case.events = [
        b.event(1, kind=EventKind.OUTAGE, date=date(2026, 3, 2), end_date=date(2026, 4, 21),
                counterpart=Counterpart.OPERATOR_OTHER,
                summary="Plus d'internet ni de téléphone fixe : voyant fibre rouge sur la box.",
                exhibit_ids=[screenshot]),
        b.event(2, kind=EventKind.CALL, date=date(2026, 3, 3), reference="2603-11873",
                summary="Diagnostic à distance, rappel promis sous 72 heures ; aucun rappel."),
        b.event(3, kind=EventKind.CALL, date=date(2026, 3, 10), reference="2603-11873",
                summary="Incident réseau en cours selon le conseiller, sans date de "
                        "rétablissement."),
        b.event(4, kind=EventKind.REGISTERED_LETTER, date=date(2026, 3, 16), written=True,
                summary="Demande de rétablissement et de remboursement au prorata.",
                registered=RegisteredMail(tracking_number=lrar1, posted_on=date(2026, 3, 16),
                                          first_presented_on=date(2026, 3, 18),
                                          received_on=date(2026, 3, 18)),
                exhibit_ids=[first_letter, first_ar]),
        b.event(5, kind=EventKind.REGISTERED_LETTER, date=date(2026, 5, 20), written=True,
                counterpart=Counterpart.SERVICE_CONSOMMATEURS,
                summary="Réclamation écrite rappelant les démarches et l'absence de réponse "
                        "du service clients depuis plus de deux mois.",
                registered=RegisteredMail(tracking_number=lrar2, posted_on=date(2026, 5, 20),
                                          first_presented_on=date(2026, 5, 22),
                                          received_on=date(2026, 5, 22)),
                exhibit_ids=[second_letter, second_ar]),
        b.event(6, kind=EventKind.ANSWER, date=date(2026, 6, 15), written=True,
                counterpart=Counterpart.SERVICE_CONSOMMATEURS, direction=Direction.INCOMING,
                outcome=AnswerOutcome.UNSATISFACTORY, reference="RC-26-0518774",
                summary="Avoir commercial de 10 € ; refus du remboursement au prorata.",
                exhibit_ids=[answer]),
    ]
    case.summary = (
        "Du 2 mars au 21 avril 2026, l'accès fibre de Mme Fontaine (internet et téléphone "
        "fixe) a été totalement interrompu. Elle a appelé le service clients les 3 et 10 mars "
        "2026 (ticket 2603-11873), puis lui a écrit par lettre recommandée reçue le 18 mars "
        "2026, restée sans réponse plus de deux mois. Par lettre recommandée reçue le 22 mai "
        "2026, elle a saisi le service consommateurs, qui a répondu le 15 juin 2026 par un "
        "avoir de 10 € et un refus de rembourser l'abonnement au prorata des 51 jours sans "
        "service (55,02 €).")
    case.summary_voice = Voice.NEUTRAL
    case.credits = [
        Credit(id=fixed_id(b.slug, "credit", 1), kind=CreditKind.GESTURE,
               amount=Decimal("10.00"), date=date(2026, 6, 15),
               event_id=fixed_id(b.slug, "event", 6),
               note="Avoir commercial annoncé dans la réponse du service consommateurs."),
    ]
    return b.write(case)


# --------------------------------------------------------------------------- example 2


def billing_case(work: Path) -> Path:
    b = Builder("facturation-entreprise-cpme", work)
    company = ["Menuiserie Rivaud SARL", "M. Thomas Rivaud, gérant",
               "14 rue des Compagnons", "79000 NIORT"]
    lrar = "1A 000 000 7718 4"
    invoice = b.add(
        "Facture n° F2604-0031872 du 03/04/2026", "facture_avril_2026.pdf", date(2026, 4, 3),
        lambda p: invoice_pdf(
            p, operator="Orange", customer=company, number="F2604-0031872",
            issued=date(2026, 4, 3), due=date(2026, 4, 20), contract="CTR-2025-0048817",
            rows=[("Abonnement offre pro fibre + 2 mobiles — avril 2026", "89,00"),
                  ("Abonnement offre pro fibre + 2 mobiles — avril 2026", "89,00"),
                  ("Option sauvegarde en ligne pro", "15,00"),
                  ("Communications internationales hors forfait", "47,36")],
            total="240,36"),
        kind=ExhibitKind.INVOICE)
    email = b.add(
        "Courriel de contestation au conseiller entreprises du 14/04/2026",
        "courriel_14-04-2026.txt", date(2026, 4, 14),
        lambda p: email_txt(
            p, sender="Thomas Rivaud <contact@menuiserie-rivaud.example>",
            to="Conseiller entreprises <conseiller.pro@operateur.example>",
            sent="mardi 14 avril 2026 18:32",
            subject="Contestation de la facture F2604-0031872 — contrat CTR-2025-0048817",
            body="""
                Bonjour,

                Comme indiqué par téléphone le 9 avril (dossier 4471-AB), je conteste trois
                lignes de la facture F2604-0031872 du 3 avril 2026 :
                - l'abonnement d'avril est facturé deux fois (2 x 89,00 EUR HT) ;
                - l'option « sauvegarde en ligne pro » (15,00 EUR HT) n'a jamais été
                  commandée ;
                - 47,36 EUR HT de communications internationales, alors qu'aucun appel vers
                  l'étranger n'a été passé (voir le relevé détaillé).

                Merci d'émettre un avoir de 151,36 EUR HT et de retirer l'option.

                Thomas Rivaud
                Menuiserie Rivaud SARL
            """),
        kind=ExhibitKind.COMPLAINT)
    letter = b.add(
        "Lettre recommandée au service clients entreprises du 18/05/2026",
        "lrar_18-05-2026.pdf", date(2026, 5, 18),
        lambda p: letter_pdf(
            p, sender=company[:1] + company[2:] + [f"SIRET {SIRET}"],
            recipient=["Orange", "Service clients entreprises",
                       "(adresse figurant sur la facture)"],
            place_date="Niort, le 18 mai 2026", tracking=lrar,
            subject="Contestation des factures F2604-0031872 et F2605-0034410",
            body=[
                "Madame, Monsieur,",
                "Malgré mon appel du 9 avril 2026 (dossier 4471-AB) et mon courriel du 14 avril, "
                "seule l'option « sauvegarde en ligne pro » d'avril a fait l'objet d'un avoir ; "
                "elle est de nouveau facturée en mai.",
                "Je vous demande un avoir de 151,36 € HT : double facturation de l'abonnement "
                "d'avril (89,00 €), option jamais commandée en mai (15,00 €) et communications "
                "internationales jamais passées (47,36 €), ainsi que la résiliation de "
                "l'option.",
                "Je vous prie d'agréer, Madame, Monsieur, mes salutations distinguées.",
            ],
            signature="Thomas Rivaud, gérant",
            enclosures=["facture F2604-0031872", "courriel du 14/04/2026"]),
        kind=ExhibitKind.COMPLAINT)
    ar = b.add(
        "Avis de réception de la LRAR du 18/05/2026", "ar_18-05-2026.pdf", date(2026, 5, 21),
        lambda p: ar_card_pdf(p, tracking=lrar, recipient=["Orange",
                                                           "Service clients entreprises"],
                              presented=date(2026, 5, 20), distributed=date(2026, 5, 21),
                              signer="(tampon du service courrier)",
                              sender=company[:1] + company[2:]),
        kind=ExhibitKind.RECEIPT)
    answer = b.add(
        "Réponse du service clients entreprises (courriel du 22/06/2026)",
        "reponse_22-06-2026.txt", date(2026, 6, 22),
        lambda p: email_txt(
            p, sender="Service clients entreprises <pro.reclamations@operateur.example>",
            to="contact@menuiserie-rivaud.example", sent="lundi 22 juin 2026 09:47",
            subject="Votre courrier du 18 mai 2026",
            body="""
                Monsieur,

                Après vérification, les communications internationales facturées
                correspondent à l'usage de votre ligne et restent dues. La double ligne
                d'abonnement d'avril correspond à un rattrapage de facturation.

                Nous restons à votre disposition.

                Le service clients entreprises
            """),
        kind=ExhibitKind.ANSWER)

    case = Case(id="ex2factu0002", revision=21, created_at=stamp(date(2026, 4, 9), 14),
                updated_at=stamp(date(2026, 6, 23), 11))
    case.subscriber = Subscriber(
        kind=SubscriberKind.BUSINESS, name="Menuiserie Rivaud SARL", siren=SIRET,
        business_form=BusinessForm.COMPANY, legal_form="SARL", small_business=True,
        representative="Thomas Rivaud", representative_role="Gérant",
        address=PostalAddress(street_lines=["14 rue des Compagnons"], postcode="79000",
                              city="Niort"),
        email="contact@menuiserie-rivaud.example", phone="01 99 00 52 18")
    case.handling_structure = HandlingStructure(
        name="CPME de l'Aubrée (structure fictive)", contact_name="Nadia Garnier",
        contact_role="Chargée de mission entreprises",
        address=PostalAddress(street_lines=["2 place des Halles"], postcode="79000",
                              city="Niort"),
        email="n.garnier@cpme-aubree.example", phone="01 99 00 52 90",
        kind=StructureKind.CPME, member_number="A-2025-118", member_since=date(2025, 3, 1))
    case.operator = OperatorRef(directory_id="orange", name="Orange")
    case.lines = [
        Line(number="01 99 00 52 18", kind=LineKind.FIXED, label="Standard de l'atelier"),
    ]
    case.contract = Contract(contract_number="CTR-2025-0048817", customer_number="9900521800",
                             offer="Offre pro fibre + 2 mobiles", start_date=date(2025, 1, 6),
                             monthly_price=Decimal("89.00"), price_tax=TaxBasis.HT)
    case.natures = [DisputeNature.BILLING]

    def line(n: int, number: str, issued: date, label: str, amount: str,
             reason: InvoiceReason, note: str) -> InvoiceLine:
        due = date(issued.year, issued.month, 20)
        return InvoiceLine(id=fixed_id(b.slug, "invoice", n), invoice_number=number,
                           invoice_date=issued, label=label, amount_billed=Decimal(amount),
                           amount_disputed=Decimal(amount), reason=reason,
                           due_date=due, paid_on=due, note=note, tax_basis=TaxBasis.HT)

    case.invoice_lines = [
        line(1, "F2604-0031872", date(2026, 4, 3), "Abonnement offre pro — avril 2026 (2e fois)",
             "89.00", InvoiceReason.DOUBLE_BILLING, "Même période facturée deux fois."),
        line(2, "F2604-0031872", date(2026, 4, 3), "Communications internationales",
             "47.36", InvoiceReason.OUT_OF_PLAN, "Aucun appel vers l'étranger (relevé "
             "détaillé)."),
        line(3, "F2605-0034410", date(2026, 5, 4), "Option sauvegarde en ligne pro", "15.00",
             InvoiceReason.NOT_ORDERED, "Jamais commandée ; facturée en avril (avoir de "
             "15,00 € obtenu le 30/04/2026) puis de nouveau en mai."),
    ]
    case.events = [
        b.event(1, kind=EventKind.CALL, date=date(2026, 4, 9), reference="4471-AB",
                summary="Le conseiller reconnaît la double facturation et promet un avoir.",
                exhibit_ids=[invoice]),
        b.event(2, kind=EventKind.EMAIL, date=date(2026, 4, 14), written=True,
                counterpart=Counterpart.OPERATOR_OTHER, reference="4471-AB",
                summary="Contestation détaillée des trois lignes au conseiller entreprises.",
                exhibit_ids=[email]),
        b.event(3, kind=EventKind.ANSWER, date=date(2026, 4, 30), written=True,
                counterpart=Counterpart.OPERATOR_OTHER, direction=Direction.INCOMING,
                outcome=AnswerOutcome.PARTIAL,
                summary="Avoir de 15 € pour l'option d'avril ; rien sur le reste."),
        b.event(4, kind=EventKind.CHAT, date=date(2026, 5, 12),
                summary="L'option figure encore sur la facture de mai ; renvoi vers un "
                        "courrier."),
        b.event(5, kind=EventKind.REGISTERED_LETTER, date=date(2026, 5, 18), written=True,
                summary="Contestation écrite des deux factures, demande d'un avoir de "
                        "151,36 € HT.",
                registered=RegisteredMail(tracking_number=lrar, posted_on=date(2026, 5, 18),
                                          first_presented_on=date(2026, 5, 20),
                                          received_on=date(2026, 5, 21)),
                exhibit_ids=[letter, ar]),
        b.event(6, kind=EventKind.ANSWER, date=date(2026, 6, 22), written=True,
                direction=Direction.INCOMING, outcome=AnswerOutcome.UNSATISFACTORY,
                summary="Maintien des communications internationales et du double "
                        "abonnement, présenté comme un rattrapage.",
                exhibit_ids=[answer]),
    ]
    case.summary = (
        "La facture Orange F2604-0031872 du 3 avril 2026 (contrat CTR-2025-0048817) facture "
        "deux fois l'abonnement d'avril (89,00 € HT), une option « sauvegarde en ligne pro » "
        "jamais commandée (15,00 € HT, de nouveau facturée en mai sur F2605-0034410) et "
        "47,36 € HT de communications internationales jamais passées. Appel au service clients "
        "le 9 avril 2026 (dossier 4471-AB), courriel au conseiller entreprises le 14 avril, "
        "avoir partiel de 15 € le 30 avril, chat le 12 mai, lettre recommandée reçue le "
        "21 mai 2026. Réponse du 22 juin 2026 : refus pour le reste. Montant contesté restant : "
        "151,36 € HT.")
    case.notes = "Dossier préparé pour l'envoi au contact télécom de la CPME."
    case.summary_voice = Voice.NEUTRAL
    case.credits = [
        Credit(id=fixed_id(b.slug, "credit", 1), kind=CreditKind.CREDIT,
               amount=Decimal("15.00"), tax_basis=TaxBasis.HT, date=date(2026, 4, 30),
               invoice_number="F2604-0031872", deducted=False,
               note="Avoir sur l'option d'avril ; la ligne contestée est celle de mai."),
    ]
    return b.write(case)


# --------------------------------------------------------------------------- example 3


def overwritten_case(work: Path) -> Path:
    b = Builder("ecrasement-ligne-commerce", work)
    shop = ["Élise Marchand — Salon Élise Coiffure", "3 place du Marché", "49300 CHOLET"]
    lrar = "1A 000 000 8120 6"
    screenshot = b.add(
        "Capture d'écran de la box le 04/08/2026", "box_04-08-2026.png", date(2026, 8, 4),
        lambda p: screenshot_png(p, title="Box — diagnostic du 04/08/2026 09:05", rows=[
            ("Synchronisation", "Absente"), ("Téléphone", "Indisponible"),
            ("Terminal de paiement", "Hors ligne"),
        ]))
    report = b.add(
        "Compte rendu de l'intervention du technicien le 11/08/2026",
        "intervention_11-08-2026.pdf", date(2026, 8, 11),
        lambda p: report_pdf(p, title="Compte rendu d'intervention — 11/08/2026", lines=[
            "Client : Salon Élise Coiffure, 3 place du Marché, 49300 Cholet.",
            "Ligne : 01 99 00 73 05. Motif : perte totale de service depuis le 04/08/2026.",
            "Constat : au point de raccordement de l'immeuble, la paire du client est "
            "désormais affectée à une nouvelle ligne commandée pour un autre client "
            "(écrasement de ligne).",
            "Action : rétablissement impossible sur place ; demande de reprise transmise au "
            "service technique de l'opérateur.",
            "Note rédigée par l'abonnée d'après les explications du technicien.",
        ]))
    letter = b.add(
        "Lettre recommandée au service clients du 12/08/2026", "lrar_12-08-2026.pdf",
        date(2026, 8, 12),
        lambda p: letter_pdf(
            p, sender=shop + ["Ligne 01 99 00 73 05", "Client n° 990073051"],
            recipient=["SFR", "Service clients professionnels",
                       "(adresse figurant sur le contrat)"],
            place_date="Cholet, le 12 août 2026", tracking=lrar,
            subject="Écrasement de ma ligne 01 99 00 73 05 — rétablissement immédiat",
            body=[
                "Madame, Monsieur,",
                "Depuis le 4 août 2026, ma ligne professionnelle est coupée : vos services "
                "m'ont indiqué le jour même (ticket INC-0804-5521) qu'elle avait été reprise lors "
                "de la commande d'un autre client. Le technicien venu le 11 août l'a confirmé.",
                "Je vous demande de rétablir ma ligne et mon numéro sans délai et à vos frais, "
                "et de m'indemniser des jours sans service : mon salon ne peut plus prendre de "
                "rendez-vous par téléphone ni encaisser par carte.",
                "Je vous prie d'agréer, Madame, Monsieur, mes salutations distinguées.",
            ],
            signature="Élise Marchand",
            enclosures=["capture d'écran du 04/08/2026", "compte rendu du 11/08/2026"]),
        kind=ExhibitKind.COMPLAINT)
    ar = b.add(
        "Avis de réception de la LRAR du 12/08/2026", "ar_12-08-2026.pdf", date(2026, 8, 14),
        lambda p: ar_card_pdf(p, tracking=lrar, recipient=["SFR",
                                                           "Service clients professionnels"],
                              presented=date(2026, 8, 14), distributed=date(2026, 8, 14),
                              signer="(tampon du service courrier)", sender=shop),
        kind=ExhibitKind.RECEIPT)
    answer = b.add(
        "Réponse du service clients (courriel du 08/09/2026)", "reponse_08-09-2026.txt",
        date(2026, 9, 8),
        lambda p: email_txt(
            p, sender="Service clients pro <clients.pro@operateur.example>",
            to="salon.elise@example.org", sent="mardi 8 septembre 2026 14:20",
            subject="Votre courrier du 12 août 2026 — ligne 01 99 00 73 05",
            body="""
                Madame,

                Votre ligne a été rétablie le 27 août 2026. Nous vous présentons nos excuses
                pour la gêne occasionnée et vous accordons un geste commercial d'un mois
                d'abonnement (49,90 EUR HT).

                Les pertes d'exploitation ne peuvent pas être prises en charge.

                Le service clients professionnels
            """),
        kind=ExhibitKind.ANSWER)

    case = Case(id="ex3ecras0003", revision=9, created_at=stamp(date(2026, 8, 4), 11),
                updated_at=stamp(date(2026, 9, 9), 8))
    case.subscriber = Subscriber(
        kind=SubscriberKind.BUSINESS, name="Salon Élise Coiffure",
        business_form=BusinessForm.SOLE_TRADER, legal_form="EI", small_business=True,
        representative="Élise Marchand", representative_role="Exploitante",
        address=PostalAddress(street_lines=["3 place du Marché"], postcode="49300",
                              city="Cholet"),
        email="salon.elise@example.org", phone="01 99 00 73 06")
    case.operator = OperatorRef(directory_id="sfr", name="SFR")
    case.lines = [
        Line(number="01 99 00 73 05", kind=LineKind.FIXED,
             label="Ligne du salon et box (rendez-vous, paiement par carte)"),
    ]
    case.contract = Contract(contract_number="PRO-0073051-26", customer_number="990073051",
                             offer="Offre pro fixe et internet", start_date=date(2023, 2, 1),
                             monthly_price=Decimal("49.90"), price_tax=TaxBasis.HT,
                             distance=True)  # subscribed by phone with the operator
    case.natures = [DisputeNature.LINE_OVERWRITTEN]
    case.events = [
        b.event(1, kind=EventKind.OUTAGE, date=date(2026, 8, 4), end_date=date(2026, 8, 27),
                counterpart=Counterpart.OPERATOR_OTHER,
                summary="Ligne coupée : plus de tonalité, box non synchronisée, terminal de "
                        "paiement hors ligne.", exhibit_ids=[screenshot]),
        b.event(2, kind=EventKind.CALL, date=date(2026, 8, 4), reference="INC-0804-5521",
                summary="Le conseiller constate que la ligne a été reprise lors de la commande "
                        "d'un autre client (écrasement) ; ticket ouvert."),
        b.event(3, kind=EventKind.CALL, date=date(2026, 8, 6), reference="INC-0804-5521",
                summary="Aucun délai de rétablissement ; rendez-vous technicien fixé au "
                        "11 août."),
        b.event(4, kind=EventKind.TECHNICIAN_VISIT, date=date(2026, 8, 11),
                counterpart=Counterpart.OPERATOR_OTHER, reference="INC-0804-5521",
                summary="Paire réaffectée à un autre client au point de raccordement ; "
                        "rétablissement impossible sur place.", exhibit_ids=[report]),
        b.event(5, kind=EventKind.REGISTERED_LETTER, date=date(2026, 8, 12), written=True,
                summary="Demande de rétablissement immédiat à ses frais et d'indemnisation.",
                registered=RegisteredMail(tracking_number=lrar, posted_on=date(2026, 8, 12),
                                          first_presented_on=date(2026, 8, 14),
                                          received_on=date(2026, 8, 14)),
                exhibit_ids=[letter, ar]),
        b.event(6, kind=EventKind.ANSWER, date=date(2026, 9, 8), written=True,
                direction=Direction.INCOMING, outcome=AnswerOutcome.PARTIAL,
                summary="Ligne rétablie le 27 août ; geste commercial d'un mois d'abonnement ; "
                        "refus d'indemniser les pertes d'exploitation.",
                exhibit_ids=[answer]),
    ]
    case.summary = (
        "Le 4 août 2026, la ligne 01 99 00 73 05 du Salon Élise Coiffure a été coupée : "
        "l'opérateur a reconnu le jour même qu'elle avait été reprise lors de la commande d'un "
        "autre client (écrasement de ligne, ticket INC-0804-5521). Nouvel appel le 6 août, "
        "visite d'un technicien le 11 août confirmant la réaffectation de la paire, lettre "
        "recommandée reçue le 14 août 2026. La ligne a été rétablie le 27 août (24 jours sans "
        "service, le 4 et le 27 août compris). Réponse du 8 septembre 2026 : geste commercial "
        "d'un mois d'abonnement, refus d'indemniser les pertes d'exploitation.")
    case.summary_voice = Voice.NEUTRAL
    # the month's gesture the answer announces, recorded: the letters then say it comes off
    # the final compensation (review2 5.1: a prorata claimed as if nothing had been given)
    case.credits = [
        Credit(id=fixed_id(b.slug, "credit", 1), kind=CreditKind.GESTURE,
               amount=Decimal("49.90"), tax_basis=TaxBasis.HT, date=date(2026, 9, 8),
               event_id=fixed_id(b.slug, "event", 6),
               note="Un mois d'abonnement offert, annoncé dans la réponse du 8 septembre."),
    ]
    return b.write(case)


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        for make in (outage_case, billing_case, overwritten_case):
            print(make(Path(work)))


if __name__ == "__main__":
    main()
