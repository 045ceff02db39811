"""Review 6 (/work/coord/review6-letters.md), points N1 and N5: after a mise en demeure.

N1 a) The decision recorded after a mise en demeure named the step it announced from
« particulier / médiateur barré / entreprise » only: after the mediator's opinion (p4-med-sent)
or the Médiateur des entreprises' failure (b4-med-sent) the letter announces « la juridiction
compétente » while the decision said « le Médiateur des communications électroniques » / « le
Médiateur des entreprises ou la CPME ». One function (``notice_terms.announced_step``) now
decides the step for the letter and for the decisions.

N1 b) While the notice's own delay runs (the letter gives 15 days from its receipt, a choice of
the sender: letter settings; rule ``formal_notice_own_delay``) it is not « restée sans effet »:
the decision says until when, and the requête is premature until then, unless a prescription
is near (then warned, still possible). The end is never moved to a working day (the app's rule
for every date, docs/procedure.md « Dates »): said next to it, as for the other dates.

N5 « non une nouvelle réclamation, qui la réduirait à une simple réclamation » said it twice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dispute.model import AnswerOutcome, Counterpart
from dispute.procedure import assess
from dispute.procedure.results import Basis
from dispute.rules import default_rules
from procedure_builders import SC, SCONS, answer, lrar, make_case, saisine
from tests.test_review5_procedure import (
    TODAY,
    _composed,
    _line_paid,
    b1_med_sent,
    notice,
    p1_med_sent,
    p4_med_sent,
)

OTHER = Counterpart.OPERATOR_OTHER
BM = Counterpart.BUSINESS_MEDIATOR
NBSP = "\u00a0"


def b4_med_sent(received: date | None = date(2026, 10, 22)):
    """Review 5's b4-med-sent, the part that matters: a business; the service clients
    answered (unsatisfactory), the CPME seized on 2 July, the Médiateur des entreprises on
    20 July, its failure on 5 October, then a mise en demeure of 20 October."""
    return make_case(
        lrar(date(2026, 5, 18), SC, received=date(2026, 5, 21)),
        answer(date(2026, 6, 22), frm=SC),
        saisine(date(2026, 7, 2), Counterpart.CPME),
        saisine(date(2026, 7, 20), BM),
        answer(date(2026, 10, 5), frm=BM),
        notice(date(2026, 10, 20), to=OTHER, received=received), business=True)


def _without_notice(case):
    return replace(case, events=[e for e in case.events
                                 if not e.summary.startswith("Mise en demeure")])


def _letter_on_notice_day(case, day):
    """The mise en demeure as the app composed it on the day it was sent."""
    from documents.letters import LetterKind

    composed, text = _composed(LetterKind.FORMAL_NOTICE, _without_notice(case), day)
    return " ".join(text.split())


# --- N1 a) the step the letter wrote ---------------------------------------------------------

def test_p4_after_the_opinion_the_notice_announced_the_court():
    letter = _letter_on_notice_day(p4_med_sent(), date(2026, 10, 20))
    assert "À défaut, je saisirai sans autre avis la juridiction compétente" in letter, letter
    reason = assess(p4_med_sent(), TODAY).letter("mise_en_demeure").reason
    assert "elle appelle l'étape qu'elle annonçait (la juridiction compétente)" in reason, reason
    assert "Médiateur des communications électroniques" not in reason


def test_b4_after_the_business_mediator_s_failure_the_notice_announced_the_court():
    letter = _letter_on_notice_day(b4_med_sent(), date(2026, 10, 20))
    assert "À défaut, nous saisirons sans autre avis la juridiction compétente" in letter, letter
    reason = assess(b4_med_sent(), TODAY).letter("mise_en_demeure").reason
    assert "elle appelle l'étape qu'elle annonçait (la juridiction compétente)" in reason, reason
    assert "Médiateur des entreprises" not in reason and "CPME" not in reason


def test_p1_and_b1_still_announce_the_free_routes():
    letter = _letter_on_notice_day(p1_med_sent(), date(2026, 10, 1))
    assert ("À défaut, je saisirai sans autre avis le Médiateur des communications "
            "électroniques") in letter, letter
    reason = assess(p1_med_sent(), TODAY).letter("mise_en_demeure").reason
    assert "(le Médiateur des communications électroniques)" in reason, reason
    letter = _letter_on_notice_day(b1_med_sent(), date(2026, 9, 1))
    assert ("nous saisirons le Médiateur des entreprises ou solliciterons l'intervention de la "
            "CPME") in letter, letter
    reason = assess(b1_med_sent(), TODAY).letter("reclamation_service_clients").reason
    assert "(le Médiateur des entreprises ou la CPME, puis le cas échéant la juridiction " \
        "compétente)" in reason, reason


def test_a_step_taken_after_the_notice_is_named_not_announced_again():
    # p1: the mediator seized after the notice, as announced: the notice is followed by it
    case = p1_med_sent(saisine(date(2026, 10, 25)))
    reason = assess(case, TODAY).letter("mise_en_demeure").reason
    assert "elle a été suivie de l'étape suivante (" in reason, reason
    assert "annonçait" not in reason
    # p4: the mediator seized before the notice, a conciliateur after it: the latter is named
    reason = assess(replace(p4_med_sent(), events=p4_med_sent().events + [
        saisine(date(2026, 11, 10), Counterpart.CONCILIATEUR)]), TODAY).letter(
        "mise_en_demeure").reason
    assert "suivie de l'étape suivante (" in reason and "onciliat" in reason, reason


# --- N1 b) its own delay ----------------------------------------------------------------------

def test_p1_while_the_delay_runs_it_is_not_said_without_effect():
    # received on 3 October: 15 days to Sunday 18 October, not moved (docs « Dates »)
    a = assess(p1_med_sent(), date(2026, 10, 10))
    reason = a.letter("mise_en_demeure").reason
    assert reason.startswith(
        f"Mise en demeure envoyée le 1er octobre 2026, reçue le 3 octobre 2026 : son délai de "
        f"15{NBSP}jours court jusqu'au 18 octobre 2026 (délai de la lettre, choix de "
        "l'expéditeur). Attendez-en l'échéance ; restée sans effet, elle appellera l'étape "
        "qu'elle annonçait (le Médiateur des communications électroniques)."), reason
    assert "ne reporte pas cette date au lundi 19 octobre 2026" in reason
    assert "restée sans effet dans le délai" not in reason
    relance = a.letter("relance_operateur").reason
    assert f"(15{NBSP}jours, jusqu'au 18 octobre 2026) : attendez-en l'échéance ; restée sans " \
        "effet, elle appellera" in relance, relance
    # the day after its end: without effect
    after = assess(p1_med_sent(), date(2026, 10, 19)).letter("mise_en_demeure").reason
    assert (f"restée sans effet dans le délai qu'elle fixait (15{NBSP}jours, jusqu'au "
            "18 octobre 2026), elle appelle l'étape") in after, after


def test_p4_the_requete_is_premature_until_the_notice_ends():
    # received on 22 October: 15 days to Friday 6 November
    on_25 = assess(p4_med_sent(), date(2026, 10, 25))
    requete = on_25.letter("requete_tribunal")
    assert requete.state.value == "premature", requete.reason
    assert requete.possible_from == date(2026, 11, 7)
    assert "jusqu'au 6 novembre 2026" in requete.reason
    assert requete.basis.rule.id == "formal_notice_own_delay"
    assert on_25.letter("mise_en_demeure").reason.endswith(
        "elle appellera l'étape qu'elle annonçait (la juridiction compétente).")
    assert assess(p4_med_sent(), date(2026, 11, 6)).letter("requete_tribunal").state.value \
        == "premature"
    assert assess(p4_med_sent(), date(2026, 11, 7)).letter("requete_tribunal").state.value \
        == "possible"


def test_b4_the_commerce_court_waits_too():
    a = assess(b4_med_sent(), date(2026, 10, 25))
    court = a.letter("requete_tribunal")
    assert court.state.value == "premature", court.reason
    assert court.possible_from == date(2026, 11, 7)


def test_receipt_unknown_counts_from_the_posting_and_says_so():
    case = p4_med_sent()
    case.events[-1] = notice(date(2026, 10, 20))
    a = assess(case, date(2026, 10, 25))
    reason = a.letter("mise_en_demeure").reason
    assert ("date de réception non renseignée : son délai de 15\u00a0jours court de sa "
            "réception, donc au moins jusqu'au 4 novembre 2026") in reason, reason
    requete = a.letter("requete_tribunal")
    assert requete.state.value == "premature" and requete.possible_from == date(2026, 11, 5)
    assert "compté de l'envoi" in requete.reason


def test_an_end_on_a_holiday_is_not_moved():
    # received on 27 October: the 15th day is Wednesday 11 November (Armistice)
    case = p4_med_sent()
    case.events[-1] = notice(date(2026, 10, 26), received=date(2026, 10, 27))
    a = assess(case, date(2026, 11, 2))
    reason = a.letter("mise_en_demeure").reason
    assert "jusqu'au 11 novembre 2026" in reason
    assert "ne reporte pas cette date au jeudi 12 novembre 2026" in reason, reason
    assert a.letter("requete_tribunal").possible_from == date(2026, 11, 12)


@pytest.mark.parametrize("received, end", [
    (date(2026, 12, 31), date(2027, 1, 15)),   # year end
    (date(2027, 1, 31), date(2027, 2, 15)),    # month end
    (date(2027, 2, 20), date(2027, 3, 7)),     # February of a common year
    (date(2028, 2, 20), date(2028, 3, 6)),     # leap year: 29 February counts
    (date(2028, 2, 29), date(2028, 3, 15)),    # received on the leap day
])
def test_the_delay_counts_days_from_the_receipt(received, end):
    from dispute.procedure.notice_terms import notice_delay

    rule = default_rules()["formal_notice_own_delay"]
    delay = notice_delay(notice(date(2026, 12, 1), received=received),
                         lambda e, start: Basis(rule), rule.delay.value)
    assert delay.ends_on == end and delay.received_known
    assert delay.runs_on(end) and not delay.runs_on(date.fromordinal(end.toordinal() + 1))


def test_a_satisfactory_answer_ends_the_notice():
    case = p4_med_sent()
    case.events.append(answer(date(2026, 10, 28), AnswerOutcome.SATISFACTORY, frm=SCONS))
    a = assess(case, date(2026, 10, 30))
    reason = a.letter("mise_en_demeure").reason
    assert "court jusqu'au" not in reason and "sans effet" not in reason, reason
    assert "mise en demeure" not in a.letter("requete_tribunal").reason


def test_prescription_near_keeps_the_requete_possible_with_a_warning():
    # the mediator barred (first written complaint over a year ago), a conciliateur seized
    # in June (the amicable attempt), a line paid on 1 December 2025: prescription near on
    # 20 November 2026, while the notice runs to 27 November
    def case_paid(paid: date):
        case = make_case(lrar(date(2025, 10, 1), SC, received=date(2025, 10, 3)),
                         answer(date(2025, 10, 20), frm=SC),
                         saisine(date(2026, 6, 1), Counterpart.CONCILIATEUR),
                         notice(date(2026, 11, 10), to=SC, received=date(2026, 11, 12)))
        case.invoice_lines.append(_line_paid(paid))
        return case

    case = case_paid(date(2025, 12, 1))
    a = assess(case, date(2026, 11, 20))
    before = assess(_without_notice(case), date(2026, 11, 20)).letter("requete_tribunal")
    requete = a.letter("requete_tribunal")
    assert before.state.value == "possible", before.reason
    assert requete.state.value == "possible", requete.reason
    assert ("La mise en demeure du 10 novembre 2026 court jusqu'au 27 novembre 2026 ; la "
            "prescription approchant, n'attendez pas son échéance pour agir") in requete.warning
    assert "(la juridiction compétente)" in a.letter("mise_en_demeure").reason
    # the same case with no prescription near: premature until the notice's end
    far = assess(case_paid(date(2026, 6, 1)), date(2026, 11, 20)).letter("requete_tribunal")
    assert far.state.value == "premature" and far.possible_from == date(2026, 11, 28), far


def test_the_rule_is_the_letter_settings_default_and_shows_its_source():
    from dispute.procedure.notice_terms import DEFAULT_FORMAL_NOTICE_DAYS
    from documents.letter_settings import DEFAULT_FORMAL_NOTICE_DAYS as LETTER_DEFAULT

    rule = default_rules()["formal_notice_own_delay"]
    assert rule.delay.value == DEFAULT_FORMAL_NOTICE_DAYS == LETTER_DEFAULT == 15
    assert "choix de l'expéditeur" in rule.source_label.lower()
    assert not rule.verified and "règle non vérifiée" in rule.source  # an app reading


# --- N5 ---------------------------------------------------------------------------------------

def test_n5_no_tautology():
    a = assess(b1_med_sent(), TODAY)
    for kind in ("reclamation_service_clients", "contestation_facturation",
                 "relance_operateur"):
        reason = a.letter(kind).reason
        assert "réduirait à une simple réclamation" not in reason, reason
    assert "non une nouvelle réclamation, qui lui ôterait son sérieux." in \
        a.letter("reclamation_service_clients").reason


def test_the_announced_free_route_is_warned_while_the_notice_runs():
    # possible (a free route), but after the notice's end: a warning, not a premature state
    wait = "attendez-en l'échéance ; cette démarche est celle qu'elle annonce"
    a = assess(p1_med_sent(), date(2026, 10, 10))
    mediator = a.letter("saisine_mediateur")
    assert mediator.state.value == "possible" and wait in mediator.warning, mediator
    assert "court jusqu'au 18 octobre 2026" in mediator.warning
    assert not assess(p1_med_sent(), date(2026, 10, 19)).letter("saisine_mediateur").warning
    b = assess(b1_med_sent(), date(2026, 9, 10))
    for kind in ("saisine_mediateur_entreprises", "demande_cpme"):
        assert wait in b.letter(kind).warning, b.letter(kind)


def test_the_composed_notice_s_stamp_says_the_delay_runs():
    from documents.letters import LetterKind

    composed, text = _composed(LetterKind.FORMAL_NOTICE, p4_med_sent(), date(2026, 10, 25))
    said = " ".join(" ".join(composed.warnings).split())
    assert "court jusqu'au 6 novembre 2026" in said, said
    assert "restée sans effet dans le délai" not in said
    assert "(la juridiction compétente)" in said


LETTER_WORDS = {
    "mediator_parallel": ("arallèlement le Médiateur des communications électroniques",),
    "mediator": ("saisirai sans autre avis le Médiateur des communications électroniques",
                 "saisirai le Médiateur des communications électroniques",
                 "saisirons sans autre avis le Médiateur des communications électroniques",
                 "saisirons le Médiateur des communications électroniques"),
    "business_mediator_or_cpme": ("Médiateur des entreprises ou sollicit",),
    "business_mediator": ("saisirons le Médiateur des entreprises puis",
                          "saisirai le Médiateur des entreprises puis"),
    "cpme": ("nous solliciterons l'intervention", "je solliciterai l'intervention"),
    "court": ("sans autre avis la juridiction compétente",),
}
"""How the letter words each announced step (``formal_notice.compose``)."""


def test_the_letter_and_the_decision_name_the_same_step_over_the_matrix():
    # every case of the letters' matrix, on five dates: the notice composed that day, then
    # recorded as sent (received two days later); the decision three days later names the
    # step the letter wrote
    from datetime import timedelta

    from dispute.procedure.notice_terms import STEP_WORDS, Announced
    from documents.letters import LetterKind
    from tests.letter_matrix import matrix

    seen = set()
    for name, case in matrix():
        for day in (date(2026, 4, 20), date(2026, 6, 1), date(2026, 9, 15), date(2026, 12, 1),
                    date(2027, 3, 1)):
            _, text = _composed(LetterKind.FORMAL_NOTICE, case, day)
            text = " ".join(text.split())
            wrote = [s for s in Announced if any(w in text for w in LETTER_WORDS[s.value])]
            to = OTHER if case.is_business else SCONS
            sent = replace(case, events=case.events + [
                notice(day, to=to, received=day + timedelta(days=2))])
            reason = assess(sent, day + timedelta(days=3)).letter("mise_en_demeure").reason
            said = [s for s in Announced if f"({STEP_WORDS[s]})" in reason]
            assert len(said) == 1 and said[0] in wrote, (name, day, said, wrote, reason)
            seen.add(said[0])
    assert len(seen) >= 4, seen  # the matrix reaches the mediator, in parallel, ME, ME or CPME


def test_the_requete_s_stamp_reads_once():
    from documents.letters import LetterKind

    composed, text = _composed(LetterKind.COURT_REQUEST, p4_med_sent(), date(2026, 10, 25))
    flat = " ".join(text.split())
    assert ("PROJET — NE PAS ENVOYER AVANT LE 7 novembre 2026. Ce courrier est prématuré : la "
            "mise en demeure du 20 octobre 2026 laisse à l'opérateur 15 jours, jusqu'au "
            "6 novembre 2026 : saisir le juge avant cette échéance lui ôterait son sérieux ; "
            "possible à partir du 7 novembre 2026, si elle reste sans effet.") in \
        flat.replace(NBSP, " "), flat[:600]
