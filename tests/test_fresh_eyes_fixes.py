"""Findings of a new user's first day (/work/coord/fresh-eyes.md, 2026-12-03) that are not
GUI layout: each test quotes what the user saw."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
import pytest

from dispute.procedure import assess
from documents.letter_settings import LetterSettings
from documents.letters import LetterKind, compose_letter, composed_docx_bytes
from store.casefile import read_case_file

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("panne-fibre-particulier", "facturation-entreprise-cpme",
            "ecrasement-ligne-commerce")
SEED = re.compile(r"seeds?/\d")


def _case(name: str):
    return read_case_file(ROOT / "examples" / name).case


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------
# 19: « seeds/001 » printed in a premature letter


@pytest.mark.parametrize("name", EXAMPLES)
def test_no_letter_prints_an_internal_source_path(name: str) -> None:
    """« PROJET — NE PAS ENVOYER AVANT LE 9 décembre 2026. Ce courrier est prématuré : … (délai
    d'un mois, seeds/001). »: the letter names the public source, never a project file."""
    case = _case(name)
    seen_banner = False
    for today in (date(2026, 3, 4), date(2026, 5, 21)):
        assessment = assess(case, today)
        for kind in LetterKind:
            composed = compose_letter(kind, case, assessment, LetterSettings(), today)
            text = _docx_text(composed_docx_bytes(composed)[0])
            seen_banner |= "NE PAS ENVOYER" in text
            assert not SEED.search(text), (kind, today, SEED.search(text))
    assert seen_banner  # the premature banner was among the texts read


# --------------------------------------------------------------------------------------------
# 23: the .ics of open cases held only cancelled events; the real limit was missing


def _ics_events(data: bytes) -> list:
    from icalendar import Calendar

    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_calendar_carries_the_invoices_prescription_limit() -> None:
    """An open business case whose only procedure deadline is met (the service clients
    answered): the file held that one event, cancelled; the fiche's « agir au plus tard le 20
    avril 2027 (L.34-2) » was not in it."""
    from datetime import UTC, datetime

    from documents.calendar_ics import case_calendar_bytes, event_uid

    case = _case("facturation-entreprise-cpme")
    today = date(2026, 12, 3)
    stamp = datetime(2026, 12, 3, 8, tzinfo=UTC)
    events = _ics_events(case_calendar_bytes(case, today, stamp=stamp))
    confirmed = [e for e in events if str(e["STATUS"]) == "CONFIRMED"]
    assert confirmed, [str(e["SUMMARY"]) for e in events]
    by_day = {e.decoded("DTSTART"): e for e in confirmed}
    # two lines of F2604-0031872 (one event), one of F2605-0034410
    assert sorted(by_day) == [date(2027, 4, 20), date(2027, 5, 20)]
    april = by_day[date(2027, 4, 20)]
    assert str(april["SUMMARY"]).startswith("Prescription de la facture F2604-0031872 — ")
    assert str(april["UID"]) == event_uid(case.id, "prescription-" + case.invoice_lines[0].id)
    assert sorted(a.decoded("TRIGGER").days for a in april.walk("VALARM")) == [-7, -1]
    text = str(april["DESCRIPTION"])
    assert ("Facture F2604-0031872, « Communications internationales » : demande de "
            "remboursement à faire au plus tard le 20 avril 2027 (prescription d'un an, "
            "L.34-2).") in text
    assert "Date utilisée : 20/04/2026, date de paiement" in text
    # the description does not depend on the day of export
    later = _ics_events(case_calendar_bytes(case, date(2027, 4, 15), stamp=stamp))
    again = {e.decoded("DTSTART"): str(e["DESCRIPTION"]) for e in later
             if str(e["STATUS"]) == "CONFIRMED"}
    assert again[date(2027, 4, 20)] == text
    # a closed case: the limit is cancelled, without reminders
    from dispute.model import CaseStatus

    case.status = CaseStatus.RESOLVED
    closed = [e for e in _ics_events(case_calendar_bytes(case, today, stamp=stamp))
              if str(e["SUMMARY"]).startswith("Prescription")]
    assert closed and all(str(e["STATUS"]) == "CANCELLED" and not list(e.walk("VALARM"))
                          for e in closed)


def test_a_prescription_limit_gone_is_cancelled_at_the_next_export() -> None:
    from datetime import UTC, datetime

    from documents.calendar_ics import case_calendar_bytes, event_uid

    class Memory:
        def __init__(self) -> None:
            self.settings: dict = {}

        def read_settings(self) -> dict:
            return dict(self.settings)

        def write_settings(self, settings: dict) -> None:
            self.settings = dict(settings)

    store = Memory()
    case = _case("facturation-entreprise-cpme")
    stamp = datetime(2026, 12, 3, 8, tzinfo=UTC)
    case_calendar_bytes(case, date(2026, 12, 3), stamp=stamp, store=store)
    gone = case.invoice_lines[2]
    case.invoice_lines.remove(gone)
    case.revision += 1
    events = {str(e["UID"]): e for e in _ics_events(
        case_calendar_bytes(case, date(2026, 12, 3), stamp=stamp, store=store))}
    removed = events[event_uid(case.id, "prescription-" + gone.id)]
    assert str(removed["STATUS"]) == "CANCELLED"
    assert removed.decoded("DTSTART") == date(2027, 5, 20)


@pytest.mark.parametrize("name", EXAMPLES)
def test_calendar_descriptions_name_public_sources_in_one_bracket(name: str) -> None:
    """« (seeds/001) », « (date de réception (accusé de réception signé)) » (n° 19, 23)."""
    from documents.calendar_ics import case_calendar_bytes

    data = case_calendar_bytes(_case(name), date(2026, 7, 1))
    for event in _ics_events(data):
        text = str(event["DESCRIPTION"])
        assert not SEED.search(text), text
        assert not re.search(r"\([^()]*\(", text), text


# --------------------------------------------------------------------------------------------
# 10: the « Pourquoi ? » of « Relancer par écrit… » gave another start than its deadline


def test_reminder_why_uses_the_same_start_as_the_answer_it_waits_for() -> None:
    """Card: « réponse attendue le 10 octobre 2026 »; its « Pourquoi ? »: « Date utilisée : 8
    septembre 2026 (date de l'événement) », while the deadline's said « 10 septembre 2026
    (date de réception, accusé de réception signé) »."""
    from dispute.model import Counterpart, Direction, Event, EventKind, RegisteredMail
    from dispute.procedure.results import DateKind

    case = _case("ecrasement-ligne-commerce")
    case.events = [Event(kind=EventKind.REGISTERED_LETTER, date=date(2026, 9, 8),
                         counterpart=Counterpart.SERVICE_CLIENTS,
                         direction=Direction.OUTGOING, written=True,
                         summary="Réclamation", registered=RegisteredMail(
                             posted_on=date(2026, 9, 8), received_on=date(2026, 9, 10)))]
    assessment = assess(case, date(2026, 10, 20))
    deadline = next(d for d in assessment.deadlines if d.id == "service_clients_answer")
    assert deadline.date == date(2026, 10, 10)
    step = next(s for s in assessment.next_steps if s.id == "remind_operator")
    decision = next(x for x in assessment.letters if x.kind == "relance_operateur")
    for basis in (step.basis, decision.basis):
        assert basis.event is not None
        assert (basis.event.date, basis.event.date_kind) == (date(2026, 9, 10),
                                                             DateKind.RECEIVED)
        assert basis.event == deadline.basis.event


# --------------------------------------------------------------------------------------------
# 16: every member of the dossier zip dated 1 January 1980


def test_dossier_members_carry_the_dossiers_date(tmp_path: Path) -> None:
    """Unzipped at the CPME, the files showed « modifié le 01/01/1980 »."""
    import zipfile
    from datetime import datetime

    from documents.dossier import build_dossier, member_date_time
    from tests.test_dossier import letter

    cf = read_case_file(ROOT / "examples" / "panne-fibre-particulier")
    day = date(2026, 11, 22)
    result = build_dossier(cf.case, cf.sources, tmp_path / "d.zip", today=day,
                           target="mediator", letters=[letter("Saisine")])
    with zipfile.ZipFile(result.path) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    assert stamps == {(2026, 11, 22, 12, 0, 0)}
    # made today: the moment it is made, to the zip's two seconds
    now = datetime(2026, 12, 3, 4, 59, 17)
    assert member_date_time(now.date(), now) == (2026, 12, 3, 4, 59, 16)
    assert member_date_time(date(1975, 1, 1), now) == (1980, 1, 1, 0, 0, 0)


@pytest.mark.parametrize("text, expected", [
    ("Dossier médiateur - Boulangerie <b>Martin</b> & Fils 🥖 - 2026-12-03",
     "Dossier médiateur - Boulangerie _b_Martin__b_ & Fils - 2026-12-03"),
    ("Famille 👨\u200d👩\u200d👧 Noël ✉️ Œuvre", "Famille Noël Œuvre"),
    ("👍🏽", "fichier"),
    ("𝐀 Café n° 3 №4 ©", "𝐀 Café n° 3 №4 ©"),  # letters beyond the basic plane, « ° »
])
def test_names_sent_as_attachments_have_no_emoji(text: str, expected: str) -> None:
    """« …Fils 🥖 - 2026-12-03.zip » passes badly in some mail clients and older Windows."""
    from dispute.filenames import safe_filename

    assert safe_filename(text, max_length=110, pictographs=False) == expected
    assert "🥖" in safe_filename("Fils 🥖")  # kept by default (exhibits keep their names)


# --------------------------------------------------------------------------------------------
# 31: the README wrote « python run.py », which Debian and Ubuntu do not have


def test_readme_commands_run_on_debian_and_windows() -> None:
    """Every command the README gives is « python3 run.py … » (Linux, macOS) or « py run.py
    … » (Windows): a bare « python » is absent from Debian and Ubuntu by default."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"(?<![\w/])python run\.py", readme)
    assert "python3 run.py test" in readme and "py run.py" in readme
    assert "python-is-python3" in readme  # says why, once


# --------------------------------------------------------------------------------------------
# 32: the Médiateur des entreprises fiche's « Objet du litige »


def test_business_mediator_fiche_object_reads_as_a_form_field() -> None:
    """« Objet du litige : Litige avec un opérateur de communications électroniques :
    l'écrasement de la ligne, reprise par erreur lors de la commande d'un autre client et une
    facturation erronée. » (an article, then another, a clause in the middle); the operator's
    address row did not say it wants the registered office."""
    from dispute.model import DisputeNature

    case = _case("ecrasement-ligne-commerce")
    case.natures = [DisputeNature.LINE_OVERWRITTEN, DisputeNature.BILLING]
    today = date(2026, 12, 3)
    composed = compose_letter(LetterKind.BUSINESS_MEDIATOR, case, assess(case, today),
                              LetterSettings(), today)
    table = next(b for b in composed.letter.body if hasattr(b, "rows"))
    values = {k: re.sub(r"[\u00a0\u202f]", " ", v) for k, v in table.rows}
    assert values["Objet du litige"] == ("Litige avec un opérateur de communications "
                                         "électroniques : écrasement de ligne et facturation "
                                         "erronée.")
    assert "Adresse de l'opérateur (siège social)" in values


# --------------------------------------------------------------------------------------------
# 29: « status » printed rule identifiers and « (seeds/001) »


def test_status_command_speaks_french_without_internal_references(capsys) -> None:
    """« règle « mediator_after_service_clients_silence » » and « (seeds/001) »."""
    import main

    code = main.main(["status", str(ROOT / "examples" / "panne-fibre-particulier"),
                      "--today", "2026-07-01"])
    out = capsys.readouterr().out
    assert code == 0 and "Pourquoi :" in out
    assert not SEED.search(out), SEED.search(out)
    assert not re.search(r"règle « [a-z_]+ »", out)
    assert "fiche du service public sur le médiateur" in out.lower()


# --------------------------------------------------------------------------------------------
# 12: a joined invoice recognised only when its number is in its title


def _with_invoices(*lines, exhibits=()):
    from decimal import Decimal

    from dispute.model import Exhibit, InvoiceLine

    case = _case("ecrasement-ligne-commerce")
    case.invoice_lines = [InvoiceLine(invoice_number=n, invoice_date=d, label="Forfait",
                                      amount_billed=Decimal("39.99"),
                                      amount_disputed=Decimal("39.99")) for n, d in lines]
    top = max((x.number for x in case.exhibits), default=0)
    for i, (title, kind, day) in enumerate(exhibits, start=1):
        case.exhibits.append(Exhibit(number=top + i, title=title, kind=kind, date=day,
                                     original_name=f"piece-{i}.pdf"))
    return case, top


def test_a_joined_invoice_is_recognised_without_its_number_in_the_title() -> None:
    """The invoice FAC-2026-10-778 joined as « Facture SFR du 1er octobre 2026 » (typed
    « Facture »): the CPME request printed « n° FAC-2026-10-778 ([à joindre]) », warned
    « contestée mais absente des pièces », and the bordereau sent to the CPME listed it
    among « Pièces attendues, absentes du dossier » under that very exhibit."""
    from dispute.exhibit_roles import invoice_exhibits
    from dispute.model import ExhibitKind
    from documents.mediator_checklist import missing_exhibits

    case, top = _with_invoices(("FAC-2026-10-778", date(2026, 10, 1)), exhibits=[
        ("Facture SFR du 1er octobre 2026", ExhibitKind.INVOICE, date(2026, 10, 2))])
    assert invoice_exhibits(case) == {"FAC-2026-10-778": (top + 1,)}
    assert not any("FAC-2026-10-778" in m for m in missing_exhibits(case))
    today = date(2026, 12, 3)
    composed = compose_letter(LetterKind.CPME, case, assess(case, today), LetterSettings(),
                              today)
    text = re.sub(r"[\u00a0\u202f]", " ", _docx_text(composed_docx_bytes(composed)[0]))
    assert f"n° FAC-2026-10-778 (pièce n° {top + 1})" in text
    assert not any("FAC-2026-10-778" in w for w in composed.warnings)


def test_invoices_are_linked_by_date_and_never_guessed_between_several() -> None:
    from dispute.exhibit_roles import UNLINKED_INVOICE, invoice_exhibits
    from dispute.model import ExhibitKind

    # two invoices, two typed invoice exhibits: the dates decide
    case, top = _with_invoices(("A-1", date(2026, 9, 1)), ("B-2", date(2026, 10, 1)),
                               exhibits=[("Facture d'octobre", ExhibitKind.INVOICE,
                                          date(2026, 10, 1)),
                                         ("Facture de septembre", ExhibitKind.INVOICE,
                                          date(2026, 9, 1))])
    assert invoice_exhibits(case) == {"A-1": (top + 2,), "B-2": (top + 1,)}
    # two invoices, two undated invoice exhibits: nothing is guessed
    case, top = _with_invoices(("A-1", date(2026, 9, 1)), ("B-2", date(2026, 10, 1)),
                               exhibits=[("Facture", ExhibitKind.INVOICE, None),
                                         ("Facture", ExhibitKind.INVOICE, None)])
    assert invoice_exhibits(case) == {"A-1": (), "B-2": ()}
    # an exhibit of another kind is never an invoice, whatever its title says
    case, top = _with_invoices(("A-1", date(2026, 9, 1)), exhibits=[
        ("Réclamation sur la facture", ExhibitKind.COMPLAINT, date(2026, 9, 1))])
    assert invoice_exhibits(case) == {"A-1": ()}
    # one exhibit naming its number, one left for the other invoice
    case, top = _with_invoices(("A-1", None), ("B-2", None), exhibits=[
        ("Facture A-1", ExhibitKind.INVOICE, None), ("Facture", ExhibitKind.OTHER, None)])
    assert invoice_exhibits(case) == {"A-1": (top + 1,), "B-2": (top + 2,)}
    # what the user is told when none is linked: how to link it
    message = UNLINKED_INVOICE.format(number="B-2")
    assert "type « Facture »" in message and "« B-2 » dans son titre" in message
