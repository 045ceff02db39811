"""Field and case validation: tables of edge values, precise French messages and paths."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dispute.model import (
    AnswerOutcome,
    Case,
    Event,
    EventKind,
    Exhibit,
    HandlingStructure,
    InvoiceLine,
    Line,
    LineKind,
    PostalAddress,
    RegisteredMail,
    SubscriberKind,
)
from dispute.validation import (
    InvalidValueError,
    PhoneKind,
    Severity,
    ValidationIssue,
    clean_text,
    control_characters,
    format_euros,
    has_errors,
    issues_under,
    luhn_is_valid,
    normalize_phone,
    normalize_siren_siret,
    parse_amount,
    validate_amount,
    validate_case,
    validate_city,
    validate_email,
    validate_not_future,
    validate_phone,
    validate_postal_address,
    validate_postcode,
    validate_siren_siret,
    validate_text,
)

TODAY = date(2026, 11, 22)


def codes(issues: list[ValidationIssue]) -> list[str]:
    return [i.code for i in issues]


def at(issues: list[ValidationIssue], path: str) -> list[ValidationIssue]:
    return [i for i in issues if i.path == path]


# --------------------------------------------------------------------------------------------
# Phone numbers


@pytest.mark.parametrize(
    ("typed", "e164", "display", "region"),
    [
        ("02 31 27 90 60", "+33231279060", "02 31 27 90 60", "FR"),
        ("0231279060", "+33231279060", "02 31 27 90 60", "FR"),
        ("02.31.27.90.60", "+33231279060", "02 31 27 90 60", "FR"),
        ("02-31-27-90-60", "+33231279060", "02 31 27 90 60", "FR"),
        ("+33 2 31 27 90 60", "+33231279060", "02 31 27 90 60", "FR"),
        ("+33231279060", "+33231279060", "02 31 27 90 60", "FR"),
        ("+33 (0)2 31 27 90 60", "+33231279060", "02 31 27 90 60", "FR"),
        ("+33 0231279060", "+33231279060", "02 31 27 90 60", "FR"),
        ("0033 2 31 27 90 60", "+33231279060", "02 31 27 90 60", "FR"),
        ("\u00a002\u00a031 27 90 60 ", "+33231279060", "02 31 27 90 60", "FR"),
        ("06 12 34 56 78", "+33612345678", "06 12 34 56 78", "FR"),
        ("09 12 34 56 78", "+33912345678", "09 12 34 56 78", "FR"),
        ("0800 12 34 56", "+33800123456", "08 00 12 34 56", "FR"),
        # overseas departments, dialled from mainland France with 10 digits
        ("0262 12 34 56", "+262262123456", "02 62 12 34 56", "RE"),
        ("0692 12 34 56", "+262692123456", "06 92 12 34 56", "RE"),
        ("0269 61 23 45", "+262269612345", "02 69 61 23 45", "YT"),
        ("0590 12 34 56", "+590590123456", "05 90 12 34 56", "GP"),
        ("0696 12 34 56", "+596696123456", "06 96 12 34 56", "MQ"),
        ("0594 12 34 56", "+594594123456", "05 94 12 34 56", "GF"),
        ("+262 262 12 34 56", "+262262123456", "02 62 12 34 56", "RE"),
    ],
)
def test_valid_phone_numbers_are_normalised(typed, e164, display, region):
    number = normalize_phone(typed)
    assert (number.e164, number.display, number.region) == (e164, display, region)
    assert number.is_french
    assert validate_phone(typed, "subscriber.phone") == []


def test_foreign_number_is_accepted_in_international_form():
    number = normalize_phone("+44 20 7946 0958")
    assert number.e164 == "+442079460958"
    assert not number.is_french
    assert number.display == "+44 20 7946 0958"


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("023127906", "phone.too_short", "trop court : 9 chiffres saisis, 10 attendus"),
        ("02312790601", "phone.too_long", "trop long : 11 chiffres saisis, 10 attendus"),
        ("0", "phone.too_short", "1 chiffre saisi"),
        ("+33 2 31 27 90", "phone.too_short", "après l'indicatif +33, 9 chiffres"),
        ("+33 2 31 27 90 60 1", "phone.too_long", "après l'indicatif +33, 9 chiffres"),
        ("231279060", "phone.prefix", "Il manque peut-être le 0 initial"),
        ("3900", "phone.prefix", "commence par 0"),
        ("02 31 27 90 6O", "phone.characters", "« O »"),
        ("tél. 0231279060", "phone.characters", "caractères non autorisés"),
        ("02+31279060", "phone.plus", "signe +"),
        ("00 00 00 00 00", "phone.country_code", "préfixe international 00"),
        ("07 12 34 56 78", "phone.invalid", "aucune tranche"),
        ("", "phone.empty", "vide"),
        ("+999 1234", "phone.country_code", "Indicatif international inconnu"),
    ],
)
def test_invalid_phone_numbers_say_what_is_wrong(typed, code, words):
    with pytest.raises(InvalidValueError) as info:
        normalize_phone(typed)
    assert info.value.code == code
    assert words in info.value.message


def test_validate_phone_reports_path_and_error():
    issues = validate_phone("023127906", "subscriber.phone")
    assert [(i.path, i.severity, i.code) for i in issues] == [
        ("subscriber.phone", Severity.ERROR, "phone.too_short")]


def test_empty_phone_is_fine_unless_required():
    assert validate_phone("", "subscriber.phone") == []
    assert codes(validate_phone(" ", "x", required=True)) == ["phone.missing"]


@pytest.mark.parametrize(
    ("number", "kind", "expected"),
    [
        ("0612345678", LineKind.MOBILE, []),
        ("0231279060", LineKind.FIXED, []),
        ("0912345678", LineKind.FIXED, []),
        ("0231279060", LineKind.MOBILE, ["phone.kind_mismatch"]),
        ("0612345678", LineKind.FIXED, ["phone.kind_mismatch"]),
        ("0800123456", LineKind.FIXED, ["phone.special"]),
        ("+442079460958", LineKind.FIXED, ["phone.foreign"]),
    ],
)
def test_line_number_suits_the_line_kind(number, kind, expected):
    issues = validate_phone(number, "lines[0].number", line_kind=kind)
    assert codes(issues) == expected
    assert all(i.severity is Severity.WARNING for i in issues)


def test_internet_line_identifier_is_only_a_warning():
    issues = validate_phone("FI-1234-5678", "lines[0].number", line_kind=LineKind.INTERNET)
    assert [i.severity for i in issues] == [Severity.WARNING]
    issues = validate_phone("FI-1234-5678", "lines[0].number", line_kind=LineKind.FIXED)
    assert [i.severity for i in issues] == [Severity.ERROR]


def test_phone_kinds():
    assert normalize_phone("0612345678").kind is PhoneKind.MOBILE
    assert normalize_phone("0231279060").kind is PhoneKind.FIXED
    assert normalize_phone("0912345678").kind is PhoneKind.VOIP
    assert normalize_phone("0800123456").kind is PhoneKind.SPECIAL


# --------------------------------------------------------------------------------------------
# SIREN / SIRET


@pytest.mark.parametrize(
    ("typed", "digits", "is_siret", "display"),
    [
        ("732829320", "732829320", False, "732 829 320"),
        ("732 829 320", "732829320", False, "732 829 320"),
        ("552100554", "552100554", False, "552 100 554"),
        ("356000000", "356000000", False, "356 000 000"),  # La Poste's SIREN follows Luhn
        ("443 061 841 00047", "44306184100047", True, "443 061 841 00047"),
        ("\u00a0306 138 900 01294 ", "30613890001294", True, "306 138 900 01294"),
        # La Poste: head office follows Luhn, other establishments: digit sum multiple of 5
        ("356 000 000 00048", "35600000000048", True, "356 000 000 00048"),
        ("35600000049837", "35600000049837", True, "356 000 000 49837"),
    ],
)
def test_valid_siren_and_siret(typed, digits, is_siret, display):
    number = normalize_siren_siret(typed)
    assert (number.digits, number.is_siret, number.display) == (digits, is_siret, display)
    assert number.siren == digits[:9]
    assert validate_siren_siret(typed) == []


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("732829321", "siren.checksum", "la clé de contrôle ne correspond pas"),
        ("123456789", "siren.checksum", "vérifiez-le sur un extrait Kbis ou une facture"),
        ("73282932", "siren.length", "8 chiffres saisis"),
        ("7328293200", "siren.length", "10 chiffres saisis"),
        ("732829320 0007", "siren.length", "13 chiffres saisis"),
        ("732-829-320", "siren.characters", "« - »"),
        ("FR732829320", "siren.characters", "caractères « F », « R » refusés"),
        ("000000000", "siren.zero", "pas un SIREN attribué"),
        # SIRET whose SIREN part is wrong: says so
        ("12345678900017", "siret.siren_checksum", "9 premiers chiffres (123 456 789)"),
        # SIRET with a right SIREN but a wrong NIC key
        ("44306184100048", "siret.checksum", "9 premiers chiffres (le SIREN) sont bons"),
        # La Poste establishment failing both rules (sum 31)
        ("35600000012347", "siret.la_poste_checksum", "5 derniers chiffres"),
        ("35600000012345", "siret.la_poste_checksum", "clé de contrôle"),
    ],
)
def test_invalid_siren_and_siret_say_which_check_failed(typed, code, words):
    with pytest.raises(InvalidValueError) as info:
        normalize_siren_siret(typed)
    assert info.value.code == code
    assert words in info.value.message
    assert codes(validate_siren_siret(typed, "subscriber.siren")) == [code]


@pytest.mark.parametrize("typed", ["732829321", "12345678900017", "44306184100048",
                                   "35600000012347"])
def test_check_digit_errors_speak_plain_french(typed):
    """No jargon (« formule de Luhn ») for office staff: what is wrong and where to check."""
    with pytest.raises(InvalidValueError) as info:
        normalize_siren_siret(typed)
    message = info.value.message
    assert "luhn" not in message.lower()
    assert message.startswith("Ce numéro n'est pas valide (la clé de contrôle ne correspond "
                              "pas) : vérifiez-le sur un extrait Kbis ou une facture")


def test_luhn():
    assert luhn_is_valid("732829320")
    assert not luhn_is_valid("732829321")
    assert luhn_is_valid("0")


def test_empty_siren_is_optional():
    assert validate_siren_siret("  ") == []


# --------------------------------------------------------------------------------------------
# Postcodes and CEDEX


@pytest.mark.parametrize(
    "postcode",
    ["75008", "01000", "14370", "20000", "20090", "20200", "94257", "60643", "59878", "95000",
     "97100", "97200", "97300", "97400", "97500", "97600", "98000", "98600", "98800"],
)
def test_valid_postcodes(postcode):
    assert validate_postcode(postcode, "p") == []


@pytest.mark.parametrize(
    ("postcode", "code", "severity", "words"),
    [
        ("7500", "postcode.length", Severity.ERROR, "« 07500 »"),
        ("750080", "postcode.length", Severity.ERROR, "en compte 6"),
        ("75 008", "postcode.spaces", Severity.ERROR, "sans espace"),
        ("75O08", "postcode.characters", Severity.ERROR, "5 chiffres"),
        ("2A000", "postcode.characters", Severity.ERROR, "5 chiffres"),
        ("00100", "postcode.department", Severity.ERROR, "00"),
        ("96000", "postcode.department", Severity.ERROR, "96"),
        ("99000", "postcode.department", Severity.ERROR, "99"),
        ("97700", "postcode.department", Severity.ERROR, "977"),
        ("98100", "postcode.department", Severity.WARNING, "981"),
        ("", "postcode.missing", Severity.ERROR, "manquant"),
    ],
)
def test_invalid_postcodes(postcode, code, severity, words):
    issues = validate_postcode(postcode, "subscriber.address.postcode")
    assert [(i.code, i.severity) for i in issues] == [(code, severity)]
    assert words in issues[0].message


@pytest.mark.parametrize("city", ["GENTILLY CEDEX", "LILLE CEDEX 9", "Paris Cedex 17",
                                  "CHANTILLY CEDEX", "ARGENCES", "Saint-Denis"])
def test_valid_cities(city):
    assert validate_city(city, "c") == []


@pytest.mark.parametrize(
    ("city", "code"),
    [
        ("CEDEX", "cedex.city"),
        ("CEDEX 9", "cedex.city"),
        ("LILLE CEDEX B", "cedex.number"),
        ("LILLE CEDEX 123", "cedex.number"),
        ("CEDEX LILLE", "cedex.city"),
        ("94257 GENTILLY CEDEX", "city.postcode"),
        ("", "city.missing"),
    ],
)
def test_invalid_cities(city, code):
    assert code in codes(validate_city(city, "c"))


# --------------------------------------------------------------------------------------------
# Address blocks (NF Z10-011)


def test_38_characters_is_fine_and_39_is_one_too_many():
    line38 = "x" * 38
    address = PostalAddress(street_lines=[line38], postcode="75008", city="PARIS")
    assert validate_postal_address(address, "Dupont", "subscriber.address") == []
    address.street_lines = [line38 + "y"]
    issues = validate_postal_address(address, "Dupont", "subscriber.address")
    assert [(i.path, i.code) for i in issues] == [
        ("subscriber.address.street_lines[0]", "address.line_too_long")]
    assert "Ligne 2 de l'adresse trop longue : 39 caractères pour 38 au maximum " \
           "(1 caractère de trop)" in issues[0].message


def test_recipient_and_city_lines_are_measured_and_located():
    address = PostalAddress(street_lines=["", "1 rue de la Paix"], postcode="75008",
                            city="x" * 40)
    issues = validate_postal_address(address, "R" * 45, "subscriber.address",
                                     recipient_path="subscriber.name")
    too_long = [i for i in issues if i.code == "address.line_too_long"]
    assert [(i.path, i.message.split(" :")[0]) for i in too_long] == [
        ("subscriber.name", "Ligne 1 de l'adresse trop longue"),
        ("subscriber.address.city", "Ligne 3 de l'adresse trop longue"),
    ]
    assert "45 caractères pour 38 au maximum (7 caractères de trop)" in too_long[0].message
    assert "(8 caractères de trop)" in too_long[1].message  # "75008 " + 40 = 46


def test_accented_characters_count_once():
    address = PostalAddress(street_lines=["é" * 38], postcode="75008", city="PARIS")
    assert validate_postal_address(address, "", "a") == []
    decomposed = PostalAddress(street_lines=["e\u0301" * 38], postcode="75008", city="PARIS")
    assert validate_postal_address(decomposed, "", "a") == []


def test_six_lines_are_fine_and_seven_are_not():
    five = PostalAddress(street_lines=["A", "B", "C", "D"], postcode="75008", city="PARIS")
    assert len(five.lines("Dupont")) == 6
    assert validate_postal_address(five, "Dupont", "a") == []
    seven = PostalAddress(street_lines=["A", "B", "C", "D", "E"], postcode="75008",
                          city="PARIS")
    issues = validate_postal_address(seven, "Dupont", "subscriber.address")
    assert codes(issues) == ["address.too_many_lines"]
    assert issues[0].path == "subscriber.address"
    assert "7 lignes, destinataire compris" in issues[0].message
    assert "6 au maximum (1 de trop)" in issues[0].message


def test_foreign_address_may_have_a_seventh_line_and_no_french_postcode():
    address = PostalAddress(street_lines=["A", "B", "C", "D"], postcode="1000",
                            city="BRUXELLES", country="Belgique")
    assert validate_postal_address(address, "Dupont", "a") == []


def test_address_missing_parts_and_cedex_position():
    address = PostalAddress(street_lines=["TSA 59013 CEDEX"], postcode="", city="")
    found = codes(validate_postal_address(address, "", "operator.service_clients_address"))
    assert found == ["postcode.missing", "city.missing", "cedex.position"]
    address = PostalAddress(street_lines=["1 rue\nde la Paix"], postcode="75008", city="PARIS")
    assert codes(validate_postal_address(address, "", "a")) == ["address.newline"]


def test_empty_address_reports_only_when_asked():
    assert validate_postal_address(PostalAddress(), "X", "a") == []
    issues = validate_postal_address(PostalAddress(), "X", "a", missing=Severity.WARNING)
    assert [(i.code, i.severity) for i in issues] == [("address.missing", Severity.WARNING)]


def test_mediator_address_block_fits():
    address = PostalAddress(street_lines=["électroniques", "CS 30342"], postcode="94257",
                            city="GENTILLY CEDEX")
    assert validate_postal_address(address, "Le Médiateur des communications", "a") == []


# --------------------------------------------------------------------------------------------
# Email


@pytest.mark.parametrize("email", ["dborne@cpme.fr", "jean.dupont+litige@exemple.com",
                                   "a@b.co", "contact@sous.domaine.fr",
                                   "contact@société.fr"])
def test_valid_emails(email):
    assert validate_email(email, "subscriber.email") == []


@pytest.mark.parametrize(
    ("email", "code", "words"),
    [
        ("dborne.cpme.fr", "email.at", "le signe @ manque"),
        ("a@@cpme.fr", "email.at", "plusieurs signes @"),
        ("d borne@cpme.fr", "email.space", "espace"),
        ("@cpme.fr", "email.local", "rien avant le signe @"),
        ("dborne@", "email.domain", "nom de domaine manque"),
        ("dborne@cpme", "email.domain", "« .fr »"),
        ("dborne@cpme.f", "email.domain", "extension"),
        ("dborne@-cpme.fr", "email.domain", "mal formé"),
        ("dborne@cpme..fr", "email.domain", "mal formé"),
        ("d..borne@cpme.fr", "email.local", "points mal placés"),
        (".dborne@cpme.fr", "email.local", "points mal placés"),
        ("élise@exemple.fr", "email.non_ascii", "lettres accentuées"),
        ("élise@exemple", "email.domain", "« .fr »"),
        ("dborne(at)@cpme.fr", "email.local", "non autorisés"),
    ],
)
def test_invalid_emails(email, code, words):
    issues = validate_email(email, "subscriber.email")
    assert codes(issues) == [code]
    assert words in issues[0].message


# --------------------------------------------------------------------------------------------
# Amounts


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0"), []),
        (Decimal("0.00"), []),
        (Decimal("0.01"), []),
        (Decimal("12.5"), []),
        (Decimal("12.500"), []),  # same value as 12.50
        (Decimal("0.005"), ["amount.decimals"]),
        (Decimal("12.345"), ["amount.decimals"]),
        (Decimal("-0.01"), ["amount.negative"]),
        (Decimal("-12.505"), ["amount.negative", "amount.decimals"]),
        (Decimal("NaN"), ["amount.format"]),
        (Decimal("Infinity"), ["amount.format"]),
        (None, []),
    ],
)
def test_amounts(value, expected):
    assert codes(validate_amount(value, "invoice_lines[0].amount_billed")) == expected


def test_amount_messages_are_in_euros():
    (issue,) = validate_amount(Decimal("0.005"), "x", label="Le montant contesté")
    assert issue.message.startswith("Le montant contesté a plus de deux décimales (0,005 €)")
    (issue,) = validate_amount(Decimal("-12.5"), "x")
    assert "négatif (-12,50 €)" in issue.message


@pytest.mark.parametrize(
    ("typed", "value"),
    [("12,50", "12.50"), ("12.50 €", "12.50"), ("1 234,56", "1234.56"), ("1.234,56", "1234.56"),
     ("1,234.56", "1234.56"), ("-3", "-3"), ("0,005", "0.005"), ("\u00a0 7 €", "7"),
     (",5", "0.5")],
)
def test_parse_amount(typed, value):
    assert parse_amount(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["", "abc", "12,50,3", "1e3", "€"])
def test_parse_amount_rejects(typed):
    with pytest.raises(InvalidValueError):
        parse_amount(typed)


def test_format_euros():
    assert format_euros(Decimal("1234.5")) == "1 234,50 €"
    assert format_euros(Decimal("0")) == "0,00 €"
    assert format_euros(Decimal("-1000000")) == "-1 000 000,00 €"


# --------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (TODAY, []),
        (date(2026, 11, 23), ["date.future"]),  # tomorrow
        (date(2024, 2, 29), []),  # leap day
        (None, []),
    ],
)
def test_dates_not_in_the_future(value, expected):
    assert codes(validate_not_future(value, TODAY, "events[0].date", "La date")) == expected


def test_future_date_message():
    (issue,) = validate_not_future(date(2026, 11, 23), TODAY, "events[2].date",
                                   "La date de l'événement")
    assert issue.path == "events[2].date"
    assert issue.message == ("La date de l'événement est dans le futur (23/11/2026, aujourd'hui "
                             "nous sommes le 22/11/2026).")


# --------------------------------------------------------------------------------------------
# Control characters


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Factures\x00 impayées", "Factures impayées"),
        ("ligne 1\r\nligne 2", "ligne 1\nligne 2"),
        ("ligne 1\rligne 2", "ligne 1\nligne 2"),
        ("page 1\x0cpage 2", "page 1\npage 2"),
        ("a\tb\nc", "a\tb\nc"),
        ("tiret\u00adconditionnel", "tiret\u00adconditionnel"),  # U+00AD is not a control
        ("C1\x85 NEL\x9f", "C1\n NEL"),
        ("DEL\x7f", "DEL"),
        ("surrogate\udcff", "surrogate"),
        ("accents éàç « » 🥖\u00a0", "accents éàç « » 🥖\u00a0"),
        ("\x01\x02\x1f", ""),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@given(st.text())
def test_clean_text_is_idempotent_and_leaves_no_control(text):
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert control_characters(cleaned) == []
    cleaned.encode("utf-8")  # no lone surrogate left


@given(st.text(alphabet=st.characters(blacklist_categories=())) | st.text())
def test_needs_cleaning_says_exactly_whether_clean_text_changes_a_text(text):
    from dispute.validation import needs_cleaning

    assert needs_cleaning(text) == (clean_text(text) != text)
    for raw, _ in [("a\rb", ""), ("a\r\nb", ""), ("\x85", ""), ("\udcff", ""), ("\x7f", "")]:
        assert needs_cleaning(text + raw) and not needs_cleaning(clean_text(text + raw))


def test_validate_text_flags_control_characters_as_warning():
    assert validate_text("ligne 1\r\nligne 2\ttab", "summary") == []
    (issue,) = validate_text("abc\x0cdef\x02", "summary")
    assert issue.severity is Severity.WARNING
    assert issue.code == "text.control"
    assert "U+000C, U+0002" in issue.message
    assert "position 4" in issue.message


# --------------------------------------------------------------------------------------------
# The whole case


def _good_case() -> Case:
    case = Case()
    case.subscriber.kind = SubscriberKind.BUSINESS
    case.subscriber.name = "Boulangerie Léa"
    case.subscriber.siren = "732 829 320"
    case.subscriber.email = "contact@boulangerie.fr"
    case.subscriber.phone = "02 31 27 90 60"
    case.subscriber.address = PostalAddress(street_lines=["12 rue de l'Église"],
                                            postcode="14000", city="Caen")
    case.operator.directory_id = "bouygues"
    case.operator.name = "Bouygues Télécom"
    case.operator.service_clients_address = PostalAddress(
        street_lines=["Service Clients", "TSA 59013"], postcode="60643", city="CHANTILLY CEDEX")
    case.lines.append(Line(number="0231000000", kind=LineKind.FIXED))
    case.contract.contract_number = "C-123"
    case.contract.start_date = date(2024, 2, 29)
    case.contract.monthly_price = Decimal("39.99")
    case.natures = ["billing"]  # type: ignore[list-item]
    case.summary = "Double facturation depuis mars."
    case.exhibits.append(Exhibit(id="x1", number=1, date=date(2026, 3, 1)))
    case.invoice_lines.append(InvoiceLine(invoice_number="F1", invoice_date=date(2026, 3, 1),
                                          amount_billed=Decimal("59.99"),
                                          amount_disputed=Decimal("20.00")))
    case.events.append(Event(kind=EventKind.CALL, date=date(2026, 3, 2)))
    case.events.append(Event(
        kind=EventKind.REGISTERED_LETTER, date=date(2026, 4, 1), written=True,
        registered=RegisteredMail(tracking_number="1A00000000001", posted_on=date(2026, 4, 1),
                                  first_presented_on=date(2026, 4, 2),
                                  received_on=date(2026, 4, 3)),
        exhibit_ids=["x1"]))
    case.events.append(Event(kind=EventKind.ANSWER, date=date(2026, 5, 1),
                             outcome=AnswerOutcome.UNSATISFACTORY))
    case.events.append(Event(kind=EventKind.OUTAGE, date=date(2026, 6, 1),
                             end_date=date(2026, 6, 1)))
    return case


def test_a_good_case_has_no_issue():
    assert validate_case(_good_case(), TODAY) == []


def test_empty_case_lists_the_required_fields():
    issues = validate_case(Case(), TODAY)
    errors = [(i.path, i.code) for i in issues if i.is_error]
    assert errors == [("subscriber.name", "required.subscriber_name"),
                      ("operator.name", "required.operator_name"),
                      ("lines", "required.line")]
    warned = {i.code for i in issues if not i.is_error}
    assert {"required.contract_number", "required.summary", "address.missing"} <= warned


def test_business_without_contract_number_is_warned_about_the_cpme():
    case = _good_case()
    case.contract.contract_number = ""
    (issue,) = validate_case(case, TODAY)
    assert (issue.path, issue.severity) == ("contract.contract_number", Severity.WARNING)
    assert "CPME" in issue.message


def test_case_paths_for_field_errors():
    case = _good_case()
    case.subscriber.phone = "023127906"
    case.subscriber.siren = "732829321"
    case.subscriber.email = "x@y"
    case.handling_structure = HandlingStructure(name="CPME Calvados", phone="12")
    case.lines.append(Line(number="06 12 34 56 7", kind=LineKind.MOBILE))
    case.invoice_lines[0].amount_disputed = Decimal("60.00")
    case.events[1].date = date(2026, 11, 23)
    case.events[3].end_date = date(2026, 5, 31)
    issues = validate_case(case, TODAY)
    found = {(i.path, i.code) for i in issues if i.is_error}
    assert found == {
        ("subscriber.phone", "phone.too_short"),
        ("subscriber.siren", "siren.checksum"),
        ("subscriber.email", "email.domain"),
        ("handling_structure.phone", "phone.prefix"),
        ("lines[1].number", "phone.too_short"),
        ("invoice_lines[0].amount_disputed", "invoice.disputed_above_billed"),
        ("events[1].date", "date.future"),
        ("events[3].end_date", "date.order"),
    }
    assert has_errors(issues)
    (disputed,) = at(issues, "invoice_lines[0].amount_disputed")
    assert disputed.message == ("Le montant contesté (60,00 €) dépasse le montant facturé "
                                "(59,99 €).")


def test_registered_letter_dates_must_be_in_order():
    case = _good_case()
    reg = case.events[1].registered
    reg.first_presented_on = date(2026, 3, 31)  # before posting
    reg.received_on = date(2026, 3, 30)  # before presentation
    issues = validate_case(case, TODAY)
    assert {(i.path, i.code) for i in issues} == {
        ("events[1].registered.first_presented_on", "date.order"),
        ("events[1].registered.received_on", "date.order"),
    }


def test_registered_letter_received_without_presentation_and_contradictions():
    case = _good_case()
    reg = case.events[1].registered
    reg.first_presented_on = None
    reg.received_on = date(2026, 3, 31)
    reg.not_claimed = True
    reg.tracking_number = ""
    case.events[1].date = date(2026, 4, 2)
    issues = validate_case(case, TODAY)
    assert {(i.path, i.code, i.severity) for i in issues} == {
        ("events[1].registered.received_on", "date.order", Severity.ERROR),
        ("events[1].registered.not_claimed", "lrar.contradiction", Severity.ERROR),
        ("events[1].registered.tracking_number", "lrar.tracking_missing", Severity.WARNING),
        ("events[1].registered.posted_on", "lrar.date_mismatch", Severity.WARNING),
    }


def test_registered_letter_dates_equal_are_fine_and_future_is_not():
    case = _good_case()
    reg = case.events[1].registered
    reg.first_presented_on = reg.received_on = reg.posted_on
    assert validate_case(case, TODAY) == []
    reg.received_on = date(2026, 11, 23)
    assert {(i.path, i.code) for i in validate_case(case, TODAY)} == {
        ("events[1].registered.received_on", "date.future")}


def test_contract_and_invoice_dates_today_vs_tomorrow():
    case = _good_case()
    case.contract.start_date = TODAY
    case.invoice_lines[0].invoice_date = TODAY
    case.invoice_lines[0].paid_on = TODAY
    assert validate_case(case, TODAY) == []
    case.contract.start_date = date(2026, 11, 23)
    case.invoice_lines[0].invoice_date = date(2026, 11, 23)
    issues = validate_case(case, TODAY)
    assert {(i.path, i.code) for i in issues} == {
        ("contract.start_date", "date.future"),
        ("invoice_lines[0].invoice_date", "date.future"),
        ("invoice_lines[0].paid_on", "invoice.paid_before_invoice"),
    }


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        (Decimal("39.99"), []),
        (Decimal("0"), [("contract.price_zero", Severity.WARNING)]),
        (Decimal("1000.00"), []),
        (Decimal("1000.01"), [("contract.price_high", Severity.WARNING)]),
        (Decimal("-5"), [("amount.negative", Severity.ERROR)]),
        (Decimal("9.999"), [("amount.decimals", Severity.ERROR)]),
        (None, []),
    ],
)
def test_monthly_price(price, expected):
    case = _good_case()
    case.contract.monthly_price = price
    assert [(i.code, i.severity) for i in validate_case(case, TODAY)] == expected


@pytest.mark.parametrize(
    ("billed", "disputed", "expected"),
    [
        ("59.99", "59.99", []),
        ("59.99", "0.00", ["invoice.disputed_zero"]),
        ("59.99", "0.005", ["amount.decimals"]),
        ("-1.00", "0.00", ["amount.negative"]),
        ("10.00", "-1.00", ["amount.negative"]),
        ("10.00", "10.01", ["invoice.disputed_above_billed"]),
    ],
)
def test_invoice_amounts(billed, disputed, expected):
    case = _good_case()
    case.invoice_lines[0].amount_billed = Decimal(billed)
    case.invoice_lines[0].amount_disputed = Decimal(disputed)
    assert codes(validate_case(case, TODAY)) == expected


def test_control_characters_anywhere_in_the_case_are_warnings():
    case = _good_case()
    case.summary = "Double facturation\x0c depuis mars."
    case.events[0].summary = "appel\x00"
    issues = validate_case(case, TODAY)
    assert [(i.path, i.code, i.severity) for i in issues] == [
        ("summary", "text.control", Severity.WARNING),
        ("events[0].summary", "text.control", Severity.WARNING),
    ]


def test_undated_event_unknown_exhibit_and_missing_outcome():
    case = _good_case()
    case.events.append(Event(kind=EventKind.ANSWER, exhibit_ids=["nope"]))
    issues = validate_case(case, TODAY)
    assert [(i.path, i.code, i.severity) for i in issues] == [
        ("events[4].date", "event.date_missing", Severity.WARNING),
        ("events[4].outcome", "event.outcome_missing", Severity.WARNING),
        ("events[4].exhibit_ids[0]", "event.exhibit_missing", Severity.ERROR),
    ]


def test_address_issues_in_a_case_point_to_the_field():
    case = _good_case()
    case.subscriber.name = "Boulangerie-pâtisserie Léa et Fils, SARL"  # 40 characters
    case.operator.service_clients_address.postcode = "6064"
    issues = validate_case(case, TODAY)
    assert {(i.path, i.code) for i in issues} == {
        ("subscriber.name", "address.line_too_long"),
        ("operator.service_clients_address.postcode", "postcode.length"),
    }


def test_broken_commitments_are_checked_against_the_list():
    case = _good_case()
    case.broken_commitments = ["8.1", "9.3", "7.7"]
    issues = validate_case(case, TODAY)
    assert [(i.path, i.code) for i in issues] == [("broken_commitments[2]", "commitment.unknown")]
    case.subscriber.kind = SubscriberKind.PRIVATE
    assert "commitment.private" in codes(validate_case(case, TODAY))


def test_duplicate_line_numbers_are_warned():
    case = _good_case()
    case.lines.append(Line(number="+33 2 31 00 00 00", kind=LineKind.FIXED))
    issues = validate_case(case, TODAY)
    assert [(i.path, i.code) for i in issues] == [("lines[1].number", "line.duplicate")]


def test_issues_under_and_str():
    issues = validate_case(Case(), TODAY)
    assert all(i.path.startswith("subscriber") for i in issues_under(issues, "subscriber"))
    assert str(issues[0]).startswith("Erreur — subscriber.name : Nom du souscripteur")


@given(st.text(max_size=30))
def test_field_validators_never_raise(text):
    validate_phone(text, "p", line_kind=LineKind.MOBILE)
    validate_siren_siret(text, "s")
    validate_postcode(text, "c")
    validate_city(text, "v")
    validate_email(text, "e")
    validate_text(text, "t")


def test_cleaning_text_does_not_import_phonenumbers():
    """The CLI cleans everything it prints with this module: phonenumbers (~35 ms) is only
    imported by the phone functions."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys; from dispute.validation import clean_text; clean_text('a'); "
            "print('phonenumbers' in sys.modules)")
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
