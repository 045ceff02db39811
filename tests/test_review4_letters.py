"""The fourth practitioner's remarks on the letters (/work/coord/review4-letters.md, R1 to
R5) and the suggestions of the third review still open (/work/coord/review3-letters.md: 1.4,
2.5, 6.1, 6.2, 6.6, 7.3, 9.4, 9.5). Each test builds the reviewer's case and quotes the text
the reviewer pointed out."""

from __future__ import annotations

import email
import io
from datetime import date
from email.policy import default as default_policy

from pypdf import PdfReader

from dispute.model import (
    BusinessForm,
    Civility,
    Counterpart,
    DisputeNature,
    Event,
    EventKind,
    InvoiceReason,
    Party,
)
from dispute.procedure import assess
from documents.letters import LetterKind, available_letters
from tests.letter_matrix import _business, _example, _private
from tests.test_review3_letters import (
    _plain,
    ei_last_resort,
    sarl_last_resort,
    ufc_mandate_scanned,
)
from tests.test_review_third_party_letters import (
    NOV,
    STRUCTURE_SIGNS,
    compose,
    refused_opinion,
    sections,
    text,
)

COMMERCE = "Demande au tribunal de commerce"


# -- R1: the tribunal de commerce document is not filed as the Cerfa 16042*02 ----------------

def test_r1_commerce_document_is_named_for_its_court() -> None:
    """R1: « 02 Requete au tribunal (mentions du Cerfa 16042_02).pdf » in the zip, while its
    own warning says not to use that form for the tribunal de commerce."""
    case = sarl_last_resort()
    composed = compose(LetterKind.COURT_REQUEST, case)
    assert composed.label == COMMERCE
    assert "16042" not in composed.label
    status = next(a for a in available_letters(case, assess(case, NOV))
                  if a.kind is LetterKind.COURT_REQUEST)
    assert status.label == COMMERCE
    # a private subscriber's requête keeps the Cerfa's name
    private = compose(LetterKind.COURT_REQUEST, refused_opinion())
    assert private.label == "Requête au tribunal (mentions du Cerfa 16042*02)"


def test_r1_dossier_files_the_commerce_document_under_its_name(tmp_path) -> None:
    """R1, in the zipped dossier: the file name and the LISEZMOI line."""
    import zipfile

    from documents.dossier import build_dossier
    from store.casefile import read_case_file
    from tests.letter_matrix import EXAMPLES

    cf = read_case_file(EXAMPLES / "facturation-entreprise-cpme")
    case = cf.case
    case.credits[0].deducted = True
    case.events += sarl_last_resort().events[-2:]
    build_dossier(case, cf.sources, tmp_path / "d.zip", today=NOV, target="complete")
    with zipfile.ZipFile(tmp_path / "d.zip") as zf:
        names = zf.namelist()
        readme = zf.read("LISEZMOI.txt").decode("utf-8-sig")
    assert not any("16042" in n for n in names)
    assert any(n.endswith("Demande au tribunal de commerce.pdf") for n in names)
    assert "16042" not in readme


# -- R2: damages carry no VAT ---------------------------------------------------------------

def test_r2_request_states_the_damages_without_ht() -> None:
    """R2: « Montant total demandé en principal : [à compléter] € HT » / « à me payer la somme
    de [à compléter] € HT »: an indemnity for the harm has no VAT; HT stays on the prorata
    and the gesture, which carry it."""
    demand = sections(LetterKind.COURT_REQUEST, ei_last_resort())["4. Objet de la demande"]
    demand = _plain(demand)
    assert "[à compléter] € HT" not in demand
    assert "Montant total demandé en principal : [à compléter] €." in demand
    assert ("Ce montant correspond à l'indemnisation du préjudice, chiffrée à [à compléter] € "
            "sur les pièces n° [à compléter], plus le remboursement de l'abonnement au "
            "prorata, 38,63 € HT (49,90 € HT × 24/31), moins le geste commercial de 49,90 € "
            "HT accordé le 8 septembre 2026.") in demand
    assert "à me payer la somme de [à compléter] € en principal" in demand
    warnings = [_plain(w) for w in compose(LetterKind.COURT_REQUEST, ei_last_resort()).warnings]
    assert any("chiffrée sur justificatifs, plus le remboursement au prorata (38,63 € HT)" in w
               for w in warnings)


# -- R3: a credit not deducted is explained in a billing requête -----------------------------

def test_r3_billing_request_explains_the_credit_not_deducted() -> None:
    """R3: the requête's chronology says « Avoir de 15 € pour l'option d'avril » and the claim
    « 151,36 € HT (181,63 € TTC) » does not say why it is not deducted, while the mise en
    demeure does."""
    case = _business(BusinessForm.COMPANY)  # b1: the avoir of 15 € HT not deducted
    demand = _plain(sections(LetterKind.COURT_REQUEST, case)["4. Objet de la demande"])
    assert ("L'avoir de 15,00 € HT accordé le 30 avril 2026 sur la facture n° F2604-0031872 "
            "portait sur d'autres sommes que celles réclamées ici : il n'y a donc rien à en "
            "déduire.") in demand
    notice = _plain(text(LetterKind.FORMAL_NOTICE, case))
    assert "il n'y a donc rien à en déduire" in notice
    # deducted, it is in the sum and not explained again
    deducted = sarl_last_resort()
    demand = _plain(sections(LetterKind.COURT_REQUEST, deducted)["4. Objet de la demande"])
    assert "rien à en déduire" not in demand
    assert "moins l'avoir de 15,00 € HT" in demand


# -- R4: « par l'abonné » for Madame -----------------------------------------------------------

def test_r4_notice_says_the_subscriber_refused_in_her_voice() -> None:
    """R4: « 28 septembre 2026 — Refus de l'avis du médiateur par l'abonné. » in the mise en
    demeure Madame Claire Fontaine signs."""
    case, _ = ufc_mandate_scanned()
    for settings in (None, STRUCTURE_SIGNS):
        body = _plain(text(LetterKind.FORMAL_NOTICE, case, settings=settings))
        assert "par l'abonné." not in body and "par l'abonné " not in body
        assert "J'ai refusé l'avis du médiateur." in body


def test_r4_step_without_a_voice_agrees_with_the_subscriber() -> None:
    """R4, the source: ``steps.event_what`` said « l'abonné » whoever the subscriber was."""
    from documents.letters.steps import event_paragraph

    case = refused_opinion()  # Madame Durand
    position = next(e for e in case.events if e.kind is EventKind.PARTY_POSITION)
    said = event_paragraph(position, case, to_operator=True).text
    assert "Refus de l'avis du médiateur par l'abonnée" in said
    case.subscriber.civility = Civility.COUPLE
    said = event_paragraph(position, case, to_operator=True).text
    assert "Refus de l'avis du médiateur par les abonnés" in said


# -- 1.4: the requête says its amount once in the heads of claim -----------------------------

def test_review3_1_4_request_heads_of_claim_leave_the_sum_to_the_total() -> None:
    """1.4: « • le remboursement … soit 45,02 € : 55,02 € contestés, moins le geste … » /
    « Montant total demandé en principal : 45,02 €. » / « Ce montant correspond à 55,02 €
    contestés, moins … » / « … à me payer la somme de 45,02 € »."""
    case = _private(Civility.MR, "Julien Fontaine", False)
    case.credits[0].deducted = True
    demand = _plain(sections(LetterKind.COURT_REQUEST, case)["4. Objet de la demande"])
    assert "soit 45,02 €" not in demand
    assert "le remboursement de l'abonnement au prorata de la période sans service du 2 mars " \
        "au 21 avril 2026" in demand
    assert "Montant total demandé en principal : 45,02 €." in demand
    assert "Ce montant correspond à 55,02 € contestés, moins le geste commercial" in demand
    billing = _plain(sections(LetterKind.COURT_REQUEST, _business(BusinessForm.COMPANY))
                     ["4. Objet de la demande"])
    assert "• le remboursement des sommes indûment facturées, soit" not in "• " + billing
    assert billing.count("181,63 € TTC") == 2  # the total, and the sum asked of the court
    # the operator's letters keep the amount in the demand
    notice = _plain(text(LetterKind.FORMAL_NOTICE, case))
    assert "du 2 mars au 21 avril 2026, soit 45,02 €" in notice


# -- 2.5: a couple's warnings in the plural --------------------------------------------------

def test_review3_2_5_warning_agrees_with_a_couple() -> None:
    """2.5: « Ce courrier est rédigé au nom de l'abonné, qui doit le signer lui-même » for
    Claire et Paul Fontaine."""
    case, _ = ufc_mandate_scanned()
    case.subscriber.civility = Civility.COUPLE
    case.subscriber.name = "Claire et Paul Fontaine"
    warnings = compose(LetterKind.FORMAL_NOTICE, case, settings=STRUCTURE_SIGNS).warnings
    assert not any("au nom de l'abonné," in w for w in warnings)
    assert any("rédigé au nom des titulaires, qui doivent le signer eux-mêmes" in w
               for w in warnings)
    case.subscriber.civility = Civility.MRS
    case.subscriber.name = "Claire Fontaine"
    warnings = compose(LetterKind.COURT_REQUEST, case, settings=STRUCTURE_SIGNS).warnings
    assert any("au nom de l'abonnée, qui le signe et l'adresse elle-même" in w
               for w in warnings)


# -- 6.1: « la CPME » under the pen of a CPME ------------------------------------------------

def cpme_seized():
    """Case b2: the SARL, the CPME de l'Aubrée, the mandate signed, the CPME seized."""
    case = sarl_last_resort()
    case.events.append(Event(kind=EventKind.SAISINE, date=date(2026, 7, 2),
                             counterpart=Counterpart.CPME,
                             summary="Demande transmise à la CPME."))
    return case


def test_review3_6_1_the_cpme_contact_is_not_the_structure() -> None:
    """6.1: « 2 juillet 2026 — Saisine de la CPME. » in the DGCCRF letter signed « Nadia
    Garnier, CPME de l'Aubrée »; « saisir la CPME ou le Médiateur des entreprises » in the
    mandate given to a CPME."""
    body = _plain(text(LetterKind.DGCCRF, cpme_seized(), settings=STRUCTURE_SIGNS))
    assert "Saisine de la CPME." not in body
    assert "Saisine du référent litiges télécoms de la CPME" in body
    mandate = _plain(text(LetterKind.MANDATE, _business(BusinessForm.COMPANY)))
    assert "saisir la CPME" not in mandate
    assert "solliciter l'intervention du référent litiges télécoms de la CPME" in mandate


# -- 6.2: a mediator's failure is no « réponse insatisfaisante » -----------------------------

def test_review3_6_2_mediation_failure_is_a_closing() -> None:
    """6.2: « 5 octobre 2026 — Réponse écrite insatisfaisante du Médiateur des entreprises. »
    (DGCCRF) and « 5 novembre 2026 : réponse écrite insatisfaisante du Médiateur des
    entreprises » in the requête's diligences."""
    body = _plain(text(LetterKind.DGCCRF, sarl_last_resort()))
    assert "insatisfaisante du Médiateur des entreprises" not in body
    assert "Clôture de la médiation par le Médiateur des entreprises (échec)" in body
    request = sections(LetterKind.COURT_REQUEST, ei_last_resort())
    diligences = _plain(request["6. Diligences entreprises en vue d'une résolution amiable"])
    assert "réponse écrite insatisfaisante du Médiateur" not in diligences
    assert "clôture de la médiation par le Médiateur des entreprises (échec)" in diligences
    # the operator's unsatisfactory answer keeps its words
    assert "Réponse écrite insatisfaisante du service clients" in body


# -- 6.6: the e-mail's subject keeps its spaces ------------------------------------------------

def _rfc2047(raw: bytes, name: bytes) -> str:
    """A header as RFC 2047 reads it: the white space between two encoded words is not
    text (what a mail client shows)."""
    from email.header import decode_header

    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    value = head.split(f"\r\n{name.decode()}: ", 1)[1].split("\r\n")
    unfolded = value[0]
    for x in value[1:]:
        if x[:1] not in (" ", "\t"):
            break
        unfolded += x
    return "".join(part.decode(charset or "ascii") if isinstance(part, bytes) else part
                   for part, charset in decode_header(unfolded))


def test_review3_6_6_subject_keeps_the_space_before_the_dash() -> None:
    """6.6: « Menuiserie Rivaud SARL— Bouygues Télécom »: two encoded words split at a space
    lose it (RFC 2047). An operator typed with accents, long names, the sender's name."""
    from documents.email_draft import cpme_email_message, subject

    for name, operator in (("Menuiserie Rivaud SARL", "Opérateur Régional"),
                           ("Les Amis du Bocage", "Opérateur Régional"),
                           ("Société Générale des Télécoms Réunis de l'Ouest", "Télécom Ouest"),
                           ("Menuiserie Rivaud SARL", "Orange")):
        case = _business(BusinessForm.COMPANY)
        case.subscriber.name = name
        case.operator.directory_id = ""
        case.operator.name = operator
        for day in (NOV, date(2026, 6, 25)):  # marked « À NE PAS ENVOYER » or not
            message, _, _, _ = cpme_email_message(case, today=day)
            raw = b"\r\n" + message.as_bytes()
            head = raw.split(b"\r\n\r\n", 1)[0]
            assert all(len(x) <= 78 for x in head.split(b"\r\n")), head
            assert _rfc2047(raw, b"Subject").endswith(subject(case)), head
            assert _rfc2047(raw, b"From").startswith(
                "Nadia Garnier — CPME de l'Aubrée (structure fictive)"), head
            parsed = email.message_from_bytes(raw[2:], policy=default_policy)
            assert parsed["Subject"].endswith(subject(case))


# -- 7.3: the contestation asks for the justification its reasons call for ------------------

def test_review3_7_3_justification_follows_the_reasons() -> None:
    """7.3: « (relevé détaillé des communications, preuve de la commande des options
    facturées) » for two lines « Service non fourni — Prorata … »."""
    case = _private(Civility.MRS, "Claire Fontaine", True)  # two lines, service not provided
    assert {il.reason for il in case.invoice_lines} == {InvoiceReason.NOT_DELIVERED}
    body = _plain(text(LetterKind.BILLING, case))
    assert "relevé détaillé des communications" not in body
    assert "preuve de la commande" not in body
    # each line is still to be explained (seeds/002)
    assert "je vous demande de me justifier chacune de ces lignes." in body
    company = _plain(text(LetterKind.BILLING, _business(BusinessForm.COMPANY)))
    assert ("(relevé détaillé des communications, preuve de la commande des options "
            "facturées)") in company
    case.invoice_lines[0].reason = InvoiceReason.OUT_OF_PLAN
    body = _plain(text(LetterKind.BILLING, case))
    assert "(relevé détaillé des communications)" in body


def test_review3_7_3_steps_before_the_invoice_are_no_contestation() -> None:
    """7.3: « Ces montants ont déjà été contestés auprès de vos services : • 3 mars 2026 —
    Appel … • 10 mars 2026 — Appel … » while the April invoice (5 April) did not exist."""
    case = _private(Civility.MRS, "Claire Fontaine", True)
    case.credits = []
    case.events = [e for e in case.events
                   if e.kind in (EventKind.OUTAGE, EventKind.CALL)]
    body = _plain(text(LetterKind.BILLING, case, today=date(2026, 4, 22)))
    assert "Ces montants ont déjà été contestés" not in body
    assert "Ces faits ont déjà été signalés à vos services :" in body
    # a step after the last invoice contested it
    full = _plain(text(LetterKind.BILLING, _business(BusinessForm.COMPANY)))
    assert "Ces montants ont déjà été contestés auprès de vos services :" in full


# -- 9.4: the chronology keeps a heading with its table and words whole ---------------------

def _pdf_pages(data: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def test_review3_9_4_interlocutor_column_keeps_words_whole() -> None:
    """9.4: « Structure d'accom / pagnement » cut in the column « Interlocuteur »."""
    from documents.chronology import chronology_pdf_bytes

    case, _ = ufc_mandate_scanned()
    pages = _pdf_pages(chronology_pdf_bytes(case, assess(case, NOV), generated_on=NOV)[0])
    assert "d'accompagnement" in "".join(pages).replace("’", "'")


def test_review3_9_4_a_heading_is_never_left_alone_at_a_page_foot() -> None:
    """9.4: « Lignes de facture contestées » alone at the foot of page 2, its table on
    page 3. Whatever the length before it, the heading is on the page of its table."""
    from documents.content import Heading, Paragraph, Report, Table
    from documents.letter_settings import LetterSettings
    from documents.render_pdf import report_pdf_bytes

    geometry = LetterSettings().geometry
    for filler in range(20, 40):
        report = Report(title="Essai", generated_on=NOV, landscape=True, blocks=(
            *(Paragraph.of(f"Ligne de remplissage {i}.") for i in range(filler)),
            Heading("Lignes de facture contestées"),
            Table(header=("Facture n°", "Ligne contestée"),
                  rows=tuple((f"F-{i}", "Abonnement") for i in range(3)))))
        pages = _pdf_pages(report_pdf_bytes(report, geometry)[0])
        heading = next(i for i, p in enumerate(pages) if "Lignes de facture contestées" in p)
        table = next(i for i, p in enumerate(pages) if "Ligne contestée" in p)
        assert heading == table, filler


# -- 9.5: the LISEZMOI after the mediation, in the letters' words ---------------------------

def _readme(case, target: str) -> str:
    from documents.dossier import readme_text
    return readme_text(case, assess(case, NOV), target, generated_on=NOV, letters=[],
                       chronology="02_Chronologie/Chronologie.pdf", index=[], exhibits=[])


def test_review3_9_5_readme_after_the_opinion_cites_it() -> None:
    """9.5: a complete dossier once the opinion is given: « Pièces utiles au médiateur (liste
    de contrôle de l'application) » without the opinion (pièce n° 4 here), key for a judge."""
    case = refused_opinion()
    readme = _readme(case, "complete")
    assert "Pièces utiles au médiateur" not in readme
    assert "- Avis du médiateur du 25/07/2026 : pièce n° 4" in readme
    # the opinion not scanned: the list is still no longer the mediator's
    case.events[-2].exhibit_ids = []
    readme = _readme(case, "complete")
    assert "Pièces utiles au médiateur" not in readme and "Avis du médiateur du" not in readme
    # before the saisine, the dossier still lists what the mediator wants
    early = _example("panne-fibre-particulier")
    assert "Pièces utiles au médiateur" in _readme(early, "complete")


def test_review3_9_5_readme_uses_the_letters_words() -> None:
    """9.5: « Nature du litige : Mauvaise facturation » (LISEZMOI) / « facturation erronée »
    (letters); « SIREN/SIRET 90147362900011 » / « SIRET 901 473 629 00011 »."""
    case = _business(BusinessForm.COMPANY)
    case.natures = [DisputeNature.BILLING, DisputeNature.OUTAGE]
    readme = _plain(_readme(case, "cpme"))
    assert "Nature du litige : Facturation erronée, interruption du service" in readme
    assert "Mauvaise facturation" not in readme
    assert "(SIRET 901 473 629 00011)" in readme
    assert "SIREN/SIRET 9014" not in readme
    from documents.chronology import header
    rows = {r.label: r.value for r in header(case, assess(case, NOV))}
    assert rows["Nature du litige"] == "Facturation erronée, interruption du service"


def test_position_by_party_is_unchanged_for_the_operator() -> None:
    """The operator's position still names the operator."""
    case = refused_opinion()
    case.events.append(Event(kind=EventKind.PARTY_POSITION, date=date(2026, 8, 1),
                             counterpart=Counterpart.MEDIATOR, party=Party.OPERATOR,
                             accepted=True, written=True))
    body = _plain(text(LetterKind.FORMAL_NOTICE, case))
    assert "Acceptation de l'avis du médiateur par l'opérateur" in body


# -- R5: a business's amount left to fill when the letters quantify it -----------------------

def test_r5_business_mediator_sheet_states_the_running_prorata() -> None:
    """R5, business placeholders: the sheet of a line still cut said « Montant en jeu :
    [à compléter] » (no basis) while the mise en demeure of the same day quantifies « soit à ce
    jour 12,88 € HT (15,46 € TTC) : 49,90 € HT × 8/31 »."""
    case = ei_sfr_cut()
    notice = _plain(text(LetterKind.FORMAL_NOTICE, case, today=date(2026, 8, 11)))
    assert "soit à ce jour 12,88 € HT (15,46 € TTC) : 49,90 € HT × 8/31" in notice
    sheet = _plain(text(LetterKind.BUSINESS_MEDIATOR, case, today=date(2026, 8, 11)))
    assert ("À ce jour 12,88 € HT (15,46 € TTC) : 49,90 € HT × 8/31 (remboursement de "
            "l'abonnement au prorata, somme à parfaire jusqu'au rétablissement de la ligne) ; "
            "plus l'indemnisation du préjudice, à chiffrer") in sheet


def ei_sfr_cut():
    """Case e2-0811: the sole trader's line cut since 4 August 2026, still cut on 11 August,
    no credit yet."""
    case = _business(BusinessForm.SOLE_TRADER)
    case.events = [e for e in case.events if e.date is not None and e.date <= date(2026, 8, 11)]
    for e in case.events:
        e.end_date = None
    case.credits = []
    return case


# -- 6.3: the CPME e-mail says what the zip holds ----------------------------------------------

def test_review3_6_3_cpme_email_names_the_request_the_mandate_and_the_membership(tmp_path
                                                                              ) -> None:
    """6.3: « Il contient : la chronologie …, le bordereau …, les pièces numérotées P01, P02…
    (6 pièces) »: nothing on the request itself (01_Courriers), nothing to say that pièce 6 is
    the signed mandate, nor the membership number the request cites."""
    import zipfile

    from dispute.model import Exhibit, ExhibitKind
    from documents.email_draft import cpme_email_message

    case = _business(BusinessForm.COMPANY)  # the CPME de l'Aubrée, member n° A-2025-118
    scan = Exhibit(number=6, title="Mandat signé au profit de la CPME de l'Aubrée",
                   date=date(2026, 6, 25), kind=ExhibitKind.MANDATE)
    case.exhibits.append(scan)
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 6, 25),
                             counterpart=Counterpart.HANDLING_STRUCTURE, written=True,
                             exhibit_ids=[scan.id]))
    archive = tmp_path / "dossier.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("LISEZMOI.txt", "\ufeffContenu du dossier\r\n  - 01_Courriers/01 Demande "
                    "d'intervention a la CPME.pdf (et la même en .docx) : Demande "
                    "d'intervention à la CPME\r\n".encode())
    message, _, _, _ = cpme_email_message(case, attachment=archive, today=date(2026, 6, 25))
    body = _plain(message.get_body(("plain",)).get_content())
    assert "- le courrier, en PDF et en DOCX : Demande d'intervention à la CPME" in body
    assert "(6 pièces), dont le mandat signé (pièce n° 6)" in body
    assert "n° A-2025-118" in body
    # a zip that is not ours: the list says what is sure
    other = tmp_path / "autre.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("x.txt", "x")
    message, _, _, _ = cpme_email_message(case, attachment=other, today=date(2026, 6, 25))
    assert "en PDF et en DOCX" not in message.get_body(("plain",)).get_content()
