"""Review 5 (/work/coord/review5-letters.md), the procedure and court-route points.

11. After a mise en demeure (the « Mise en demeure envoyée » stage) the engine offered a
    « relance » that called it « une réclamation » and gave the operator fifteen more days, and
    took the notice for the recourse to the service consommateurs (or for the written complaint
    to the service clients, for a business). A mise en demeure fixes its own delay and says what
    follows (DOMAIN.md « A "mise en demeure" … makes a clear demand with a deadline, and says
    what follows if unmet »): no relance, no réclamation after it; for the mediator it is a
    written complaint to the operator (L.612-2 1°; the mediator's FAQ, A: « après avoir saisi
    par écrit le professionnel »), and the access delays run from it as from any written
    complaint to its service — kept, marked « à vérifier » (rule ``formal_notice_mediator_clock``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dispute.model import AnswerOutcome, Counterpart, Direction, Event, EventKind, RegisteredMail
from dispute.procedure import Stage, assess
from procedure_builders import SC, SCONS, answer, call, lrar, make_case, step_ids

OTHER = Counterpart.OPERATOR_OTHER


def notice(d: date, to: Counterpart = SCONS, received: date | None = None,
           summary: str = "Mise en demeure de rembourser sous 15 jours.") -> Event:
    """As the case window records a posted mise en demeure (``RegisteredLetterDialog``)."""
    return Event(kind=EventKind.REGISTERED_LETTER, date=d, counterpart=to,
                 direction=Direction.OUTGOING, written=True, summary=summary,
                 registered=RegisteredMail(tracking_number="1A 000 000 9999 1", posted_on=d,
                                           first_presented_on=received, received_on=received))


def p1_med_sent(*more: Event):
    """Review 5's p1-med-sent: the service consommateurs answered (unsatisfactory) on 15 June,
    then a mise en demeure to it on 1 October, received on 3 October, left unanswered."""
    return make_case(
        call(date(2026, 3, 3)),
        lrar(date(2026, 3, 16), SC, received=date(2026, 3, 18)),
        lrar(date(2026, 5, 20), SCONS, received=date(2026, 5, 22)),
        answer(date(2026, 6, 15), frm=SCONS),
        notice(date(2026, 10, 1), received=date(2026, 10, 3)), *more)


def b1_med_sent(*more: Event):
    """Review 5's b1-med-sent: a business; the service clients answered (unsatisfactory) on
    22 June, then a mise en demeure to the head office on 1 September, left unanswered."""
    return make_case(
        call(date(2026, 4, 9)),
        lrar(date(2026, 5, 18), SC, received=date(2026, 5, 21)),
        answer(date(2026, 6, 22), frm=SC),
        notice(date(2026, 9, 1), to=OTHER, received=date(2026, 9, 3)), *more, business=True)


TODAY = date(2026, 11, 22)


def test_p1_no_relance_after_the_mise_en_demeure():
    a = assess(p1_med_sent(), TODAY)
    assert a.stage is Stage.FORMAL_NOTICE
    relance = a.letter("relance_operateur")
    assert relance.state.value == "not_applicable", relance.reason
    assert "mise en demeure du 1er octobre 2026" in relance.reason
    assert "réclamation du 1er octobre" not in relance.reason
    assert "Médiateur des communications électroniques" in relance.reason
    assert relance.basis.rule.id == "formal_notice_no_reminder"
    assert relance.basis.event is not None and relance.basis.event.date == date(2026, 10, 3)
    assert "remind_operator" not in step_ids(a)
    assert "seize_mediator" in step_ids(a)


def test_p1_the_notice_is_not_the_recourse_to_the_service_consommateurs():
    a = assess(p1_med_sent(), TODAY)
    recours = a.letter("recours_service_consommateurs")
    assert recours.state.value != "sent", recours.reason
    assert recours.sent_on != date(2026, 10, 1)
    assert "1er octobre 2026" in recours.reason and "mise en demeure" in recours.reason
    # the notice's own decision names what follows, not a reminder
    sent = a.letter("mise_en_demeure")
    assert sent.state.value == "sent"
    assert "reçue le 3 octobre 2026" in sent.reason
    assert "Médiateur des communications électroniques" in sent.reason


def test_p1_the_mediator_route_is_unchanged():
    # the mediator was open before the notice (both services unsatisfied): the notice changes
    # neither its opening nor its 1-year limit (from the first written complaint, 16 March)
    case = p1_med_sent()
    before = replace(case, events=case.events[:-1])
    a, b = assess(case, TODAY), assess(before, TODAY)
    assert a.mediator.open and b.mediator.open
    assert (a.mediator.opens_on, a.mediator.latest) == (b.mediator.opens_on, b.mediator.latest)
    assert not any(n.code == "formal_notice_clock" for n in a.mediator.notes)


def test_b1_the_notice_is_not_the_written_complaint_to_the_service_clients():
    a = assess(b1_med_sent(), TODAY)
    first = a.letter("reclamation_service_clients")
    assert first.state.value == "not_applicable", first.reason
    assert "mise en demeure du 1er septembre 2026" in first.reason
    assert "Médiateur des entreprises" in first.reason and "CPME" in first.reason
    billing = a.letter("contestation_facturation")
    assert billing.state.value != "sent", billing.reason
    relance = a.letter("relance_operateur")
    assert relance.state.value == "not_applicable"
    assert "remind_operator" not in step_ids(a)
    # the routes it announced are open
    assert a.letter("saisine_mediateur_entreprises").state.value == "possible"
    assert a.letter("demande_cpme").state.value == "possible"


def test_b1_a_notice_answered_late_still_calls_no_relance():
    # an unsatisfactory answer to the notice: still no relance nor new complaint
    a = assess(b1_med_sent(answer(date(2026, 9, 20), frm=OTHER)), TODAY)
    assert a.letter("relance_operateur").state.value == "not_applicable"
    assert a.letter("reclamation_service_clients").state.value == "not_applicable"


def test_a_satisfactory_answer_closes_the_notice_and_a_new_complaint_starts_afresh():
    a = assess(p1_med_sent(answer(date(2026, 10, 10), AnswerOutcome.SATISFACTORY, frm=SCONS),
                           lrar(date(2026, 10, 15), SCONS, received=date(2026, 10, 17))),
               TODAY)
    relance = a.letter("relance_operateur")
    # the new complaint (17 October + 1 month) is overdue on 22 November: a relance is fine
    assert relance.state.value == "possible", relance.reason
    assert "15 octobre 2026" in relance.reason


@pytest.mark.parametrize("today", [date(2026, 10, 10), date(2026, 10, 18), date(2026, 10, 19),
                                   date(2027, 1, 31)])
def test_never_a_relance_whatever_the_day(today):
    for case in (p1_med_sent(), b1_med_sent()):
        decision = assess(case, today).letter("relance_operateur")
        assert decision.state.value == "not_applicable", (today, decision.reason)


def test_a_notice_as_the_first_writing_starts_the_mediator_clock_marked_to_check():
    # calls only, then the mise en demeure to the service clients: it is the written complaint
    # L.612-2 1° asks for; the 2 months of silence run from it (kept, « à vérifier »)
    case = make_case(call(date(2026, 1, 5)), call(date(2026, 1, 20)),
                     notice(date(2026, 2, 27), to=SC, received=date(2026, 2, 28)))
    a = assess(case, date(2026, 4, 10))
    assert "no_written_complaint" not in [r.code for r in a.mediator.reasons]
    assert a.mediator.opens_on == date(2026, 4, 29)  # 28 February + 2 months, the day after
    assert a.mediator.latest == date(2027, 2, 27)  # earliest known date of the notice
    notes = [n for n in a.mediator.notes if n.code == "formal_notice_clock"]
    assert len(notes) == 1, a.mediator.notes
    assert "mise en demeure du 27 février 2026" in notes[0].message
    assert "à vérifier" in notes[0].message
    rule = notes[0].basis.rule
    assert rule.id == "formal_notice_mediator_clock" and rule.status == "unverified"
    assert assess(case, date(2026, 4, 29)).mediator.open
    # never a relance of it, never a written complaint to send « again »
    assert assess(case, date(2026, 4, 10)).letter("relance_operateur").state.value \
        == "not_applicable"
    assert a.letter("reclamation_service_clients").state.value == "not_applicable"


def test_business_never_gets_the_mediator_note():
    a = assess(make_case(call(date(2026, 1, 5)),
                         notice(date(2026, 2, 27), to=SC, received=date(2026, 2, 28)),
                         business=True), date(2026, 4, 10))
    assert not any(n.code == "formal_notice_clock" for n in a.mediator.notes)


# --- 11 and 4, the letters: a mise en demeure is named, never « une réclamation » -----------

def _composed(kind, case, today=TODAY):
    from documents.letter_settings import LetterSettings
    from documents.letters import compose_letter
    from tests.test_review_third_party_letters import text_of

    composed = compose_letter(kind, case, assess(case, today), LetterSettings(), today)
    return composed, text_of(composed)


def test_the_relance_letter_never_calls_the_notice_a_reclamation():
    from documents.letters import LetterKind

    for case in (p1_med_sent(), b1_med_sent()):
        composed, text = _composed(LetterKind.REMINDER, case)
        flat = " ".join(text.split())
        # the stamp says why it does not apply; the body recalls no notice as a complaint
        for day in ("1er octobre 2026", "1er septembre 2026"):
            assert f"lettre recommandée du {day}" not in flat, flat
        assert any("mise en demeure" in w for w in composed.warnings), composed.warnings


def test_the_mediator_sheet_names_the_mise_en_demeure():
    from documents.letters.mediator import _complaints_text
    from dispute.procedure import SECOND_LEVEL

    text = _complaints_text(p1_med_sent(), TODAY, SECOND_LEVEL)
    assert ("1er octobre 2026 : Mise en demeure par lettre recommandée avec accusé de réception "
            "n° 1A 000 000 9999 1 adressée au service consommateurs, reçue le 3 octobre 2026, "
            "restée sans réponse").replace(" 1A", "\u00a01A") in text, text
    # the recourse of 20 May stays a plain registered letter
    assert "20 mai 2026 : Lettre recommandée" in text


def p4_med_sent():
    """Review 5's p4-med-sent, the part that matters: the recourse answered, the mediator's
    opinion refused, a mise en demeure of 20 October received on 22 October."""
    from procedure_builders import opinion, saisine
    from dispute.model import Party

    position = Event(kind=EventKind.PARTY_POSITION, date=date(2026, 9, 28),
                     counterpart=Counterpart.MEDIATOR, party=Party.SUBSCRIBER, accepted=False)
    return make_case(
        lrar(date(2026, 3, 16), SC, received=date(2026, 3, 18)),
        lrar(date(2026, 5, 20), SCONS, received=date(2026, 5, 22)),
        answer(date(2026, 6, 15), frm=SCONS),
        saisine(date(2026, 7, 2)), opinion(date(2026, 9, 20)), position,
        notice(date(2026, 10, 20), received=date(2026, 10, 22)))


def test_point4_the_diligences_name_the_mise_en_demeure():
    from documents.letters.amicable import amicable_steps

    steps = amicable_steps(p4_med_sent(), TODAY)
    notice_items = [s for s in steps if s.startswith("20 octobre 2026")]
    assert notice_items == [
        "20 octobre 2026 : mise en demeure par lettre recommandée avec accusé de réception "
        "n°\u00a01A 000 000 9999 1 adressée au service consommateurs, reçue le 22 octobre 2026, "
        "restée sans réponse"], steps
    plain = [s for s in steps if s.startswith("20 mai 2026")]
    assert plain and plain[0].startswith("20 mai 2026 : lettre recommandée"), steps


def test_point4_an_answer_after_the_notice_is_no_silence():
    from documents.letters.amicable import amicable_steps

    case = p4_med_sent()
    case.events.append(answer(date(2026, 10, 30), frm=SCONS))
    item = next(s for s in amicable_steps(case, TODAY) if s.startswith("20 octobre 2026"))
    assert item.startswith("20 octobre 2026 : mise en demeure par lettre recommandée")
    assert "restée sans réponse" not in item


@pytest.mark.parametrize("kind", ["requete_tribunal", "saisine_conciliateur", "courrier_dgccrf"])
def test_point4_the_acts_name_it(kind):
    from documents.letters import LetterKind

    composed, text = _composed(LetterKind(kind), p4_med_sent())
    flat = " ".join(text.split())
    assert "Mise en demeure par lettre recommandée avec accusé de réception" in flat or \
        "mise en demeure par lettre recommandée avec accusé de réception" in flat, flat


def test_point4_other_letters_keep_their_words():
    # a registered letter whose summary is not a mise en demeure stays a registered letter
    from documents.letters.steps import event_what

    plain = lrar(date(2026, 5, 20), SCONS, received=date(2026, 5, 22))
    assert event_what(plain, to_operator=False).startswith(
        "Lettre recommandée avec accusé de réception")
    e_mail = replace(notice(date(2026, 10, 20)), kind=EventKind.EMAIL, registered=None)
    assert event_what(e_mail, to_operator=True) == "Mise en demeure par courriel à votre " \
        "service consommateurs"
    letter = replace(e_mail, kind=EventKind.LETTER)
    assert event_what(letter, to_operator=False) == "Mise en demeure par courrier adressée " \
        "au service consommateurs"
    incoming = replace(notice(date(2026, 10, 20)), direction=Direction.INCOMING)
    assert event_what(incoming, to_operator=False).startswith("Lettre recommandée")


# --- 2. Ten days before prescription: advice the requête's availability agrees with ----------
#
# LEGAL-2026-12 § 5 (B): only a court action, an acknowledgement or enforcement interrupts; a
# mediation suspends (C. civ. 2238), from the saisine only per a judgment on another consumer
# mediator (rule prescription_suspension_from_saisine, unverified); art. 2243 (an interruption
# « non avenue » when the claim is definitively rejected) is « à vérifier ». § 3.1 (B): before
# the tribunal judiciaire, a claim of 5,000 € or less without a prior amicable attempt is
# inadmissible (C.P.C. 750-1). So « une action en justice est la voie sûre » was not true for
# a private subscriber whose requête is stamped « PROJET — NE PAS ENVOYER ».

from decimal import Decimal

from dispute.model import InvoiceLine
from dispute.procedure import PrescriptionState

IRRECEVABLE = ("une requête au tribunal sans tentative amiable préalable risque d'être déclarée "
               "irrecevable (C.P.C. art. 750-1, numéro à vérifier depuis le décret n° 2025-660)")
REJECTED = ("l'interruption par une demande en justice définitivement rejetée est non avenue "
            "(C. civ. art. 2243, à vérifier)")


def _soon(a):
    flags = [f for f in a.invoice_flags if f.state is PrescriptionState.SOON]
    assert flags, [(f.state, f.message) for f in a.invoice_flags]
    return flags


def test_p1_at_ten_days_the_advice_and_the_requete_agree():
    from tests.letter_matrix import _example

    case = _example("panne-fibre-particulier")
    a = assess(case, date(2027, 3, 10))
    assert a.mediator.open
    for flag in _soon(a):
        assert "voie sûre" not in flag.message
        assert ("la saisine du médiateur le suspend en principe (à vérifier : jurisprudence "
                "rendue pour un autre médiateur de la consommation)") in flag.message
        assert ("À moins d'un mois de l'échéance, saisissez le médiateur sans attendre (en "
                "ligne de préférence) et faites-vous conseiller (avocat, association de "
                "consommateurs) : " + IRRECEVABLE + ", et " + REJECTED + ".") in flag.message
    requete = a.letter("requete_tribunal")
    assert requete.state.value == "premature"
    assert "irrecevabilité" in requete.reason


def test_p1_the_requete_s_warning_says_the_same():
    from documents.letters import LetterKind
    from tests.letter_matrix import _example

    composed, text = _composed(LetterKind.COURT_REQUEST, _example("panne-fibre-particulier"),
                               date(2027, 3, 10))
    assert "PROJET — NE PAS ENVOYER" in text
    soon = [w for w in composed.warnings if "prescription" in w and "20 mars 2027" in w]
    assert soon and all("voie sûre" not in w and "irrecevable" in w for w in soon), soon


def _line_paid(paid: date) -> InvoiceLine:
    return InvoiceLine(invoice_number="F-1", invoice_date=paid, label="Abonnement",
                       amount_billed=Decimal("40.00"), amount_disputed=Decimal("40.00"),
                       paid_on=paid)


def test_mediator_not_open_yet_no_advice_to_seize_it():
    # a written complaint of 1 November: the mediator opens in January, after the limit
    case = make_case(lrar(date(2026, 11, 2), SC, received=date(2026, 11, 4)))
    case.invoice_lines.append(_line_paid(date(2025, 12, 1)))
    a = assess(case, date(2026, 11, 20))
    assert not a.mediator.open
    for flag in _soon(a):
        assert "saisissez le médiateur" not in flag.message and "voie sûre" not in flag.message
        assert ("Le médiateur ne peut pas encore être saisi : à moins d'un mois de l'échéance, "
                "faites-vous conseiller sans attendre (avocat, association de consommateurs) ; "
                + IRRECEVABLE + ", et " + REJECTED + ".") in flag.message
    assert a.letter("requete_tribunal").state.value == "premature"


def test_above_5000_no_prior_attempt_is_said():
    case = make_case(lrar(date(2026, 3, 2), SC, received=date(2026, 3, 4)))
    line = _line_paid(date(2025, 12, 1))
    line.amount_billed = line.amount_disputed = Decimal("6000.00")
    case.invoice_lines.append(line)
    a = assess(case, date(2026, 11, 20))
    assert a.mediator.open
    for flag in _soon(a):
        assert "750-1" not in flag.message and "voie sûre" not in flag.message
        assert ("À moins d'un mois de l'échéance, saisissez le médiateur sans attendre (en "
                "ligne de préférence) ou faites-vous conseiller (avocat) sur une action en "
                "justice.") in flag.message


def test_mediator_barred_the_direct_saisine_is_qualified():
    # more than a year since the first written complaint: the mediator is barred; the
    # conciliateur is the amicable attempt, suspending only from its first meeting
    case = make_case(lrar(date(2025, 10, 1), SC, received=date(2025, 10, 3)))
    case.invoice_lines.append(_line_paid(date(2025, 12, 1)))
    a = assess(case, date(2026, 11, 20))
    for flag in _soon(a):
        assert "faites-vous conseiller sur une saisine directe du juge" in flag.message
        assert IRRECEVABLE in flag.message and REJECTED in flag.message


def test_business_warning_is_unchanged():
    case = make_case(lrar(date(2026, 3, 2), SC, received=date(2026, 3, 4)), business=True)
    case.invoice_lines.append(_line_paid(date(2025, 12, 1)))
    for flag in _soon(assess(case, date(2026, 11, 20))):
        assert flag.message.endswith("seule une action en justice interrompt ce délai ; la "
                                     "saisine du Médiateur des entreprises le suspend, "
                                     "l'intervention de la CPME non.")


# --- 3. The mediator's opinion produced before a judge or a third party: a warning ----------
#
# Not in LEGAL-2026-12: C. conso L.612-3 (consumer mediation « soumise à l'obligation de
# confidentialité prévue par l'article 21-3 de la loi n° 95-125 du 8 février 1995 », as the
# CECMC's page on economie.gouv.fr quotes it). Never asserted: the acts keep the opinion; the
# user is told, « à vérifier », and decides.

CONFIDENTIALITY = "Confidentialité de la médiation (à vérifier"
THIRD_PARTY_ACTS = ["requete_tribunal", "plainte_procureur", "saisine_conciliateur",
                    "courrier_dgccrf"]


@pytest.mark.parametrize("kind", THIRD_PARTY_ACTS)
def test_point3_a_warning_before_the_opinion_goes_to_a_third_party(kind):
    from documents.letters import LetterKind

    composed, text = _composed(LetterKind(kind), p4_med_sent())
    found = [w for w in composed.warnings if w.startswith(CONFIDENTIALITY)]
    assert len(found) == 1, composed.warnings
    warning = found[0]
    for words in ("C. conso, art. L.612-3", "loi n° 95-125 du 8 février 1995, art. 21-3",
                  "accusé de réception de la saisine", "accord de l'opérateur",
                  "20 septembre 2026"):
        assert words in warning, (words, warning)
    # not asserted in the act: the user decides
    assert "confidential" not in " ".join(text.split()).casefold()


@pytest.mark.parametrize("kind", THIRD_PARTY_ACTS)
def test_point3_no_warning_without_an_opinion(kind):
    from documents.letters import LetterKind

    composed, _ = _composed(LetterKind(kind), p1_med_sent())
    assert not any(w.startswith(CONFIDENTIALITY) for w in composed.warnings)


def test_point3_the_opinion_is_no_longer_pushed_as_the_proof():
    from documents.letters.amicable import missing_attempt_evidence

    said = missing_attempt_evidence(p4_med_sent(), TODAY)
    opinion_line = [s for s in said if "avis du médiateur" in s]
    assert opinion_line and all("confidentialité" in s for s in opinion_line), said
