"""The practitioner's review of the route explanations (« Pourquoi ? », `status`):
/work/coord/review-letters.md, section 18. Each test quotes the text the reviewer refused."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

from dispute.model import (
    AnswerOutcome,
    BusinessForm,
    Case,
    Civility,
    Contract,
    Counterpart,
    Direction,
    Event,
    EventKind,
    InvoiceLine,
    InvoiceReason,
    Line,
    LineKind,
    PostalAddress,
    RegisteredMail,
    Subscriber,
    SubscriberKind,
)
from dispute.procedure import assess, format_assessment_text
from tests.letter_matrix import _example

DAY = date(2026, 11, 22)


def past_one_year() -> Case:
    """Review case G: first written complaint on 1 September 2025, the mediator never seized;
    the December 2025 line is prescribed on 20 December 2026."""
    case = Case(subscriber=Subscriber(kind=SubscriberKind.PRIVATE, name="Jean Morel",
                                      address=PostalAddress(["1 rue Basse"], "72000", "Le Mans"),
                                      civility=Civility.MR),
                lines=[Line("02 43 00 00 04", LineKind.FIXED, "")],
                contract=Contract("", "444", "Ligne fixe", date(2020, 1, 1), Decimal("20.00")))
    case.operator.name = "Bouygues Télécom"
    case.operator.directory_id = "bouygues"
    case.invoice_lines = [InvoiceLine(
        invoice_number=f"L-{m:02}", invoice_date=date(2025, m, 5), label=f"Abonnement {m:02}",
        amount_billed=Decimal("20.00"), amount_disputed=Decimal("20.00"),
        reason=InvoiceReason.AFTER_TERMINATION, paid_on=date(2025, m, 20),
        due_date=date(2025, m, 20)) for m in range(7, 13)]

    def lrar(d: date, to: Counterpart) -> Event:
        return Event(kind=EventKind.REGISTERED_LETTER, date=d, counterpart=to, written=True,
                     registered=RegisteredMail(tracking_number="1A", posted_on=d,
                                               received_on=date(d.year, d.month, d.day + 2)))

    case.events = [lrar(date(2025, 9, 1), Counterpart.SERVICE_CLIENTS),
                   lrar(date(2025, 10, 15), Counterpart.SERVICE_CONSOMMATEURS),
                   Event(kind=EventKind.ANSWER, date=date(2025, 11, 10),
                         counterpart=Counterpart.SERVICE_CONSOMMATEURS, written=True,
                         direction=Direction.INCOMING, outcome=AnswerOutcome.UNSATISFACTORY)]
    return case


def test_closed_mediator_is_not_offered_as_what_stops_the_clock() -> None:
    """18.1: G, 22/11/2026, mediator closed since 1 September 2026: « agir avant le 20 décembre
    2026, dans 28 jours (L.34-2) : seule une action en justice, ou la saisine du médiateur qui
    le suspend, arrête ce délai. »"""
    a = assess(past_one_year(), DAY)
    december = next(f for f in a.invoice_flags if f.invoice_number == "L-12")
    assert "saisine du médiateur" not in december.message
    assert "première réunion" in december.message
    assert "conciliation" in december.message
    assert "saisine directe du juge" in december.message
    codes = [c.code for c in december.clock]
    assert "mediator_saisine" not in codes
    assert "conciliation" in codes
    text = format_assessment_text(a)
    assert "La suspension dès la saisine du Médiateur des communications" not in text


def test_open_mediator_still_suspends() -> None:
    """18.1, the other side: while the mediator can be seized, its saisine is what suspends."""
    case = past_one_year()
    a = assess(case, date(2026, 6, 1))  # within the year of the 1 September 2025 complaint
    codes = [c.code for c in a.invoice_flags[-1].clock]
    assert "mediator_saisine" in codes and "conciliation" in codes


def test_business_is_told_the_cpme_does_not_suspend() -> None:
    """18.2: « Ce qui arrête le délai » cites the Médiateur des entreprises but not the CPME,
    the route offered first."""
    a = assess(_example("facturation-entreprise-cpme"), DAY)
    cpme = next(c for c in a.invoice_flags[0].clock if c.code == "cpme_request")
    assert cpme.effect.value == "does_not_stop"
    assert "n'est pas une médiation" in cpme.text
    assert "CPME" in format_assessment_text(a).split("Ce qui arrête le délai")[1]


def test_association_and_the_business_mediator_is_to_check() -> None:
    """18.3 (12.3): C (association): « Médiateur des entreprises : ouvert » without reserve; the
    opening to associations rests on a C source."""
    case = copy.deepcopy(_example("facturation-entreprise-cpme"))
    case.subscriber.business_form = BusinessForm.ASSOCIATION
    a = assess(case, DAY)
    notes = [n for n in a.business_mediator.notes if n.code == "association_to_check"]
    assert notes and "à vérifier" in notes[0].message
    assert "associations employeuses" in notes[0].message
    company = assess(_example("facturation-entreprise-cpme"), DAY)
    assert not any(n.code == "association_to_check" for n in company.business_mediator.notes)


def test_last_day_is_said_au_plus_tard() -> None:
    """18.4: « agir avant le 20 décembre 2026 » for the last day: « avant le 20 » reads « au plus
    tard le 19 »."""
    a = assess(past_one_year(), DAY)
    december = next(f for f in a.invoice_flags if f.invoice_number == "L-12")
    assert "au plus tard le 20 décembre 2026" in december.message
    assert "agir avant le" not in format_assessment_text(a)


def test_unverified_rule_is_not_said_twice() -> None:
    """18.5: « simple repère, non vérifié, non vérifiée »."""
    text = format_assessment_text(assess(past_one_year(), DAY))
    assert "non vérifié, non vérifiée" not in text


def test_two_first_letters_are_one_or_the_other() -> None:
    """18.6: A: « Adresser une réclamation écrite au service clients » and « Écrire au service
    consommateurs … » at once: an alternative, the written complaint first."""
    case = _example("panne-fibre-particulier")
    case.events = [e for e in case.events if e.kind in (EventKind.CALL, EventKind.OUTAGE)]
    for e in case.events:
        e.exhibit_ids = []
    a = assess(case, date(2026, 5, 1))
    ids = [s.id for s in a.next_steps]
    assert "write_service_clients" in ids and "write_service_consommateurs" in ids
    second = next(s for s in a.next_steps if s.id == "write_service_consommateurs")
    assert "L'une ou l'autre" in second.note


def test_business_expected_answer_counts_from_the_written_complaint() -> None:
    """18.7: facturation « Réponse attendue du service clients : 9 mai 2026 » computed from
    the call of 9 April; the prudent reading runs from the first written complaint (the e-mail
    of 14 April)."""
    a = assess(_example("facturation-entreprise-cpme"), DAY)
    due = next(d for d in a.deadlines if d.id == "service_clients_answer")
    assert due.date != date(2026, 5, 9)
    assert due.basis.event is not None and due.basis.event.date != date(2026, 4, 9)


def test_commercial_court_note_mentions_the_experimental_courts() -> None:
    """18.8: the business court: « tribunaux des activités économiques (expérimentation depuis
    2025) : règles non étudiées, à vérifier »."""
    a = assess(_example("facturation-entreprise-cpme"), DAY)
    note = next(n for n in a.court.notes if n.code == "commerce_special_power")
    assert "tribunaux des activités économiques" in note.message.lower()
    assert "à vérifier" in note.message


def test_stage_reason_says_the_answer_was_unsatisfactory() -> None:
    """18.9: « Étape : Service clients contacté » while the service clients answered in writing,
    unsatisfactorily, on 22 June 2026."""
    a = assess(_example("facturation-entreprise-cpme"), DAY)
    assert "réponse insatisfaisante" in a.stage_reason.lower()
    assert "22 juin 2026" in a.stage_reason


def test_the_last_day_is_today_not_in_zero_days() -> None:
    """18.4 (edge case): on the last day the flag read « agir au plus tard le 20 mars 2027,
    dans 0 jour »."""
    a = assess(_example("panne-fibre-particulier"), date(2027, 3, 20))
    march = a.invoice_flags[0]
    assert "dans 0 jour" not in march.message
    assert "au plus tard aujourd'hui, 20 mars 2027" in march.message
    tomorrow = assess(_example("panne-fibre-particulier"), date(2027, 3, 19)).invoice_flags[0]
    assert "dans 1 jour " in tomorrow.message
