"""A practitioner reading the routes (after issue 9): the Médiateur des entreprises' scope, the
business « recours interne », the tribunal de commerce as the last resort, the sole trader's
court, the suspension of prescription read conservatively, the subscriber's gender and number
in every reason, and a « prématuré » that always says its date or what it waits for.

Sources: LEGAL-2026-12 § 2.1 (Arcep's business page, A), § 3.2 (courts, B), § 5 (C. civ.
2238, Cass. com. 11 May 2022, B). docs/procedure.md says each reading.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dispute.model import (
    AnswerOutcome,
    BusinessForm,
    Civility,
    Counterpart,
    Direction,
    DisputeNature,
    Event,
    EventKind,
    InvoiceLine,
    PostalAddress,
    Subscriber,
    SubscriberKind,
)
from dispute.procedure import (
    LetterState,
    PrescriptionState,
    assess,
    assessment_to_dict,
    format_assessment_text,
)
from procedure_builders import answer, email, make_case, opinion, saisine, step, step_ids

sys.path.insert(0, str(Path(__file__).resolve().parent))
from letter_matrix import DAY, matrix  # noqa: E402

P, E, S, N = (LetterState.POSSIBLE, LetterState.PREMATURE, LetterState.SENT,
              LetterState.NOT_APPLICABLE)


def business(*events, operator="Orange", directory_id="orange", form=BusinessForm.COMPANY):
    case = make_case(*events, business=True, operator=operator, directory_id=directory_id)
    case.subscriber.business_form = form
    case.subscriber.siren = "123 456 789 00012"
    case.subscriber.email = "lea.martin@boulangerie-lea.fr"
    case.subscriber.phone = "06 12 34 56 78"
    case.operator.siren = "380129866"
    return case


def incoming(d: date, frm: Counterpart, kind=EventKind.ANSWER) -> Event:
    return Event(kind=kind, date=d, counterpart=frm, direction=Direction.INCOMING, written=True)


# --- 1. the Médiateur des entreprises' scope (Arcep: « litiges portant sur la facturation ») --


def test_a_billing_dispute_is_in_the_named_scope():
    case = business(email(date(2026, 1, 5)))
    case.natures = [DisputeNature.BILLING]
    a = assess(case, date(2026, 2, 6))
    assert a.business_mediator.open
    assert "scope_to_check" not in {n.code for n in a.business_mediator.notes}
    assert "compétence" not in step(a, "business_mediator").label


@pytest.mark.parametrize("nature", [DisputeNature.LINE_OVERWRITTEN, DisputeNature.OUTAGE,
                                    DisputeNature.TERMINATION])
def test_outside_billing_the_route_is_qualified_not_claimed(nature):
    case = business(email(date(2026, 1, 5)))
    case.natures = [nature]
    a = assess(case, date(2026, 2, 6))
    note = next(n for n in a.business_mediator.notes if n.code == "scope_to_check")
    assert "Compétence à vérifier" in note.message
    assert "« pour des litiges portant sur la facturation »" in note.message
    assert note.basis.rule.id == "business_mediator_billing_scope"
    assert note.basis.rule.confidence == "A"
    assert "compétence à vérifier" in step(a, "business_mediator").label
    assert "Compétence à vérifier" in a.letter("saisine_mediateur_entreprises").reason
    data = assessment_to_dict(a)
    assert "scope_to_check" in {n["code"] for n in data["routes"]["business_mediator"]["notes"]}


def test_disputed_invoice_lines_bring_an_outage_into_the_billing_scope():
    case = business(email(date(2026, 1, 5)))
    case.natures = [DisputeNature.OUTAGE]
    case.invoice_lines.append(InvoiceLine(invoice_number="F1", amount_disputed=Decimal("30"),
                                          paid_on=date(2026, 1, 2)))
    a = assess(case, date(2026, 2, 6))
    assert "scope_to_check" not in {n.code for n in a.business_mediator.notes}


# --- 2. the business « recours interne » ----------------------------------------------------


def test_the_directorys_consumer_second_level_is_no_business_internal_appeal():
    # Bouygues Telecom's « Service Consommateurs » (the directory's address) is for consumers
    case = business(email(date(2026, 1, 5)), operator="Bouygues Télécom",
                    directory_id="bouygues")
    case.operator.service_consommateurs_address = PostalAddress(
        street_lines=["Service Consommateurs", "TSA 59013"], postcode="60643",
        city="CHANTILLY CEDEX")
    a = assess(case, date(2026, 2, 6))
    internal = a.letter("recours_service_consommateurs")
    assert internal.state is N
    assert "réservé aux particuliers" in internal.reason
    assert internal.label == "Recours interne auprès de l'opérateur"


def test_a_directory_address_without_the_word_is_recognised_too(monkeypatch):
    from types import SimpleNamespace

    import dispute.directory

    address = PostalAddress(street_lines=["TSA 70007"], postcode="13794",
                            city="AIX EN PROVENCE CEDEX 3")
    entry = SimpleNamespace(is_empty=lambda: False, to_postal_address=lambda: address)
    fake = SimpleNamespace(operators=[SimpleNamespace(service_consommateurs=[entry])])
    monkeypatch.setattr(dispute.directory, "shipped_directory", lambda: fake)
    case = business(email(date(2026, 1, 5)))
    case.operator.service_consommateurs_address = PostalAddress(
        street_lines=["TSA  70007"], postcode="13794", city="Aix en Provence Cedex 3")
    assert assess(case, date(2026, 2, 6)).letter("recours_service_consommateurs").state is N


def test_an_address_typed_from_the_contract_is_an_optional_internal_appeal():
    case = business(email(date(2026, 1, 5)))
    case.operator.service_consommateurs_address = PostalAddress(
        street_lines=["Service Réclamations Entreprises", "CS 12345"], postcode="69003",
        city="Lyon")
    internal = assess(case, date(2026, 2, 6)).letter("recours_service_consommateurs")
    assert internal.state is P
    assert internal.reason.startswith("Facultatif, seulement si le contrat professionnel")


def test_a_business_that_already_wrote_to_its_second_level_keeps_it():
    case = business(email(date(2026, 1, 5)), answer(date(2026, 1, 20)),
                    email(date(2026, 1, 25), Counterpart.SERVICE_CONSOMMATEURS))
    case.operator.service_consommateurs_address = PostalAddress(
        street_lines=["Service Consommateurs", "TSA 59013"], postcode="60643",
        city="CHANTILLY CEDEX")
    assert assess(case, date(2026, 2, 1)).letter("recours_service_consommateurs").state is S


def test_a_business_is_not_asked_for_a_service_consommateurs_address():
    case = business(email(date(2026, 1, 5)))
    case.operator.service_consommateurs_address = PostalAddress()
    codes = {w.code for w in assess(case, date(2026, 1, 10)).warnings}
    assert "service_consommateurs_address_unknown" not in codes
    case.subscriber.kind = SubscriberKind.PRIVATE
    codes = {w.code for w in assess(case, date(2026, 1, 10)).warnings}
    assert "service_consommateurs_address_unknown" in codes


# --- 3. the tribunal de commerce after the amicable routes ----------------------------------


def test_the_court_is_not_advised_alongside_the_amicable_routes():
    case = business(email(date(2026, 1, 5)), answer(date(2026, 1, 20)))
    a = assess(case, date(2026, 2, 1))
    assert {"business_mediator", "seize_cpme"} <= set(step_ids(a))
    assert "last_resort" not in step_ids(a)
    assert not a.court.open and a.court.opens_on is None
    text = next(r for r in a.court.reasons if r.code == "not_yet").message
    assert text.startswith("Le juge vient en dernier recours")
    assert "seule une action en justice l'interrompt" in text
    assert a.letter("courrier_dgccrf").waits_for == (
        "après la réponse du Médiateur des entreprises ou de la CPME")


@pytest.mark.parametrize("frm", [Counterpart.BUSINESS_MEDIATOR, Counterpart.CPME])
def test_after_an_amicable_routes_answer_the_court_is_the_last_resort(frm):
    case = business(email(date(2026, 1, 5)), answer(date(2026, 1, 20)),
                    saisine(date(2026, 1, 22), frm))
    before = assess(case, date(2026, 3, 2))  # seized, no answer yet: the court waits
    assert "last_resort" not in step_ids(before) and before.court.opens_on is None
    case.events.append(incoming(date(2026, 3, 2), frm))
    a = assess(case, date(2026, 3, 2))
    assert a.court.open and a.court.opens_on == date(2026, 3, 2)
    last = step(a, "last_resort")
    assert last.label.startswith("Saisir le tribunal de commerce, en dernier recours")
    assert a.letter("courrier_dgccrf").state is P


def test_an_answer_before_the_saisine_does_not_end_the_mediation():
    case = business(email(date(2026, 1, 5)), answer(date(2026, 1, 20)),
                    incoming(date(2026, 1, 21), Counterpart.BUSINESS_MEDIATOR),
                    saisine(date(2026, 1, 22), Counterpart.BUSINESS_MEDIATOR))
    assert assess(case, date(2026, 3, 2)).court.opens_on is None


# --- 4. the sole trader's court -------------------------------------------------------------


@pytest.mark.parametrize(("legal_form", "kind"), [
    ("", "to_check"),
    ("EI", "to_check"),
    ("EI — commerçant (RCS Angers)", "tribunal_de_commerce"),
    ("EI, RCS", "tribunal_de_commerce"),
    ("micro-entrepreneur, profession libérale", "tribunal_judiciaire"),
    ("Artisan (répertoire des métiers)", "to_check"),
    ("EI non commerçante", "to_check"),
])
def test_the_sole_traders_court_follows_what_the_sources_say(legal_form, kind):
    case = business(email(date(2026, 1, 5)), answer(date(2026, 1, 20)),
                    form=BusinessForm.SOLE_TRADER)
    case.subscriber.legal_form = legal_form
    a = assess(case, date(2026, 2, 1))
    assert a.court.kind == kind
    note = next(n for n in a.court.notes if n.code == "sole_trader_court")
    assert "commerçant" in note.message and "tribunal de commerce" in note.message
    assert "profession libérale" in note.message and "tribunal judiciaire" in note.message
    assert "artisan : juridiction à vérifier" in note.message
    if kind == "tribunal_judiciaire":
        assert "amicable_attempt_required" in {r.code for r in a.court.reasons}


# --- 5. prescription: the suspension read conservatively -----------------------------------


def refund(paid: date, *events):
    case = make_case(*events)
    case.invoice_lines.append(InvoiceLine(invoice_number="F1", label="Option",
                                          amount_disputed=Decimal("10"), paid_on=paid))
    return case


def test_a_mediators_refusal_ends_the_suspension():
    # paid 20 March 2026; saisine 2 February 2027 (46 days left); the mediator declines the
    # saisine on 1 March 2027 (no opinion will come): the suspension ends there, not « never »
    case = refund(date(2026, 3, 20), email(date(2026, 11, 2)), saisine(date(2027, 2, 2)),
                  incoming(date(2027, 3, 1), Counterpart.MEDIATOR))
    flag = assess(case, date(2027, 3, 10)).invoice_flags[0]
    assert flag.suspension.end == date(2027, 3, 1)
    assert flag.suspension.extended_limit == date(2027, 9, 1)
    assert flag.state is PrescriptionState.SOON  # relies on the unverified start
    assert "sans elle, la demande de remboursement est prescrite depuis le 21 mars 2027" \
        not in flag.message  # the unsuspended limit is still ahead: act before it
    assert flag.act_before == date(2027, 3, 20)


def test_a_running_mediation_past_the_plain_limit_says_the_claim_may_be_lost():
    case = refund(date(2026, 3, 20), email(date(2026, 11, 2)), saisine(date(2027, 2, 2)))
    flag = assess(case, date(2027, 4, 1)).invoice_flags[0]
    assert flag.state is PrescriptionState.SUSPENDED
    assert "n'est pas confirmée pour ce médiateur" in flag.message
    assert "prescrite depuis le 21 mars 2027" in flag.message


def test_the_suspension_starts_at_the_latest_known_date_of_the_saisine():
    sent = Event(kind=EventKind.REGISTERED_LETTER, date=date(2027, 2, 2),
                 counterpart=Counterpart.MEDIATOR, written=True)
    sent.kind = EventKind.SAISINE
    from dispute.model import RegisteredMail
    sent.registered = RegisteredMail(posted_on=date(2027, 2, 2), received_on=date(2027, 2, 9))
    case = refund(date(2026, 3, 20), email(date(2026, 11, 2)), sent, opinion(date(2027, 5, 3)))
    flag = assess(case, date(2027, 5, 4)).invoice_flags[0]
    assert flag.suspension.start == date(2027, 2, 9)  # fewer days left: conservative
    assert flag.suspension.days_left_at_start == 39


def test_the_operators_claim_reads_the_longest_suspension():
    # an invoice due 20 March 2026 and unpaid: the operator's claim, suspended from the
    # earliest date of the saisine to the latest event of the mediation (the position)
    case = make_case(email(date(2026, 11, 2)), saisine(date(2027, 2, 2)),
                     opinion(date(2027, 4, 1)),
                     Event(kind=EventKind.PARTY_POSITION, date=date(2027, 4, 20),
                           counterpart=Counterpart.MEDIATOR, written=True))
    case.invoice_lines.append(InvoiceLine(invoice_number="F2", amount_disputed=Decimal("10"),
                                          due_date=date(2026, 3, 20)))
    flag = assess(case, date(2027, 5, 1)).invoice_flags[0]
    assert flag.suspension.start == date(2027, 2, 2)
    assert flag.suspension.end == date(2027, 4, 20)
    assert flag.suspension.extended_limit == date(2027, 10, 20)
    assert "fin de la médiation à vérifier" in flag.message


# --- 6. the subscriber's gender and number in every reason ---------------------------------


MASCULINE_SINGULAR = re.compile(r"\bl'abonné\b(?!e)|\bun particulier\b|\babonné est\b")
ANY_SINGULAR = re.compile(r"\bl'abonnée?\b(?!s)|\bun(e)? particuli")
PRIVATE_WORDS = re.compile(r"\bl'abonnée?s?\b|\bles abonnés\b|\bparticuli(er|ère)s?\b(?! )")


def _texts(a) -> list[str]:
    out = [a.stage_reason]
    for route in (a.mediator, a.cpme, a.business_mediator, a.court):
        out += [r.message for r in route.reasons + route.notes]
    out += [d.reason for d in a.letters] + [d.waits_for for d in a.letters]
    for s in a.next_steps:
        out += [s.label, s.note]
    out += [d.label for d in a.deadlines] + [f.message for f in a.invoice_flags]
    out += [c.text for f in a.invoice_flags for c in f.clock]
    out.append(format_assessment_text(a))
    return out


def _variants():
    for label, case in matrix():
        yield label, case
    for civility in (Civility.MRS, Civility.COUPLE, None):
        # the mediator's opinion, the mandate and the court notes speak of the subscriber
        case = make_case(email(date(2026, 1, 5)), answer(date(2026, 1, 20)),
                         saisine(date(2026, 3, 10)), opinion(date(2026, 5, 1)))
        case.subscriber.civility = civility
        case.invoice_lines.append(InvoiceLine(invoice_number="F", amount_disputed=Decimal("9"),
                                              due_date=date(2025, 1, 2)))
        yield f"avis_{civility}", case


@pytest.mark.parametrize("day", [DAY, date(2026, 5, 2), date(2027, 3, 1)])
def test_reasons_agree_with_the_subscriber_over_the_matrix(day):
    from dispute.model import HandlingStructure

    for label, case in _variants():
        case.handling_structure = case.handling_structure or HandlingStructure(name="UFC")
        a = assess(case, day)
        text = "\n".join(t for t in _texts(a) if t)
        sub = case.subscriber
        if not case.is_business and sub.civility is Civility.MRS:
            assert not MASCULINE_SINGULAR.search(text), (label, MASCULINE_SINGULAR.search(text))
        elif not case.is_business and sub.civility is Civility.COUPLE:
            assert not ANY_SINGULAR.search(text), (label, ANY_SINGULAR.search(text))
        elif case.is_business:
            found = [m.group(0) for m in PRIVATE_WORDS.finditer(text)
                     if m.group(0) not in ("particuliers",)]
            assert not found, (label, found)


def test_the_agreed_forms_are_said():
    case = make_case(email(date(2026, 1, 5)), answer(date(2026, 1, 20)),
                     saisine(date(2026, 3, 10)), opinion(date(2026, 5, 1)))
    case.subscriber.civility = Civility.MRS
    a = assess(case, date(2026, 5, 2))
    assert "l'abonnée est une particulière" in a.cpme.reasons[0].message
    assert "Position de l'abonnée sur l'avis du médiateur" in [d.label for d in a.deadlines]
    assert "si l'abonnée accepte l'avis" in step(a, "answer_mediator_opinion").label
    case.subscriber.civility = Civility.COUPLE
    a = assess(case, date(2026, 5, 2))
    assert "les abonnés sont des particuliers" in a.cpme.reasons[0].message
    assert "Position des abonnés sur l'avis du médiateur" in [d.label for d in a.deadlines]
    assert "si les abonnés acceptent l'avis" in step(a, "answer_mediator_opinion").label
    company = business(email(date(2026, 1, 5)))
    a = assess(company, date(2026, 2, 6))
    assert "le contrat a été souscrit par une entreprise" in a.mediator.reasons[0].message


# --- 7. a « prématuré » always carries its date or what it waits for -------------------------


DAY0 = date(2026, 1, 1)
SC, SCONS = Counterpart.SERVICE_CLIENTS, Counterpart.SERVICE_CONSOMMATEURS
kinds = st.sampled_from([EventKind.CALL, EventKind.EMAIL, EventKind.REGISTERED_LETTER,
                         EventKind.ANSWER, EventKind.SAISINE, EventKind.MEDIATOR_OPINION,
                         EventKind.COURT_ACTION, EventKind.CHAT, EventKind.OTHER])
counterparts = st.sampled_from([SC, SC, SCONS, Counterpart.MEDIATOR, Counterpart.CPME,
                                Counterpart.BUSINESS_MEDIATOR, Counterpart.CONCILIATEUR,
                                Counterpart.OPERATOR_OTHER, Counterpart.OTHER_MEDIATOR])


@st.composite
def events(draw):
    kind = draw(kinds)
    incoming_kind = kind in (EventKind.ANSWER, EventKind.MEDIATOR_OPINION)
    return Event(kind=kind, date=DAY0 + timedelta(days=draw(st.integers(0, 400))),
                 counterpart=draw(counterparts),
                 direction=Direction.INCOMING if incoming_kind or draw(st.booleans())
                 else Direction.OUTGOING,
                 outcome=draw(st.sampled_from(list(AnswerOutcome) + [None])),
                 written=draw(st.booleans()))


forms = st.sampled_from([None, BusinessForm.COMPANY, BusinessForm.SOLE_TRADER,
                         BusinessForm.ASSOCIATION, BusinessForm.OTHER, "private"])


def _premature_is_told(a) -> None:
    for d in a.letters:
        if d.state is E:
            assert d.possible_from is not None or d.waits_for.strip(), (d.kind, d.reason)
            assert not (d.possible_from and d.waits_for), d


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events(), max_size=8), st.integers(0, 500), forms, st.booleans(),
       st.booleans())
def test_every_premature_letter_says_its_date_or_what_it_waits_for(chronology, day, form,
                                                                     structure, complete):
    case = make_case(*chronology, business=form != "private", complete=complete)
    if form != "private":
        case.subscriber.business_form = form
    if not structure:
        case.handling_structure = None
    a = assess(case, DAY0 + timedelta(days=day))
    _premature_is_told(a)
    for letter in assessment_to_dict(a)["letters"]:
        if letter["state"] == "premature":
            assert letter["possible_from"] or letter["waits_for"]


def test_every_example_and_matrix_case_tells_its_premature_letters():
    for _label, case in matrix():
        for day in (DAY, date(2026, 4, 1), date(2026, 8, 20), date(2027, 6, 1)):
            _premature_is_told(assess(case, day))


def test_the_overwritten_line_example_says_what_the_cpme_waits_for():
    case = dict(matrix())["entrepreneur_individuel"]
    cpme = assess(case, DAY).letter("demande_cpme")
    assert cpme.state is E and cpme.possible_from is None
    assert cpme.waits_for == ("après l'indication, dans le dossier, de la structure qui suit "
                              "l'entreprise")
    data = assessment_to_dict(assess(case, DAY))
    letter = next(x for x in data["letters"] if x["kind"] == "demande_cpme")
    assert letter["waits_for"] == cpme.waits_for
    json.dumps(data)


def test_a_private_subscriber_is_never_a_business_in_the_subscriber_model():
    # guard of the helper: a business kind without a form reads « une entreprise »
    case = make_case(email(date(2026, 1, 5)), business=True)
    case.subscriber = Subscriber(kind=SubscriberKind.BUSINESS, name="X")
    from dispute.procedure.wording import subscriber_words

    words = subscriber_words(case)
    assert (words.noun, words.is_what) == ("l'entreprise",
                                           "le contrat a été souscrit par une entreprise")


def test_the_plural_keeps_its_elisions_right():
    case = make_case(email(date(2026, 1, 5)), answer(date(2026, 1, 20)),
                     saisine(date(2026, 3, 10)), opinion(date(2026, 5, 1)))
    case.invoice_lines.append(InvoiceLine(invoice_number="F", amount_disputed=Decimal("9"),
                                          paid_on=date(2026, 1, 2)))
    case.subscriber.civility = Civility.COUPLE
    note = next(n for n in assess(case, date(2026, 5, 2)).court.notes
                if n.code == "no_representation_by_structure")
    assert "ne peut pas représenter les abonnés : elle peut les aider à préparer" in (
        note.message)


def test_every_reason_over_the_matrix_passes_the_grammar_checker():
    from test_letters_grammar import _accepted
    from grammar import check_texts, unavailable_reason

    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(reason)
    from dispute.model import HandlingStructure

    texts: set[str] = set()
    for day in (DAY, date(2026, 5, 2), date(2027, 3, 1)):
        for _label, case in _variants():
            case.handling_structure = case.handling_structure or HandlingStructure(name="UFC")
            texts.update(t for t in _texts(assess(case, day))[:-1] if t)
    outage = business(email(date(2026, 1, 5)), answer(date(2026, 1, 20)))
    outage.natures = [DisputeNature.OUTAGE]
    for form in BusinessForm:
        outage.subscriber.business_form = form
        texts.update(t for t in _texts(assess(outage, date(2026, 2, 6)))[:-1] if t)
    ordered = sorted(texts)
    problems = [f"{e} — in: {text[:90]}" for text, errors in zip(ordered, check_texts(ordered))
                for e in errors
                # « Cass. com., 18 mai 2022 », « du C.P.C. »: the citation conventions
                if not _accepted(e) and not (e.found.startswith(".") and "Cass." in e.context)
                and e.found != "C.P.C."]
    assert not problems, "\n".join(problems)


def test_the_text_report_says_when_or_after_what():
    case = dict(matrix())["entrepreneur_individuel"]
    text = format_assessment_text(assess(case, DAY))
    assert ("Demande d'intervention à la CPME : prématuré (après l'indication, dans le dossier, "
            "de la structure qui suit l'entreprise)") in text
    early = format_assessment_text(assess(make_case(email(date(2026, 3, 2))), date(2026, 3, 3)))
    assert "prématuré (à partir du 3 avril 2026)" in early
