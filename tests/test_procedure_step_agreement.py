"""The advice and the letters agree (desk5): the CPME step is made from the CPME request's
decision, and a date on a weekend or a holiday says what it changes (nothing, and why)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from dispute.case_list import list_summary, listed_steps, week_agenda
from dispute.model import HandlingStructure
from dispute.procedure import DeadlineKind, LetterState, assess
from dispute.procedure.engine import assess_for_list
from dispute.procedure.non_working import not_moved_text
from dispute.rules import default_rules

sys.path.insert(0, str(Path(__file__).resolve().parent))
from procedure_builders import answer, deadline, email, make_case, step, step_ids  # noqa: E402

TODAY = date(2026, 2, 1)


def failed_business_case():
    case = make_case(email(date(2026, 1, 10)), answer(date(2026, 1, 20)), business=True)
    case.handling_structure = HandlingStructure(name="CPME du Calvados")
    return case


@pytest.mark.parametrize(
    ("change", "waits"),
    [
        (lambda c: setattr(c.contract, "contract_number", ""),
         "après avoir complété les éléments demandés par la CPME"),
        (lambda c: setattr(c, "handling_structure", None),
         "après l'indication, dans le dossier, de la structure qui suit l'entreprise"),
    ],
)
def test_the_cpme_step_waits_for_what_the_cpme_letter_waits_for(change, waits):
    case = failed_business_case()
    change(case)
    a = assess(case, TODAY)
    letter = a.letter("demande_cpme")
    assert letter.state is LetterState.PREMATURE and letter.waits_for == waits
    seize = step(a, "seize_cpme")
    # before: « dès maintenant » (earliest 20 January, nothing waited for) while the letter
    # was « Prématuré — après avoir complété… »
    assert seize.waits_for == letter.waits_for
    assert seize.letter_kinds == ()


def test_a_complete_case_seizes_the_cpme_now_with_its_letter():
    a = assess(failed_business_case(), TODAY)
    seize = step(a, "seize_cpme")
    assert a.letter("demande_cpme").state is LetterState.POSSIBLE
    assert seize.waits_for == "" and seize.earliest == date(2026, 1, 20)
    assert seize.letter_kinds == ("demande_cpme",)


def test_a_cpme_step_not_yet_due_starts_when_the_letter_becomes_possible():
    case = make_case(email(date(2026, 1, 10)), business=True)
    case.handling_structure = HandlingStructure(name="CPME du Calvados")
    a = assess(case, date(2026, 1, 20))
    letter = a.letter("demande_cpme")
    assert letter.state is LetterState.PREMATURE and letter.possible_from is not None
    seize = step(a, "seize_cpme")
    assert seize.earliest == letter.possible_from and seize.waits_for == ""


def test_no_cpme_step_once_the_cpme_letter_does_not_apply():
    case = failed_business_case()
    case.operator.name, case.operator.directory_id = "Free", "free"
    a = assess(case, TODAY)
    assert a.letter("demande_cpme").state is LetterState.NOT_APPLICABLE
    assert "seize_cpme" not in step_ids(a)


def test_the_list_path_and_the_week_agree_with_the_case_view():
    case = failed_business_case()
    case.contract.contract_number = ""
    full = step(assess(case, TODAY), "seize_cpme")
    listed = [s for s in assess_for_list(case, TODAY).next_steps if s.id == "seize_cpme"]
    assert listed and listed[0].waits_for == full.waits_for
    summary = list_summary(case, TODAY)
    [cpme] = [s for s in listed_steps(summary) if s.id == "seize_cpme"]
    assert cpme.waits_for == full.waits_for and not cpme.possible_on(TODAY)

    class Row:
        id, subscriber_name, problem, extra = "c1", "Boulangerie", None, summary

    labels = [i.label for i in week_agenda([Row()], TODAY).items if i.group == 2]
    assert not any("CPME" in label for label in labels)  # not « possible dès maintenant »


# --- a date on a weekend or a holiday: what it changes ---------------------------------------


def test_a_saturday_answer_date_says_it_is_not_moved_and_why():
    # LRAR received Thursday 10 September 2026: the answer is due Saturday 10 October
    from procedure_builders import lrar

    a = assess(make_case(lrar(date(2026, 9, 8), received=date(2026, 9, 10))),
               date(2026, 9, 20))
    d = deadline(a, "service_clients_answer")
    assert d.date == date(2026, 10, 10) and d.warning == "Le 10 octobre 2026 tombe un samedi."
    assert d.not_moved.startswith(
        "L'application ne reporte pas cette date au lundi 12 octobre 2026 : ni la règle "
        "appliquée (« Le service clients dispose d'un mois pour répondre ») ni sa source "
        "(Fiche du service public sur le médiateur (seeds/001)) ne prévoient de report")
    assert "Par prudence" not in d.not_moved  # the operator's delay, not the subscriber's


def test_a_working_day_says_nothing():
    from procedure_builders import lrar

    a = assess(make_case(lrar(date(2026, 9, 8), received=date(2026, 9, 9))), date(2026, 9, 20))
    d = deadline(a, "service_clients_answer")
    assert d.date == date(2026, 10, 9) and d.warning is None and d.not_moved == ""


@pytest.mark.parametrize(
    ("day", "later", "earlier"),
    [
        (date(2026, 12, 25), "lundi 28 décembre 2026", "jeudi 24 décembre 2026"),  # Friday
        (date(2027, 5, 1), "lundi 3 mai 2027", "vendredi 30 avril 2027"),  # Saturday + holiday
        (date(2026, 11, 1), "lundi 2 novembre 2026", "vendredi 30 octobre 2026"),  # Sunday
        (date(2028, 2, 29), None, None),  # a Tuesday of a leap year: a working day
        (date(2026, 5, 14), "vendredi 15 mai 2026", "mercredi 13 mai 2026"),  # Ascension
    ],
)
def test_a_limit_names_the_last_working_day_before_it(day, later, earlier):
    rule = default_rules()["mediator_one_year_limit"]
    text = not_moved_text(day, DeadlineKind.LIMIT, rule)
    if later is None:
        assert text == ""
        return
    assert f"au {later} :" in text
    assert text.endswith(f"Par prudence, agissez au plus tard le {earlier}.")
    assert "Code de la consommation, article L.612-2, 4°" in text


def test_alsace_moselle_holidays_count():
    rule = default_rules()["service_clients_answer_delay"]
    good_friday = date(2027, 3, 26)  # then Easter Monday: Tuesday 30 March
    assert not_moved_text(good_friday, DeadlineKind.EXPECTED, rule) == ""
    assert "mardi 30 mars 2027" in not_moved_text(good_friday, DeadlineKind.EXPECTED, rule,
                                                   "57")


def test_the_calendar_says_the_date_is_not_moved():
    from icalendar import Calendar

    from documents.calendar_ics import case_calendar_bytes
    from procedure_builders import lrar

    case = make_case(lrar(date(2026, 9, 8), received=date(2026, 9, 10)))
    events = list(Calendar.from_ical(case_calendar_bytes(case, date(2026, 9, 20)))
                  .walk("VEVENT"))
    description = next(str(e["DESCRIPTION"]) for e in events
                       if "10 octobre 2026 tombe un samedi" in str(e["DESCRIPTION"]))
    assert "ne reporte pas cette date au lundi 12 octobre 2026" in " ".join(description.split())
    assert "seeds/" not in description
