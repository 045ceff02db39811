"""The second practitioner reading's points still open after its BLOQUANT and À CORRIGER were
fixed (/work/coord/review2-letters.md: 11.1 second half, 11.2, 6.2, 10.3, 14.3, 15.1, 16.2,
16.3, 5.2, 13.1; /work/coord/fresh-eyes.md n° 27). Each test quotes the text the reviewer
refused or the wording proposed."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from dispute.model import (
    BusinessForm,
    Civility,
    DisputeNature,
    Event,
    EventKind,
    HandlingStructure,
    Line,
    LineKind,
    PostalAddress,
    StructureKind,
    TaxBasis,
)
from documents.letters import LetterKind
from documents.text import plain
from tests.letter_matrix import _business, _private
from tests.test_letters_practitioner import text_of
from tests.test_review_third_party_letters import compose, text

NOV = date(2026, 11, 22)


# -- 11.1 / 11.2 the L.224-42-1 delay: from the request, and one amount in every letter ------


def portability_case(requested: date | None = date(2026, 10, 1)):
    """Review2's case p5: a mobile number ported with a delay (line dead from 2 to 8
    October 2026), 19,99 € TTC a month, the portability requested on 1 October 2026."""
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.natures = [DisputeNature.PORTABILITY]
    case.lines = [Line("06 44 55 66 77", LineKind.MOBILE)]
    case.contract.monthly_price, case.contract.price_tax = Decimal("19.99"), TaxBasis.TTC
    case.events = [e for e in case.events if e.kind is not EventKind.OUTAGE]
    case.events.append(Event(kind=EventKind.OUTAGE, date=date(2026, 10, 2),
                             end_date=date(2026, 10, 8)))
    case.portability_requested_on = requested
    return case


def test_11_1_the_letter_states_the_basis_of_its_count() -> None:
    letter = plain(text(LetterKind.PORTABILITY_COMPENSATION, portability_case()))
    assert ("La portabilité du numéro 06 44 55 66 77 a été demandée le 1er octobre 2026 ; le "
            "portage devait intervenir au plus tard le 2 octobre 2026 (un jour ouvrable, sauf "
            "demande expresse de l'abonné : art. D.406-18 du code des postes et des "
            "communications électroniques) ; il n'est intervenu que le 8 octobre 2026, soit "
            "6 jours de retard (du 3 au 8 octobre 2026 inclus).") in letter
    assert ("un cinquième par jour représente 3,998 €, arrondi au centime supérieur : 4,00 € "
            "par jour ; l'indemnité due est donc d'au moins 24,00 € (4,00 € × 6 jours).") \
        in letter
    # the interruption's own count (2 to 8 October, 7 days) is not the delay
    assert "7 jours" not in letter and "du 2 au 8 octobre" not in letter


def test_11_1_one_day_late_and_still_awaited() -> None:
    case = portability_case(date(2026, 10, 6))  # due Wednesday 7, ported Thursday 8
    letter = plain(text(LetterKind.PORTABILITY_COMPENSATION, case))
    assert "soit 1 jour de retard (le 8 octobre 2026)." in letter
    assert "(4,00 € × 1 jour)" in letter
    case = portability_case(date(2026, 11, 17))  # due Wednesday 18, not ported on the 22nd
    case.events = [e for e in case.events if e.kind is not EventKind.OUTAGE]
    letter = plain(text(LetterKind.PORTABILITY_COMPENSATION, case))
    assert ("il n'était toujours pas intervenu à la date de la présente demande, soit 4 jours "
            "de retard à ce jour (du 19 au 22 novembre 2026 inclus).") in letter


def test_11_1_without_the_request_date_nothing_is_counted() -> None:
    composed = compose(LetterKind.PORTABILITY_COMPENSATION, portability_case(None))
    letter = plain(text(LetterKind.PORTABILITY_COMPENSATION, portability_case(None)))
    assert ("a été demandée le [à compléter] ; le portage devait intervenir au plus tard le "
            "[à compléter] (un jour ouvrable") in letter
    assert "il n'est intervenu que le 8 octobre 2026, soit [à compléter] jours de retard." \
        in letter
    assert "d'au moins 4,00 € × [à compléter] jours de retard." in letter
    assert "7 jours" not in letter  # the interruption (both ends counted) is no delay
    assert any(w.startswith("Date de la demande de portabilité non renseignée") and
               "D.406-18" in w for w in composed.warnings)


@pytest.mark.parametrize("kind", [LetterKind.REMINDER, LetterKind.SERVICE_CONSOMMATEURS])
def test_11_2_the_other_letters_claim_the_same_amount(kind) -> None:
    letter = plain(text(kind, portability_case()))
    assert ("l'indemnité prévue par l'article L.224-42-1 du code de la consommation pour le "
            "retard de portage du numéro du 3 au 8 octobre 2026, soit au moins 24,00 € "
            "(4,00 € × 6 jours)") in letter
    # without the request date: claimed, neither a period nor a second computation
    letter = plain(text(kind, portability_case(None)))
    assert "retard de portage du numéro ;" in letter or "retard de portage du numéro." in letter
    assert "24,00" not in letter and "28,00" not in letter


def test_11_2_still_awaited_the_sum_runs_on() -> None:
    case = portability_case(date(2026, 11, 17))
    case.events = [e for e in case.events if e.kind is not EventKind.OUTAGE]
    letter = plain(text(LetterKind.SERVICE_CONSOMMATEURS, case))
    assert "la réalisation de la portabilité du numéro" in letter
    assert ("retard de portage du numéro depuis le 19 novembre 2026, somme à parfaire "
            "jusqu'au portage, soit à ce jour au moins 16,00 € (4,00 € × 4 jours)") in letter


# -- 6.2 a remaining amount in the quoted summary that is not the net claimed ----------------


def test_6_2_a_remaining_amount_other_than_the_net_is_pointed_out() -> None:
    case = _business(BusinessForm.COMPANY)  # « Montant contesté restant : 151,36 € HT. »
    case.credits[0].deducted = True  # the avoir of 15,00 € HT deducted: 136,36 € HT claimed
    composed = compose(LetterKind.CPME, case)
    said = [w for w in composed.warnings if "montant restant" in w]
    assert len(said) == 1 and "« 151,36 € »" in said[0]
    assert "136,36 € HT (163,63 € TTC)" in plain(said[0])
    # not deducted: 151,36 € HT is what is claimed
    case.credits[0].deducted = False
    assert not any("montant restant" in w for w in compose(LetterKind.CPME, case).warnings)
    # the summary says the net: nothing to point out
    case.credits[0].deducted = True
    case.summary = case.summary.replace("151,36 € HT", "136,36 € HT")
    assert not any("montant restant" in w for w in compose(LetterKind.CPME, case).warnings)


# -- 10.3 a sole trader's mandate: a person, not a company ---------------------------------


AUBREE = HandlingStructure(
    name="CPME de l'Aubrée", contact_name="Nadia Garnier",
    contact_role="Chargée de mission entreprises",
    address=PostalAddress(["12 rue des Lices"], "49100", "Angers"),
    kind=StructureKind.CPME, identifier="123 456 789", member_number="A-2025-118",
    member_since=date(2025, 3, 1))


def sole_trader_with_cpme(civility: Civility | None = Civility.MRS):
    """Review2's case e2: Élise Marchand, hairdresser in sole trade, helped by a CPME."""
    case = _business(BusinessForm.SOLE_TRADER)
    case.handling_structure = copy.deepcopy(AUBREE)
    case.subscriber.civility = civility
    return case


def test_10_3_a_sole_trader_is_la_mandante_and_her_business_the_member() -> None:
    letter = plain(text(LetterKind.MANDATE, sole_trader_with_cpme()))
    assert "La mandante : Madame Élise Marchand, exerçant en entreprise individuelle" in letter
    assert "L'entreprise individuelle de la mandante est adhérente du mandataire" in letter
    assert "La mandante donne au mandataire" in letter and "décide seule" in letter
    assert "Le mandant" not in letter and "est une entreprise adhérente" not in letter
    assert "Kbis" not in letter and "avis de situation au répertoire SIRENE" in letter
    # Monsieur, or no civility said: « Le mandant », the name as typed
    letter = plain(text(LetterKind.MANDATE, sole_trader_with_cpme(Civility.MR)))
    assert "Le mandant : Monsieur Élise Marchand" in letter
    assert "L'entreprise individuelle du mandant est adhérente" in letter
    letter = plain(text(LetterKind.MANDATE, sole_trader_with_cpme(None)))
    assert "Le mandant : Élise Marchand, exerçant" in letter
    # a company stays « le mandant », whatever civility was left in the case
    company = _business(BusinessForm.COMPANY)
    company.subscriber.civility = Civility.MRS
    assert "Le mandant : la société Menuiserie Rivaud" in plain(text(LetterKind.MANDATE,
                                                                     company))


# -- 16.2 the user's own note on a credit stays in the internal report ------------------------


def report_text(report) -> str:
    from documents.content import BulletList, Paragraph, Table

    parts = []
    for block in report.blocks:
        if isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, BulletList):
            parts += [i.text for i in block.items]
        elif isinstance(block, Table):
            parts.append(" | ".join(block.header))
            parts += [" | ".join(row) for row in block.rows]
    return "\n".join(parts)


def test_16_2_the_note_on_a_credit_is_not_sent_to_the_third_party() -> None:
    from dispute.procedure import assess
    from documents.chronology import chronology_report

    case = _business(BusinessForm.COMPANY)
    note = "Avoir sur l'option d'avril ; la ligne contestée est celle de mai."
    assert case.credits[0].note == note
    a = assess(case, NOV)
    sent = report_text(chronology_report(case, a, generated_on=NOV, third_party=True))
    assert "la ligne contestée est celle de mai" not in sent and "| Note" not in sent
    assert "Avoirs" in sent or "15,00 € HT" in sent  # the credit itself is still there
    internal = report_text(chronology_report(case, a, generated_on=NOV))
    assert note in internal


# -- 16.3 the registered contestation after an e-mail answer: optional, not « ne s'applique pas »


def test_16_3_a_registered_contestation_after_an_email_answer_is_optional() -> None:
    may15 = date(2026, 5, 15)  # the example as it stood on 15 May 2026: the e-mail of 14
    case = truncated(_business(BusinessForm.COMPANY), may15)  # April answered on 30 April
    composed = compose(LetterKind.BILLING, case, may15)
    letter = plain(text(LetterKind.BILLING, case, may15))
    assert "PROJET" not in letter and "ne s'applique pas" not in " ".join(composed.warnings)
    from dispute.procedure import assess

    decision = assess(case, may15).letter(LetterKind.BILLING.value)
    assert str(decision.state) == "possible" and decision.reason.startswith("Facultatif")
    assert "lettre recommandée" in decision.reason and "L'étape suivante est" in decision.reason
    # once the registered letter of 18 May is recorded, it is sent (nothing optional)
    case = truncated(_business(BusinessForm.COMPANY), date(2026, 5, 25))
    later = assess(case, date(2026, 5, 25)).letter(LetterKind.BILLING.value)
    assert str(later.state) == "sent"


def truncated(case, day: date):
    """The case as it stood on ``day``: later events (and their exhibits) left out."""
    case.events = [e for e in case.events if e.date is not None and e.date <= day]
    kept = {i for e in case.events for i in e.exhibit_ids}
    case.exhibits = [x for x in case.exhibits if x.id in kept]
    case.credits = [c for c in case.credits if c.date is None or c.date <= day]
    return case


# -- 15.1 the first letter for a line taken over, while it is still cut ----------------------


def test_15_1_an_overwritten_line_still_cut() -> None:
    aug11 = date(2026, 8, 11)  # review2's t6-e1-0811: the line cut since 4 August
    case = truncated(_business(BusinessForm.SOLE_TRADER), aug11)
    letter = plain(text(LetterKind.SERVICE_CLIENTS, case, aug11))
    assert "le rétablissement de la ligne à vos frais, sans délai" in letter
    assert "meilleurs délais" not in letter
    assert ("le remboursement de l'abonnement au prorata de la période sans service depuis le "
            "4 août 2026, somme à parfaire jusqu'au rétablissement de la ligne, soit à ce jour "
            "12,88 € HT (15,46 € TTC) : 49,90 € HT × 8/31") in letter
    assert ("l'indemnisation du préjudice causé par la coupure de la ligne depuis le 4 août "
            "2026, sur justificatifs") in letter
    # no structure follows the case: the CPME, which only takes what a structure sends it,
    # is not promised (seeds/000)
    assert "CPME" not in letter
    assert "je saisirai le Médiateur des entreprises." in letter
    case.handling_structure = copy.deepcopy(AUBREE)
    assert "ou solliciterai l'intervention de la CPME" in plain(
        text(LetterKind.SERVICE_CLIENTS, case, aug11))


# -- fresh-eyes 27: the mandate given to the CPME is no enclosure of the company's own letters --


def with_scanned_mandate(case):
    """A « Mandat signé » event on 1 December 2026 with its scan as the next exhibit."""
    from dispute.model import Counterpart, Exhibit, ExhibitKind

    scan = Exhibit(number=case.next_exhibit_number(), title="Mandat signé",
                   date=date(2026, 12, 1), kind=ExhibitKind.MANDATE)
    case.exhibits.append(scan)
    case.events.append(Event(kind=EventKind.MANDATE_SIGNED, date=date(2026, 12, 1),
                             counterpart=Counterpart.HANDLING_STRUCTURE,
                             exhibit_ids=[scan.id]))
    return case, scan.number


@pytest.mark.parametrize("kind", [LetterKind.FORMAL_NOTICE, LetterKind.SERVICE_CLIENTS,
                                  LetterKind.COURT_REQUEST])
def test_fe27_the_company_s_own_letters_do_not_enclose_the_mandate(kind) -> None:
    from documents.letter_settings import LetterSettings

    dec3 = date(2026, 12, 3)
    case, number = with_scanned_mandate(sole_trader_with_cpme())
    titles = [e.title for e in compose(kind, case, dec3).letter.enclosures]
    assert titles and not any("Mandat" in t for t in titles)
    # signed by the structure, it is the power the letter is sent under: enclosed and cited
    if kind is LetterKind.SERVICE_CLIENTS:
        composed = compose(kind, case, dec3, LetterSettings(structure_signs=True))
        assert "CPME de l'Aubrée" in composed.letter.sender[0]
        assert any(e.number == number for e in composed.letter.enclosures)
        assert f"(pièce n° {number})" in plain(text_of(composed))


@pytest.mark.parametrize("kind", [LetterKind.CPME])  # the Médiateur des entreprises' fiche
def test_fe27_the_cpme_and_mediator_dossiers_keep_it(kind) -> None:  # : review3 1.3
    case, number = with_scanned_mandate(sole_trader_with_cpme())
    enclosed = compose(kind, case, date(2026, 12, 3)).letter.enclosures
    assert any(e.number == number for e in enclosed)


def test_fe27_the_telecom_mediator_keeps_it() -> None:
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.handling_structure = copy.deepcopy(AUBREE)
    case, number = with_scanned_mandate(case)
    enclosed = compose(LetterKind.MEDIATOR, case, date(2026, 12, 3)).letter.enclosures
    assert any(e.number == number for e in enclosed)


# -- fresh-eyes 27: an enumeration item is not justified ------------------------------------


def test_fe27_bullet_items_are_flush_left_in_the_pdf_and_the_docx() -> None:
    """« l'indemnisation du préjudice causé par la coupure de la ligne depuis le 4 septembre
    2026 ; » was justified with wide gaps because the unbreakable date went to the next line.
    The date stays unbreakable; the enumeration items are set flush left (both renderers)."""
    import io

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from reportlab.lib.enums import TA_LEFT

    from documents.content import Align, BulletList, Paragraph as Para
    from documents.layout import LetterGeometry
    from documents.render_pdf import _blocks, _styles

    items = BulletList((Para.of("l'indemnisation du préjudice causé par la coupure de la "
                                "ligne depuis le 4\u00a0septembre\u00a02026 ;"),
                        Para.of("centré", align=Align.CENTER)))
    flow = _blocks([items], 400, _styles(LetterGeometry()))
    assert [f.style.alignment for f in flow][:1] == [TA_LEFT]
    composed = compose(LetterKind.SERVICE_CLIENTS, _business(BusinessForm.SOLE_TRADER))
    from documents.letters import composed_docx_bytes

    data, _ = composed_docx_bytes(composed, LetterGeometry())
    bullets_ = [p for p in Document(io.BytesIO(data)).paragraphs
                if p.style is not None and "Bullet" in (p.style.name or "")]
    assert bullets_ and all(p.alignment == WD_ALIGN_PARAGRAPH.LEFT for p in bullets_)
    # the date itself stays unbreakable (French typography: never split after its day)
    from documents.letters.typography import fr_typography

    assert "4\u00a0septembre\u00a02026\u00a0;" in fr_typography("depuis le 4 septembre 2026 ;")


# -- 14.3 a structure of kind « autre »: who the 1971 law lets help ------------------------


def test_14_3_a_structure_of_another_kind_is_reminded_of_the_1971_law() -> None:
    from dispute.model import StructureKind as Kind
    from documents.letter_settings import LetterSettings

    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.handling_structure = copy.deepcopy(AUBREE)
    case.handling_structure.kind = Kind.OTHER
    case.handling_structure.name = "Point info consommateurs de Cholet"
    case.handling_structure.member_number = ""
    signs = LetterSettings(structure_signs=True)
    for kind, settings in ((LetterKind.MANDATE, None), (LetterKind.SERVICE_CLIENTS, signs)):
        said = [w for w in compose(kind, case, NOV, settings).warnings if "71-1130" in w]
        assert len(said) == 1, kind
        # the facts of LEGAL-2026-12 § 7.1 (B) as facts; what is not reread, « à vérifier »
        assert "associations agréées de consommateurs, pour leurs membres seulement (art. 63)" \
            in said[0] and "(art. 64, texte exact à vérifier)" in said[0]
        assert "(art. 54 et suivants) sont à vérifier" in said[0]
    # nothing of it in the act the parties sign, nor for a CPME or consumer structure
    assert "71-1130" not in plain(text(LetterKind.MANDATE, case))
    case.handling_structure.kind = Kind.CPME  # (its own note on art. 64: review3)
    assert not any("autre type" in w for w in compose(LetterKind.MANDATE, case).warnings)
    # the subscriber signs: the structure acts for nobody in this letter
    case.handling_structure.kind = Kind.OTHER
    assert not any("71-1130" in w for w in compose(LetterKind.SERVICE_CLIENTS, case).warnings)


# -- 13.1 the saisine form: not a file of the dossier, and where it is had ---------------------


def test_13_1_the_lisezmoi_says_the_form_is_not_enclosed_and_where_it_is_had(tmp_path) -> None:
    import zipfile

    from documents.dossier import build_dossier
    from store.casefile import read_case_file
    from tests.letter_matrix import EXAMPLES

    cf = read_case_file(EXAMPLES / "panne-fibre-particulier")
    result = build_dossier(cf.case, cf.sources, tmp_path / "m.zip", today=date(2026, 7, 20),
                           target="mediator")
    with zipfile.ZipFile(result.path) as zf:
        readme = " ".join(zf.read("LISEZMOI.txt").decode("utf-8-sig").split())
        names = zf.namelist()
    assert ("Le formulaire de saisine du médiateur, que la lettre de saisine cite parmi ses "
            "pièces jointes, n'est pas un fichier de ce dossier : l'application ne le fournit "
            "pas. Il est à demander au Médiateur des communications électroniques (site "
            "mediation-telecom.org, page « saisir le médiateur », où la saisine peut aussi se "
            "faire en ligne) ; complété et signé, il est joint à l'envoi postal.") in readme
    assert not any("ormulaire" in n for n in names)
    composed = compose(LetterKind.MEDIATOR, _private(Civility.MRS, "Claire Fontaine", False),
                       date(2026, 7, 20))
    assert any("que l'application ne fournit pas : à demander au Médiateur des communications "
               "électroniques (site mediation-telecom.org" in w for w in composed.warnings)
    # a CPME dossier announces no such form
    cf = read_case_file(EXAMPLES / "facturation-entreprise-cpme")
    result = build_dossier(cf.case, cf.sources, tmp_path / "c.zip", today=date(2026, 7, 20),
                           target="cpme")
    with zipfile.ZipFile(result.path) as zf:
        assert "formulaire de saisine" not in zf.read("LISEZMOI.txt").decode("utf-8-sig")


# -- internal references never reach the user (as fresh-eyes 19 and 29 were fixed) -----------


INTERNAL = ("LEGAL-2026", "§", "seeds/", "DOMAIN.md", "plainte_procureur_", "_qualified_offence")


def test_no_internal_reference_in_what_the_user_reads() -> None:
    """The letters' warnings as the letters tab shows them (through ``human_sources``), the
    rules' sources and notes as the case view shows them: an article, a URL or a text's name,
    never the project's research file, a section sign, a seed file or a rule id."""
    from dispute.procedure import assess
    from dispute.rules import load_rules
    from documents.chronology import human_sources, rule_source
    from documents.letter_settings import LetterSettings
    from documents.letters import SPECS, compose_letter
    from tests.letter_matrix import matrix

    seen = []
    for name, case in matrix():
        a = assess(case, NOV)
        for kind in SPECS:
            for signs in (False, True):
                composed = compose_letter(kind, case, a, LetterSettings(structure_signs=signs),
                                          NOV)
                seen += [(f"{name}/{kind.value}", human_sources(w)) for w in composed.warnings]
                seen.append((f"{name}/{kind.value}/texte", text_of(composed)))
    for rule in load_rules().values():
        seen += [(rule.id, rule_source(rule)), (rule.id, human_sources(rule.note))]
    bad = [(where, t) for where, t in seen for word in INTERNAL if word in t]
    assert not bad, sorted({t[:300] for _, t in bad})


# -- 5.2 LCEN art. 15 I only for a contract concluded at a distance -------------------------


@pytest.mark.parametrize("distance", [True, False, None])
def test_5_2_lcen_15_i_only_for_a_distance_contract(distance) -> None:
    private = _private(Civility.MRS, "Claire Fontaine", False)  # an outage
    business = _business(BusinessForm.SOLE_TRADER)  # a line cut
    for case in (private, business):
        case.contract.distance = distance
    cited = {kind: plain(text(kind, case)) for kind, case in (
        (LetterKind.FORMAL_NOTICE, private), (LetterKind.COURT_REQUEST, private),
        (LetterKind.SERVICE_CLIENTS, business))}
    for kind, letter in cited.items():
        assert ("2004-575" in letter) is (distance is True), kind
        assert ("répond de son inexécution" in letter or "répond de cette inexécution" in
                letter) is (distance is not True), kind
    assert ("13 mars 2024" in cited[LetterKind.SERVICE_CLIENTS]) is (distance is True)
    warned = [w for w in compose(LetterKind.FORMAL_NOTICE, private).warnings
              if "conclu à distance" in w or "hors distance" in w]
    assert bool(warned) is (distance is not True)


# -- review3 3.2: a number ported late was ported: the breach is the delay, with its dates ----


def test_review3_3_2_the_formal_notice_says_the_porting_was_late_not_undone() -> None:
    letter = plain(text(LetterKind.FORMAL_NOTICE, portability_case()))
    assert "obligation contractuelle de réaliser la portabilité" not in letter
    assert ("Vous n'avez pas réalisé la portabilité de mon numéro dans le délai d'un jour "
            "ouvrable (code des postes et des communications électroniques, art. D.406-18) : "
            "demandée le 1er octobre 2026, elle n'est intervenue que le 8 octobre 2026.") \
        in letter


def test_review3_3_2_without_the_request_date_the_general_breach_stays() -> None:
    letter = plain(text(LetterKind.FORMAL_NOTICE, portability_case(requested=None)))
    assert "Vous n'avez pas exécuté votre obligation contractuelle de réaliser la " \
        "portabilité du numéro" in letter


def test_review3_3_2_another_nature_keeps_its_own_breach_sentence() -> None:
    case = portability_case()
    case.natures = [DisputeNature.BILLING, DisputeNature.PORTABILITY]
    letter = plain(text(LetterKind.FORMAL_NOTICE, case))
    assert "Vous n'avez pas exécuté votre obligation contractuelle de facturer" in letter
    assert "de réaliser la portabilité" not in letter
    assert "Vous n'avez pas réalisé la portabilité de mon numéro" in letter
