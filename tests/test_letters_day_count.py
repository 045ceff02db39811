"""One day-count rule for an outage (docs/letters.md, « Jours sans service »): from day A to
the day B the service came back, B − A + 1 days, in every letter, the chronology, the case
view and the prorata. Before: the nature of the dispute counted 51 days inclusive, the
L.224-42-1 request end minus start (10 days for 1 to 11 June), and the écrasement example's
summary said 23 days next to a prorata of 24/31."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

import pytest

from dispute.model import Civility, DisputeNature, Event, EventKind, TaxBasis
from dispute.outages import first_outage, month_shares, outage_days
from dispute.procedure import assess
from documents.chronology import chronology_report
from documents.content import Table
from documents.letter_settings import LetterSettings
from documents.letters import LetterKind, compose_letter
from documents.text import outage_text, plain
from tests.letter_matrix import _business, _example, _private
from tests.test_letters_practitioner import text_of

DAY = date(2026, 9, 15)


def compose(kind, case, today=DAY):
    return compose_letter(kind, case, assess(case, today), LetterSettings(), today)


def _with_outage(case, start, end):
    case.events = [e for e in case.events if e.kind is not EventKind.OUTAGE]
    case.events.append(Event(kind=EventKind.OUTAGE, date=start, end_date=end))
    return case


# -- the rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end", "days"), [
    (date(2026, 8, 4), date(2026, 8, 4), 1),  # same day: 1, never 0
    (date(2026, 8, 4), date(2026, 8, 27), 24),
    (date(2026, 3, 2), date(2026, 4, 21), 51),
    (date(2026, 1, 31), date(2026, 2, 1), 2),  # month end
    (date(2025, 12, 31), date(2026, 1, 1), 2),  # year end
    (date(2028, 2, 28), date(2028, 3, 1), 3),  # leap year: 29 February counts
    (date(2027, 2, 28), date(2027, 3, 1), 2),
])
def test_both_the_first_day_and_the_day_the_service_came_back_count(start, end, days):
    assert outage_days(start, end) == days
    assert sum(d for d, _ in month_shares(start, end)) == days


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValueError):
        outage_days(date(2026, 8, 5), date(2026, 8, 4))


def test_month_shares_take_each_month_s_own_length():
    assert month_shares(date(2026, 8, 4), date(2026, 8, 27)) == [(24, 31)]
    assert month_shares(date(2028, 2, 28), date(2028, 3, 1)) == [(2, 29), (1, 31)]
    assert month_shares(date(2027, 2, 28), date(2027, 3, 1)) == [(1, 28), (1, 31)]
    assert month_shares(date(2025, 12, 31), date(2026, 1, 1)) == [(1, 31), (1, 31)]


def test_a_running_outage_is_counted_to_today_included():
    case = _with_outage(_private(Civility.MRS, "Claire Fontaine", False),
                        date(2026, 9, 1), None)
    span = first_outage(case, DAY)
    assert not span.restored and span.days == 15  # 1 to 15 September
    assert first_outage(case).days is None  # no day to count to
    # an end after today, or before the start, is not an end
    case.events[-1].end_date = date(2026, 9, 20)
    assert not first_outage(case, DAY).restored and first_outage(case, DAY).days == 15
    case.events[-1].end_date = date(2026, 8, 20)
    assert not first_outage(case, DAY).restored
    # an outage that begins after today is not told
    assert first_outage(case, date(2026, 8, 31)) is None


def test_the_wording_says_the_count():
    case = _with_outage(_private(Civility.MRS, "Claire Fontaine", False),
                        date(2026, 8, 4), date(2026, 8, 4))
    assert plain(outage_text(first_outage(case, DAY))) == "le 4 août 2026 (1 jour)"
    case.events[-1].end_date = date(2026, 8, 27)
    assert plain(outage_text(first_outage(case, DAY))) == "du 4 au 27 août 2026 (24 jours)"
    case.events[-1].end_date = None
    assert plain(outage_text(first_outage(case, DAY))) == "depuis le 4 août 2026"


# -- every document uses it ------------------------------------------------------------------


def test_the_ecrasement_example_says_24_days_everywhere():
    """The example's summary said « (23 jours sans service) », quoted in letters that count
    « du 4 au 27 août 2026 (24 jours) » and a prorata of 24/31."""
    case = _business(_example_form())
    composed = compose(LetterKind.FORMAL_NOTICE, case)
    text = plain(text_of(composed))
    assert "23 jours" not in plain(case.summary) and "23 jours" not in text
    assert "24/31" in text and "souscrite, du 4 au 27 août 2026 (24 jours)." in text
    assert not any("jours sans service" in w for w in composed.warnings)


def _example_form():
    from dispute.model import BusinessForm

    return BusinessForm.SOLE_TRADER


def test_a_summary_that_counts_otherwise_is_warned():
    """The user's own text is quoted in the letters: « 23 jours sans service » next to the
    letter's « (24 jours) » is pointed out, with the rule."""
    case = _business(_example_form())
    case.summary += " Bilan : 23 jours sans service."
    composed = compose(LetterKind.FORMAL_NOTICE, case)
    assert any("« 23 jours sans service »" in w and "24 jours" in w
               and "jour du rétablissement" in w for w in composed.warnings)
    case.summary = case.summary.replace("23 jours", "24 jours")
    composed = compose(LetterKind.FORMAL_NOTICE, case)
    assert not any("jours sans service" in w for w in composed.warnings)


def test_the_l224_42_1_request_counts_the_days_after_the_due_date():
    """An interruption from 1 to 11 June lasted 11 days (both ends, dispute.outages); the
    porting requested on 1 June was due on 2 June (D.406-18): 9 days of delay, 3 to 11 June
    included, 6,60 € × 9 (review2 11.1: the delay is not the interruption)."""
    case = _private(Civility.MRS, "Claire Fontaine", False)
    case.natures = [DisputeNature.PORTABILITY]
    case.portability_requested_on = date(2026, 6, 1)
    _with_outage(case, date(2026, 6, 1), date(2026, 6, 11))
    case.contract.monthly_price, case.contract.price_tax = Decimal("32.99"), TaxBasis.TTC
    text = plain(text_of(compose(LetterKind.PORTABILITY_COMPENSATION, case)))
    assert "soit 9 jours de retard (du 3 au 11 juin 2026 inclus)" in text
    assert "59,40 € (6,60 € × 9 jours)" in text and "11 jours" not in text
    # ported the day after the due date: 1 day, never 0
    case.events[-1].end_date = date(2026, 6, 3)
    text = plain(text_of(compose(LetterKind.PORTABILITY_COMPENSATION, case)))
    assert "soit 1 jour de retard (le 3 juin 2026)" in text and "6,60 € × 1 jour" in text
    # running: up to the letter's day included
    case.events[-1].end_date = None
    text = plain(text_of(compose(LetterKind.PORTABILITY_COMPENSATION, case,
                                 date(2026, 6, 10))))
    assert "soit 8 jours de retard à ce jour (du 3 au 10 juin 2026 inclus)" in text


def test_the_prorata_across_a_leap_february():
    case = _with_outage(_private(Civility.MRS, "Claire Fontaine", False),
                        date(2028, 2, 28), date(2028, 3, 1))
    case.natures = [DisputeNature.OUTAGE]
    case.invoice_lines = []
    case.credits = []
    case.contract.monthly_price, case.contract.price_tax = Decimal("29.00"), TaxBasis.TTC
    text = plain(text_of(compose(LetterKind.FORMAL_NOTICE, case, date(2028, 4, 1))))
    # 29 × 2/29 + 29 × 1/31 = 2,00 + 0,935… = 2,94
    assert "du 28 février au 1er mars 2028 (3 jours)" in text
    assert "soit 2,94 € : 29,00 € × (2/29 + 1/31)" in text


def test_the_formal_notice_and_the_steps_use_the_same_span():
    case = _with_outage(_private(Civility.MRS, "Claire Fontaine", False),
                        date(2026, 8, 4), date(2026, 8, 3))  # end before start: running
    text = plain(text_of(compose(LetterKind.FORMAL_NOTICE, case)))
    assert "prévu au contrat, depuis le 4 août 2026." in text
    case.events[-1].end_date = date(2026, 8, 27)
    text = plain(text_of(compose(LetterKind.FORMAL_NOTICE, case)))
    assert "prévu au contrat, du 4 au 27 août 2026 (24 jours)." in text


def test_the_chronology_step_and_table_say_the_count():
    case = copy.deepcopy(_example("ecrasement-ligne-commerce"))
    report = chronology_report(case, assess(case, DAY), generated_on=DAY, third_party=True)
    cells = [plain(row[0]) for b in report.blocks if isinstance(b, Table) for row in b.rows]
    assert any(c.startswith("04/08/2026\nau 27/08/2026") and "(24 jours)" in c
               for c in cells), cells
    composed = compose(LetterKind.PROCUREUR, _private(Civility.MRS, "Claire Fontaine", False),
                       date(2026, 11, 22))
    assert "Interruption du service jusqu'au 21 avril 2026 (51 jours)" in plain(
        text_of(composed))


def test_the_case_view_says_the_count():
    """The case sheet's « Litige » section: the outage with its dates and days, as the
    letters say it."""
    from gui.case_view.text import natures_text

    case = _private(Civility.MRS, "Claire Fontaine", False)
    assert "Panne ou interruption de service du 2 mars au 21 avril 2026 (51 jours)" in plain(
        natures_text(case, DAY))
    _with_outage(case, date(2026, 9, 1), None)
    assert "depuis le 1er septembre 2026" in plain(natures_text(case, DAY))


def test_the_new_sentences_pass_grammalecte():
    """A single day, a leap February, a running and a finished porting delay, in every
    letter kind: the sentences the day count writes are read by Grammalecte too."""
    from documents.letters import SPECS
    from tests.grammar import check_texts, unavailable_reason
    from tests.test_letters_grammar import _accepted, letter_text

    if unavailable_reason() is not None:
        pytest.skip(unavailable_reason())
    texts = []
    for start, end, today in ((date(2026, 8, 4), date(2026, 8, 4), DAY),
                              (date(2028, 2, 28), date(2028, 3, 1), date(2028, 4, 1)),
                              (date(2026, 6, 1), None, DAY)):
        for natures in ([DisputeNature.OUTAGE], [DisputeNature.PORTABILITY]):
            case = _with_outage(_private(Civility.MRS, "Claire Fontaine", False), start, end)
            case.natures, case.invoice_lines, case.credits = natures, [], []
            for kind in SPECS:
                texts.append(letter_text(compose(kind, case, today).letter))
    errors = [e for found in check_texts(texts) for e in found if not _accepted(e)]
    assert not errors, [(e.found, e.context) for e in errors]
