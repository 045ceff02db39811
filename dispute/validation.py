"""Field and case validation with precise French messages.

Two levels:

- **single fields**, usable inline by a form: ``validate_phone``, ``validate_siren_siret``,
  ``validate_postcode``, ``validate_city``, ``validate_postal_address``, ``validate_email``,
  ``validate_amount``, ``validate_not_future``, ``validate_text``. Each returns a list of
  :class:`ValidationIssue` (empty when the value is fine) and never raises. The ``normalize_*``
  and ``parse_amount`` helpers return the normalised value or raise :class:`InvalidValueError`
  whose ``message`` is the French text to show.
- **the whole case**: :func:`validate_case` (pure function of the case and ``today``).

Every issue carries the path of its field in the case, written like the codec's paths without
the leading ``$.``: ``subscriber.phone``, ``events[2].date``, ``invoice_lines[0].amount_disputed``.

Severity policy (what blocks and what only warns):

- ``error``: the value is wrong (invalid number, checksum, date in the future, end before start,
  negative amount, more than two decimals, disputed > billed, address line over 38 characters...)
  or the case cannot produce a usable letter or dossier. Required for a usable case, as errors:
  the subscriber's name, the operator's name and at least one line number: they are items 1 to 3
  the CPME requires (seeds/000) and no letter to the operator or the mediator makes sense without
  them.
- ``warning``: something to check or complete, which does not stop the user from working: a
  missing contract number (item 4 of the CPME, blocking only for that route, which the procedure
  engine decides), a missing summary (item 5), a missing subscriber or operator address, an
  undated event, control characters pasted from a PDF, unusual but possible values (monthly price
  of 0 or over 1,000 €, a mobile number on a line declared fixed...).

No network access, no Qt, no storage: only ``phonenumbers`` (imported by the phone
functions on first use) and the standard library.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum, StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any

# Control characters (text pasted from a PDF): dispute/control_chars.py, re-exported here.
from dispute.control_chars import (  # noqa: F401 - this module's public functions
    clean_text,
    clean_texts_in,
    control_characters,
    needs_cleaning,
)
from dispute.event_senders import consistent as sender_consistent
from dispute.model import (
    Case,
    EventKind,
    HandlingStructure,
    LineKind,
    PostalAddress,
    SubscriberKind,
)

if TYPE_CHECKING:
    import phonenumbers

logger = logging.getLogger(__name__)

MAX_ADDRESS_LINES = 6
"""NF Z10-011: at most 6 lines, recipient included.

An address abroad is allowed one more line for the country (La Poste practice as commonly
described; unverified against the standard's text)."""

MAX_ADDRESS_LINE_LENGTH = 38
"""NF Z10-011: at most 38 characters (spaces included) per line."""

MONTHLY_PRICE_WARNING = Decimal("1000")
"""A monthly price above this is possible (large business contracts) but worth checking."""

LA_POSTE_SIREN = "356000000"
"""La Poste's SIRETs do not all follow the Luhn formula: their digit sum is a multiple of 5."""


# --------------------------------------------------------------------------------------------
# Issues and errors


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_LABELS: dict[Severity, str] = {Severity.ERROR: "Erreur", Severity.WARNING: "Avertissement"}


@dataclass(frozen=True)
class ValidationIssue:
    """One problem found on one field."""

    path: str  # "subscriber.phone", "events[2].date"...
    message: str  # French, complete sentence, says what is wrong and, when possible, how to fix
    severity: Severity = Severity.ERROR
    code: str = ""  # stable machine-readable code ("phone.too_short"), for tests and the GUI

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        return f"{SEVERITY_LABELS[self.severity]} — {self.path} : {self.message}"


class InvalidValueError(ValueError):
    """Raised by the ``normalize_*`` and ``parse_*`` helpers; ``message`` is French."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def has_errors(issues: Iterable[ValidationIssue]) -> bool:
    return any(i.is_error for i in issues)


def errors(issues: Iterable[ValidationIssue]) -> list[ValidationIssue]:
    return [i for i in issues if i.severity is Severity.ERROR]


def warnings(issues: Iterable[ValidationIssue]) -> list[ValidationIssue]:
    return [i for i in issues if i.severity is Severity.WARNING]


def issues_under(issues: Iterable[ValidationIssue], prefix: str) -> list[ValidationIssue]:
    """Issues of a field and of its sub-fields (``"subscriber"`` → ``subscriber.phone``...)."""
    return [
        i for i in issues
        if i.path == prefix or i.path.startswith(prefix + ".") or i.path.startswith(prefix + "[")
    ]


def _issue(path: str, message: str, code: str, severity: Severity = Severity.ERROR
           ) -> ValidationIssue:
    return ValidationIssue(path=path, message=message, severity=severity, code=code)


# --------------------------------------------------------------------------------------------
# Formatting helpers (French)


def format_date_fr(value: date) -> str:
    """``date(2024, 2, 29)`` → ``"29/02/2024"``."""
    return value.strftime("%d/%m/%Y")


def format_euros(value: Decimal) -> str:
    """``Decimal("1234.5")`` → ``"1 234,50 €"`` (more decimals kept when there are more)."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    exponent = value.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    text = f"{value:.{places}f}"
    whole, _, fraction = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{' '.join(groups)},{fraction} €"


def _quote(text: str) -> str:
    return f"« {text} »"


def _plural(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n in (0, 1) else (plural or singular + 's')}"


def _codepoint(char: str) -> str:
    return f"U+{ord(char):04X}"


def validate_text(value: str, path: str) -> list[ValidationIssue]:
    """Warn about control characters in a free text (see :func:`clean_text`)."""
    if not isinstance(value, str) or not value:
        return []
    found = control_characters(value)
    if not found:
        return []
    codes = ", ".join(dict.fromkeys(_codepoint(c) for _, c in found))
    first = found[0][0] + 1
    if len(found) == 1:
        text = (f"Caractère de contrôle invisible {codes} à la position {first} "
                "(souvent copié depuis un PDF)")
    else:
        text = (f"{len(found)} caractères de contrôle invisibles ({codes}), le premier à la "
                f"position {first} (souvent copiés depuis un PDF)")
    return [_issue(path, text + " : nettoyez le texte pour les retirer.", "text.control",
                   Severity.WARNING)]


# --------------------------------------------------------------------------------------------
# Phone numbers


class PhoneKind(StrEnum):
    FIXED = "fixed"
    MOBILE = "mobile"
    VOIP = "voip"  # 09: box / voice over IP
    SPECIAL = "special"  # 08 toll-free, shared cost, premium, UAN
    OTHER = "other"


PHONE_KIND_LABELS: dict[PhoneKind, str] = {
    PhoneKind.FIXED: "numéro fixe",
    PhoneKind.MOBILE: "numéro mobile",
    PhoneKind.VOIP: "numéro de box (09)",
    PhoneKind.SPECIAL: "numéro spécial (08)",
    PhoneKind.OTHER: "numéro",
}

FRENCH_REGIONS = frozenset({"FR", "RE", "YT", "GP", "MQ", "GF", "BL", "MF", "PM",
                            "NC", "PF", "WF"})
"""Regions whose numbers are French (metropolitan, overseas departments and collectivities)."""

# Overseas departments and collectivities dialled from mainland France with a 0 and 10 digits
# (0262/0692 La Réunion, 0269/0639 Mayotte, 0590/0690 Guadeloupe and Saint-Martin/Barthélemy,
# 0596/0696 Martinique, 0594/0694 Guyane). Tried before "FR" so that their E.164 form carries
# their own country code (+262, +590...).
_OVERSEAS_REGIONS = ("RE", "YT", "GP", "MQ", "GF", "BL", "MF")
_DIALLED_WITH_ZERO = frozenset({"FR", *_OVERSEAS_REGIONS})


@lru_cache(maxsize=1)
def _phone_types() -> tuple[dict[int, PhoneKind], frozenset[int]]:
    """The kinds of subscriber numbers and the special (non-geographic, premium...) types.
    ``phonenumbers`` is imported on first use, as in every function here: it costs ~35 ms
    that the commands which only clean text (``main.py list``, ``dossier``) do not need."""
    from phonenumbers import PhoneNumberType

    subscriber = {
        PhoneNumberType.FIXED_LINE: PhoneKind.FIXED,
        PhoneNumberType.MOBILE: PhoneKind.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE: PhoneKind.OTHER,
        PhoneNumberType.VOIP: PhoneKind.VOIP,
    }
    special = frozenset({PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE,
                         PhoneNumberType.SHARED_COST, PhoneNumberType.UAN})
    return subscriber, special

_PHONE_SEPARATORS = frozenset(" .-/()\u00a0\u202f\t")
_EXAMPLE_PHONE = "02 31 27 90 60"


@dataclass(frozen=True)
class PhoneNumber:
    """A validated phone number."""

    e164: str  # "+33231279060", "+262262123456"
    display: str  # "02 31 27 90 60" for French numbers, "+44 20 7946 0958" otherwise
    region: str  # "FR", "RE", "GB"...
    kind: PhoneKind
    is_french: bool


def _pairs(ten_digits: str) -> str:
    return " ".join(ten_digits[i:i + 2] for i in range(0, len(ten_digits), 2))


def _phone_kind(number: phonenumbers.PhoneNumber) -> PhoneKind:
    import phonenumbers

    subscriber, special = _phone_types()
    kind = phonenumbers.number_type(number)
    if kind in special:
        return PhoneKind.SPECIAL
    return subscriber.get(kind, PhoneKind.OTHER)


def _phone_result(number: phonenumbers.PhoneNumber) -> PhoneNumber:
    import phonenumbers
    from phonenumbers import PhoneNumberFormat

    region = phonenumbers.region_code_for_number(number) or ""
    national = str(number.national_number)
    if region in _DIALLED_WITH_ZERO and len(national) == 9:
        display = _pairs("0" + national)  # as dialled from mainland France: "02 62 12 34 56"
    else:  # Saint-Pierre-et-Miquelon, Pacific, abroad
        display = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    return PhoneNumber(
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        display=display,
        region=region,
        kind=_phone_kind(number),
        is_french=region in FRENCH_REGIONS,
    )


def _parse(text: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    import phonenumbers

    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def normalize_phone(value: str) -> PhoneNumber:
    """Validate a phone number typed in French national or international form.

    Accepted: ``"02 31 27 90 60"``, ``"0231279060"``, ``"02.31.27.90.60"``,
    ``"+33 2 31 27 90 60"``, ``"+33 (0)2 31 27 90 60"``, ``"0033 2 31 27 90 60"``, overseas
    numbers (``"0262 12 34 56"`` → ``+262262123456``) and valid foreign numbers in
    international form (``is_french`` is then false). Raises :class:`InvalidValueError` saying
    what is wrong (characters, too short, too long, unassigned range).
    """
    text = clean_text(value or "").strip()
    if not text:
        raise InvalidValueError("Numéro de téléphone vide.", "phone.empty")
    bad = [c for c in dict.fromkeys(text)
           if not (c.isascii() and c.isdigit()) and c not in _PHONE_SEPARATORS and c != "+"]
    if bad:
        shown = ", ".join(_quote(c) for c in bad)
        raise InvalidValueError(
            f"Le numéro contient des caractères non autorisés ({shown}) : seuls les chiffres, "
            "les espaces, les points, les tirets et le signe + initial sont acceptés.",
            "phone.characters",
        )
    if "+" in text.lstrip("+") or text.count("+") > 1:
        raise InvalidValueError("Le signe + n'est accepté qu'une fois, au début du numéro.",
                                "phone.plus")
    international = text.startswith("+")
    if international:
        text = text.replace("(0)", "")
    digits = "".join(c for c in text if c.isdigit())
    if not international and digits.startswith("00"):
        international, digits = True, digits[2:]
    if international:
        return _normalize_international(digits)
    return _normalize_national(digits)


def _normalize_international(digits: str) -> PhoneNumber:
    import phonenumbers

    if digits.startswith("33"):
        national = digits[2:]
        if len(national) == 10 and national.startswith("0"):
            national = national[1:]  # "+33 0231279060": the 0 is dropped after +33
        if len(national) < 9:
            raise InvalidValueError(
                f"Numéro trop court : après l'indicatif +33, 9 chiffres sont attendus, "
                f"{_plural(len(national), 'saisi')}.", "phone.too_short")
        if len(national) > 9:
            raise InvalidValueError(
                f"Numéro trop long : après l'indicatif +33, 9 chiffres sont attendus, "
                f"{_plural(len(national), 'saisi')}.", "phone.too_long")
        return _normalize_national("0" + national)
    number = _parse("+" + digits, None)
    if number is None or not phonenumbers.region_code_for_number(number):
        raise InvalidValueError(
            "Indicatif international inconnu : vérifiez les premiers chiffres après le + ou "
            "après le préfixe international 00.",
            "phone.country_code")
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == phonenumbers.ValidationResult.TOO_SHORT:
        raise InvalidValueError(
            f"Numéro trop court pour l'indicatif +{number.country_code}.", "phone.too_short")
    if reason == phonenumbers.ValidationResult.TOO_LONG:
        raise InvalidValueError(
            f"Numéro trop long pour l'indicatif +{number.country_code}.", "phone.too_long")
    if not phonenumbers.is_valid_number(number):
        raise InvalidValueError(
            f"Numéro invalide pour l'indicatif +{number.country_code} : aucun numéro attribué "
            "ne correspond ; vérifiez les chiffres.", "phone.invalid")
    return _phone_result(number)


def _normalize_national(digits: str) -> PhoneNumber:
    import phonenumbers

    if not digits.startswith("0"):
        hint = " Il manque peut-être le 0 initial." if len(digits) == 9 else ""
        raise InvalidValueError(
            f"Un numéro français commence par 0 (par exemple {_EXAMPLE_PHONE}) ou par +33 "
            f"au format international.{hint}", "phone.prefix")
    if len(digits) < 10:
        raise InvalidValueError(
            f"Numéro trop court : {_plural(len(digits), 'chiffre')} saisi"
            f"{'s' if len(digits) > 1 else ''}, 10 attendus (par exemple {_EXAMPLE_PHONE}).",
            "phone.too_short")
    if len(digits) > 10:
        raise InvalidValueError(
            f"Numéro trop long : {len(digits)} chiffres saisis, 10 attendus "
            f"(par exemple {_EXAMPLE_PHONE}).", "phone.too_long")
    for region in _OVERSEAS_REGIONS:
        number = _parse(digits, region)
        if (number is not None and phonenumbers.is_valid_number(number)
                and _phone_kind(number) is not PhoneKind.SPECIAL):
            return _phone_result(number)
    number = _parse(digits, "FR")
    if number is None or not phonenumbers.is_valid_number(number):
        raise InvalidValueError(
            f"Numéro invalide : {_pairs(digits)} n'appartient à aucune tranche de numéros "
            "attribuée en France ; vérifiez les chiffres.", "phone.invalid")
    return _phone_result(number)


def validate_phone(value: str, path: str = "phone", *, required: bool = False,
                   line_kind: LineKind | None = None) -> list[ValidationIssue]:
    """Issues of a phone field. With ``line_kind``, also checks the number suits the line.

    For a line of kind internet, TV or other, the "number" may be an identifier that is not a
    phone number (a box or a fibre line reference): problems are warnings there.
    """
    if not (value or "").strip():
        if required:
            return [_issue(path, "Numéro de téléphone manquant.", "phone.missing")]
        return []
    lenient = line_kind in (LineKind.INTERNET, LineKind.TV, LineKind.OTHER)
    try:
        number = normalize_phone(value)
    except InvalidValueError as exc:
        if lenient:
            return [_issue(path, exc.message + " S'il s'agit d'un identifiant de ligne et non "
                           "d'un numéro de téléphone, ignorez cet avertissement.", exc.code,
                           Severity.WARNING)]
        return [_issue(path, exc.message, exc.code)]
    issues = []
    if line_kind is not None:
        if not number.is_french:
            issues.append(_issue(
                path, f"Numéro étranger ({number.display}) : vérifiez qu'il s'agit bien de la "
                "ligne souscrite auprès d'un opérateur français.", "phone.foreign",
                Severity.WARNING))
        if number.kind is PhoneKind.SPECIAL:
            issues.append(_issue(
                path, f"{number.display} est un numéro spécial (08), pas un numéro de ligne "
                "d'abonné : vérifiez le numéro.", "phone.special", Severity.WARNING))
        elif line_kind is LineKind.MOBILE and number.kind in (PhoneKind.FIXED, PhoneKind.VOIP):
            issues.append(_issue(
                path, f"{number.display} est un {PHONE_KIND_LABELS[number.kind]} alors que la "
                "ligne est déclarée mobile : vérifiez le numéro ou le type de ligne.",
                "phone.kind_mismatch", Severity.WARNING))
        elif line_kind is LineKind.FIXED and number.kind is PhoneKind.MOBILE:
            issues.append(_issue(
                path, f"{number.display} est un numéro mobile alors que la ligne est déclarée "
                "fixe : vérifiez le numéro ou le type de ligne.", "phone.kind_mismatch",
                Severity.WARNING))
    return issues


# --------------------------------------------------------------------------------------------
# SIREN / SIRET


@dataclass(frozen=True)
class CompanyNumber:
    """A validated SIREN (9 digits) or SIRET (14 digits)."""

    digits: str
    is_siret: bool
    siren: str  # the first 9 digits

    @property
    def display(self) -> str:
        """``"732 829 320"`` or ``"732 829 320 00074"``."""
        d = self.digits
        base = f"{d[0:3]} {d[3:6]} {d[6:9]}"
        return f"{base} {d[9:]}" if self.is_siret else base


def luhn_is_valid(digits: str) -> bool:
    """The Luhn formula used by SIREN and SIRET (rightmost digit is the check digit)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


_COMPANY_SPACES = frozenset(" \u00a0\u202f\t")

# What the user reads when a SIREN/SIRET fails its check digit (no jargon: the rule itself,
# Luhn or La Poste's, is of no help to someone copying the number from a document).
_CHECK_KEY_MESSAGE = ("Ce numéro n'est pas valide (la clé de contrôle ne correspond pas) : "
                      "vérifiez-le sur un extrait Kbis ou une facture")


def normalize_siren_siret(value: str) -> CompanyNumber:
    """Validate a SIREN or a SIRET (spaces allowed); raise :class:`InvalidValueError`.

    SIREN: 9 digits, Luhn formula. SIRET: 14 digits; its first 9 digits must be a valid SIREN
    and the 14 digits must pass the Luhn formula, except for La Poste (SIREN 356 000 000)
    whose establishments are valid when the sum of the 14 digits is a multiple of 5 (its head
    office, 356 000 000 00048, follows the Luhn formula and is accepted too).
    """
    text = clean_text(value or "").strip()
    if not text:
        raise InvalidValueError("SIREN ou SIRET vide.", "siren.empty")
    bad = [c for c in dict.fromkeys(text)
           if not (c.isascii() and c.isdigit()) and c not in _COMPANY_SPACES]
    if bad:
        shown = ", ".join(_quote(c) for c in bad)
        s = "s" if len(bad) > 1 else ""
        raise InvalidValueError(
            f"Un SIREN ou un SIRET ne contient que des chiffres (espaces acceptés) : "
            f"caractère{s} {shown} refusé{s}.", "siren.characters")
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) not in (9, 14):
        raise InvalidValueError(
            f"Un SIREN compte 9 chiffres et un SIRET 14 : {_plural(len(digits), 'chiffre')} "
            f"saisi{'s' if len(digits) > 1 else ''}.", "siren.length")
    siren = digits[:9]
    if set(siren) == {"0"}:
        raise InvalidValueError("000 000 000 n'est pas un SIREN attribué.", "siren.zero")
    if len(digits) == 9:
        if not luhn_is_valid(digits):
            raise InvalidValueError(_CHECK_KEY_MESSAGE + ".", "siren.checksum")
        return CompanyNumber(digits=digits, is_siret=False, siren=siren)
    if siren == LA_POSTE_SIREN:
        digit_sum = sum(int(c) for c in digits)
        if not (luhn_is_valid(digits) or digit_sum % 5 == 0):
            raise InvalidValueError(
                _CHECK_KEY_MESSAGE + ", en particulier les 5 derniers chiffres.",
                "siret.la_poste_checksum")
        return CompanyNumber(digits=digits, is_siret=True, siren=siren)
    if not luhn_is_valid(siren):
        raise InvalidValueError(
            _CHECK_KEY_MESSAGE + f", en particulier les 9 premiers chiffres "
            f"({siren[0:3]} {siren[3:6]} {siren[6:9]}), qui forment le SIREN.",
            "siret.siren_checksum")
    if not luhn_is_valid(digits):
        raise InvalidValueError(
            _CHECK_KEY_MESSAGE + ". Les 9 premiers chiffres (le SIREN) sont bons : l'erreur "
            "est sans doute dans les 5 derniers.", "siret.checksum")
    return CompanyNumber(digits=digits, is_siret=True, siren=siren)


def validate_siren_siret(value: str, path: str = "subscriber.siren") -> list[ValidationIssue]:
    """Issues of an optional SIREN/SIRET field (empty is fine)."""
    if not (value or "").strip():
        return []
    try:
        normalize_siren_siret(value)
    except InvalidValueError as exc:
        return [_issue(path, exc.message, exc.code)]
    return []


# --------------------------------------------------------------------------------------------
# Postcodes, cities, CEDEX

_OVERSEAS_POSTCODE_PREFIXES = {
    "971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion",
    "975": "Saint-Pierre-et-Miquelon", "976": "Mayotte",
}
_PACIFIC_POSTCODE_PREFIXES = {
    "980": "Monaco", "984": "Terres australes et antarctiques françaises",
    "986": "Wallis-et-Futuna", "987": "Polynésie française", "988": "Nouvelle-Calédonie",
}


def validate_postcode(value: str, path: str = "postcode", *, required: bool = True
                      ) -> list[ValidationIssue]:
    """A French postcode: 5 digits, no space, plausible department prefix.

    Accepted prefixes: 01 to 95 (20 is Corsica: 2A and 2B both use 20xxx), 971 to 976
    (overseas departments, Saint-Pierre-et-Miquelon), 98x (Monaco 980, TAAF 984, Wallis-et-Futuna
    986, Polynésie 987, Nouvelle-Calédonie 988; another 98x is a warning). CEDEX postcodes
    follow the same rule.
    """
    text = value or ""
    if not text.strip():
        if required:
            return [_issue(path, "Code postal manquant.", "postcode.missing")]
        return []
    stripped = text.strip()
    compact = "".join(stripped.split())
    if compact.isascii() and compact.isdigit() and len(compact) == 5 and compact != stripped:
        return [_issue(path, f"Le code postal s'écrit en 5 chiffres sans espace : "
                       f"{_quote(compact)} et non {_quote(stripped)}.", "postcode.spaces")]
    if not (stripped.isascii() and stripped.isdigit()):
        return [_issue(path, f"Code postal invalide ({_quote(stripped)}) : 5 chiffres "
                       "attendus, sans lettre ni signe.", "postcode.characters")]
    if len(stripped) != 5:
        hint = ""
        if len(stripped) == 4:
            hint = f" Le 0 initial a-t-il été perdu ({_quote('0' + stripped)}) ?"
        return [_issue(path, f"Code postal invalide : 5 chiffres attendus, {_quote(stripped)} "
                       f"en compte {len(stripped)}.{hint}", "postcode.length")]
    prefix2, prefix3 = stripped[:2], stripped[:3]
    if prefix2 == "97":
        if prefix3 not in _OVERSEAS_POSTCODE_PREFIXES:
            return [_issue(path, f"Code postal invalide : {prefix3} n'est pas un département "
                           "d'outre-mer (971 à 976 attendus).", "postcode.department")]
        return []
    if prefix2 == "98":
        if prefix3 not in _PACIFIC_POSTCODE_PREFIXES:
            return [_issue(path, f"Code postal inhabituel : le préfixe {prefix3} ne correspond "
                           "à aucune collectivité connue (980, 984, 986, 987, 988) ; "
                           "vérifiez-le.",
                           "postcode.department", Severity.WARNING)]
        return []
    if prefix2 == "00" or prefix2 == "96" or prefix2 == "99":
        return [_issue(path, f"Code postal invalide : aucun département ne commence par "
                       f"{prefix2} (01 à 95, 971 à 976 ou 98x attendus).",
                       "postcode.department")]
    return []


_CEDEX_RE = re.compile(r"\bcedex\b", re.IGNORECASE)
_CEDEX_TAIL_RE = re.compile(r"^(?P<city>.*?)\s*\bcedex\b(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)


def validate_city(value: str, path: str = "city", *, required: bool = True
                  ) -> list[ValidationIssue]:
    """The city of the last address line, optionally followed by ``CEDEX`` and its number.

    ``"GENTILLY CEDEX"`` and ``"LILLE CEDEX 9"`` are fine; ``"CEDEX"`` alone, ``"CEDEX LILLE"``
    or ``"LILLE CEDEX B"`` are not. The postcode belongs in its own field.
    """
    text = (value or "").strip()
    if not text:
        if required:
            return [_issue(path, "Ville (localité) manquante.", "city.missing")]
        return []
    issues = []
    if re.match(r"^\d{5}\b", text):
        issues.append(_issue(path, f"Le code postal est saisi avec la ville ({_quote(text)}) : "
                             "mettez-le dans le champ « Code postal ».", "city.postcode"))
    match = _CEDEX_TAIL_RE.match(text)
    if match:
        city, rest = match.group("city").strip(), match.group("rest").strip()
        if not city:
            issues.append(_issue(path, "La mention CEDEX suit le nom de la localité "
                                 "(par exemple « GENTILLY CEDEX ») : la localité manque.",
                                 "cedex.city"))
        if rest and not re.fullmatch(r"\d{1,2}", rest):
            issues.append(_issue(path, f"Après CEDEX, seul le numéro du bureau distributeur "
                                 f"(1 ou 2 chiffres) est admis, pas {_quote(rest)} "
                                 "(par exemple « LILLE CEDEX 9 »).", "cedex.number"))
    return issues


# --------------------------------------------------------------------------------------------
# Postal addresses (NF Z10-011)


def _is_foreign(address: PostalAddress) -> bool:
    country = address.country.strip().casefold()
    return bool(country) and country not in ("france", "fr", "france métropolitaine")


def _address_line_paths(address: PostalAddress, recipient: str, path: str,
                        recipient_path: str) -> list[tuple[str, str]]:
    """The printed lines of ``address.lines(recipient)`` with the field each comes from."""
    out: list[tuple[str, str]] = []
    if recipient.strip():
        out.append((recipient.strip(), recipient_path))
    for index, line in enumerate(address.street_lines):
        if line.strip():
            out.append((line.strip(), f"{path}.street_lines[{index}]"))
    last = " ".join(p for p in (address.postcode.strip(), address.city.strip().upper()) if p)
    if last:
        out.append((last, f"{path}.city"))
    if address.country.strip():
        out.append((address.country.strip().upper(), f"{path}.country"))
    printed = address.lines(recipient)
    if [line for line, _ in out] != printed:  # the model changed: fall back to the block path
        logger.warning("Address layout differs from PostalAddress.lines(); paths approximated")
        return [(line, path) for line in printed]
    return out


def validate_postal_address(address: PostalAddress, recipient: str = "", path: str = "address",
                            *, recipient_path: str | None = None,
                            missing: Severity | None = None,
                            missing_message: str = "Adresse postale manquante."
                            ) -> list[ValidationIssue]:
    """Issues of an address block as it will be printed: ``address.lines(recipient)``.

    At most 6 lines (recipient included) of at most 38 characters (NF Z10-011), a postcode and
    a city (French checks skipped for a foreign country), CEDEX only at the end of the city
    line. An empty address gives no issue unless ``missing`` gives the severity to report.
    """
    recipient_path = recipient_path or f"{path}.recipient"
    if address.is_empty():
        if missing is not None:
            return [_issue(path, missing_message, "address.missing", missing)]
        return []
    issues: list[ValidationIssue] = []
    foreign = _is_foreign(address)
    if foreign:
        if not address.city.strip():
            issues.append(_issue(f"{path}.city", "Localité manquante.", "city.missing"))
    else:
        issues += validate_postcode(address.postcode, f"{path}.postcode")
        issues += validate_city(address.city, f"{path}.city")
    for index, line in enumerate(address.street_lines):
        if "\n" in line or "\t" in line:
            issues.append(_issue(f"{path}.street_lines[{index}]",
                                 "Retour à la ligne ou tabulation dans une ligne d'adresse : "
                                 "saisissez une ligne par champ.", "address.newline"))
        if _CEDEX_RE.search(line):
            issues.append(_issue(f"{path}.street_lines[{index}]",
                                 "La mention CEDEX se place sur la dernière ligne, après la "
                                 "localité (par exemple « 94257 GENTILLY CEDEX »).",
                                 "cedex.position", Severity.WARNING))
    lines = _address_line_paths(address, recipient, path, recipient_path)
    limit = MAX_ADDRESS_LINES + (1 if foreign else 0)
    if len(lines) > limit:
        extra = len(lines) - limit
        issues.append(_issue(
            path, f"L'adresse compte {len(lines)} lignes, destinataire compris ; la norme "
            f"postale NF Z10-011 en admet {limit} au maximum ({extra} de trop) : regroupez "
            "ou supprimez des lignes.", "address.too_many_lines"))
    for number, (line, field_path) in enumerate(lines, start=1):
        length = len(unicodedata.normalize("NFC", line))
        if length > MAX_ADDRESS_LINE_LENGTH:
            excess = length - MAX_ADDRESS_LINE_LENGTH
            issues.append(_issue(
                field_path, f"Ligne {number} de l'adresse trop longue : {length} caractères "
                f"pour {MAX_ADDRESS_LINE_LENGTH} au maximum ({_plural(excess, 'caractère')} de "
                f"trop) : {_quote(line)}.", "address.line_too_long"))
    return issues


# --------------------------------------------------------------------------------------------
# Email

_EMAIL_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$")
_EMAIL_LABEL_RE = re.compile(r"^(?!-)[^\W_](?:[\w-]*[^\W_])?$")


def validate_email(value: str, path: str = "email", *, required: bool = False
                   ) -> list[ValidationIssue]:
    """A sanity check of an email address (no network, no DNS)."""
    text = (value or "").strip()
    if not text:
        if required:
            return [_issue(path, "Adresse électronique manquante.", "email.missing")]
        return []

    def bad(message: str, code: str) -> list[ValidationIssue]:
        return [_issue(path, f"Adresse électronique invalide ({_quote(text)}) : {message}",
                       code)]

    if any(c.isspace() for c in text):
        return bad("elle ne doit pas contenir d'espace.", "email.space")
    if text.count("@") == 0:
        return bad("le signe @ manque.", "email.at")
    if text.count("@") > 1:
        return bad("elle contient plusieurs signes @.", "email.at")
    local, domain = text.split("@")
    if not local:
        return bad("rien avant le signe @.", "email.local")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return bad("la partie avant le @ contient des points mal placés.", "email.local")
    notes: list[ValidationIssue] = []
    if not _EMAIL_LOCAL_RE.match(local):
        offending = [c for c in local if not _EMAIL_LOCAL_RE.match(c)]
        if not all(c.isalpha() and not c.isascii() for c in offending):
            return bad("la partie avant le @ contient des caractères non autorisés.",
                       "email.local")
        notes.append(_issue(path, f"Adresse électronique inhabituelle ({_quote(text)}) : les "
                            "lettres accentuées avant le @ sont rarement acceptées ; "
                            "vérifiez-la.", "email.non_ascii", Severity.WARNING))
    if not domain:
        return bad("le nom de domaine manque après le @.", "email.domain")
    if "." not in domain:
        return bad(f"nom de domaine incomplet ({_quote(domain)}) : il manque par exemple "
                   "« .fr » ou « .com ».", "email.domain")
    labels = domain.split(".")
    if any(not _EMAIL_LABEL_RE.match(label) for label in labels):
        return bad(f"nom de domaine mal formé ({_quote(domain)}).", "email.domain")
    if len(labels[-1]) < 2 or labels[-1].isdigit():
        return bad(f"extension de domaine invalide ({_quote(labels[-1])}).", "email.domain")
    return notes


# --------------------------------------------------------------------------------------------
# Amounts

_CENT = Decimal("0.01")


def parse_amount(text: str) -> Decimal:
    """Parse an amount as typed: ``"12,50"``, ``"12.50 €"``, ``"1 234,56"``, ``"-3"``.

    The sign is kept (:func:`validate_amount` judges it). Raises :class:`InvalidValueError`.
    """
    raw = clean_text(text or "").strip()
    compact = re.sub(r"[\s\u00a0\u202f']", "", raw).replace("€", "").replace("EUR", "")
    if not compact:
        raise InvalidValueError("Montant vide.", "amount.empty")
    if "," in compact and "." in compact:
        decimal_sep = "," if compact.rfind(",") > compact.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        compact = compact.replace(thousands, "")
    compact = compact.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", compact):
        raise InvalidValueError(
            f"Montant invalide ({_quote(raw)}) : saisissez un nombre en euros, par exemple "
            "« 12,50 ».", "amount.format")
    try:
        return Decimal(compact)
    except InvalidOperation:  # pragma: no cover - the regular expression prevents it
        raise InvalidValueError(f"Montant invalide ({_quote(raw)}).", "amount.format") from None


def validate_amount(value: Decimal | None, path: str = "amount", *, label: str = "Le montant",
                    required: bool = False) -> list[ValidationIssue]:
    """An amount in euros: finite, at least 0, at most two decimals."""
    if value is None:
        if required:
            return [_issue(path, f"{label} manque.", "amount.missing")]
        return []
    if not isinstance(value, Decimal) or not value.is_finite():
        return [_issue(path, f"{label} n'est pas un nombre valide.", "amount.format")]
    issues = []
    if value < 0:
        issues.append(_issue(path, f"{label} ne peut pas être négatif ({format_euros(value)}).",
                             "amount.negative"))
    if value != value.quantize(_CENT):
        issues.append(_issue(path, f"{label} a plus de deux décimales ({format_euros(value)}) : "
                             "un montant en euros s'arrête aux centimes.", "amount.decimals"))
    return issues


# --------------------------------------------------------------------------------------------
# Dates


def validate_not_future(value: date | None, today: date, path: str, what: str
                        ) -> list[ValidationIssue]:
    """``what`` is the subject of the sentence: ``"La date de l'événement"``."""
    if value is not None and value > today:
        return [_issue(path, f"{what} est dans le futur ({format_date_fr(value)}, aujourd'hui "
                       f"nous sommes le {format_date_fr(today)}).", "date.future")]
    return []


def _validate_order(earlier: date | None, later: date | None, path: str, message: str
                    ) -> list[ValidationIssue]:
    if earlier is not None and later is not None and later < earlier:
        return [_issue(path, message.format(earlier=format_date_fr(earlier),
                                            later=format_date_fr(later)), "date.order")]
    return []


# --------------------------------------------------------------------------------------------
# The whole case


def validate_case(case: Case, today: date) -> list[ValidationIssue]:
    """Every issue of a case, errors and warnings, in a stable order (see the module doc)."""
    issues: list[ValidationIssue] = []
    issues += _validate_required(case)
    issues += _validate_subscriber(case)
    issues += _validate_handling_structure(case)
    issues += _validate_operator(case)
    issues += _validate_lines(case)
    issues += _validate_contract(case, today)
    issues += _validate_invoice_lines(case, today)
    issues += _validate_events(case, today)
    issues += _validate_exhibits(case, today)
    issues += validate_not_future(case.portability_requested_on, today,
                                  "portability_requested_on",
                                  "La date de la demande de portabilité")
    issues += _validate_commitments(case)
    issues += _validate_all_texts(case)
    from dispute.amounts import private_ht_issues  # amounts reads the model only

    issues += private_ht_issues(case)
    return issues


def _validate_required(case: Case) -> list[ValidationIssue]:
    issues = []
    # The CPME route is for businesses: a private subscriber's messages never mention it.
    def cpme(item: int) -> str:
        return f" (élément {item} exigé par la CPME)" if case.is_business else ""

    if not case.subscriber.name.strip():
        issues.append(_issue("subscriber.name", "Nom du souscripteur du contrat manquant : il "
                             f"figure sur chaque courrier{cpme(1)}.",
                             "required.subscriber_name"))
    if not case.operator.name.strip():
        issues.append(_issue("operator.name", "Nom de l'opérateur manquant : choisissez-le dans "
                             f"l'annuaire ou saisissez-le{cpme(2)}.",
                             "required.operator_name"))
    if not any(line.number.strip() for line in case.lines):
        issues.append(_issue("lines", "Aucun numéro de ligne : indiquez au moins la ligne "
                             f"concernée{cpme(3)}.", "required.line"))
    contract = case.contract
    if not contract.contract_number.strip():
        if case.is_business:
            issues.append(_issue("contract.contract_number", "Numéro de contrat manquant : il "
                                 "est indispensable pour saisir la CPME (élément 4).",
                                 "required.contract_number", Severity.WARNING))
        elif not contract.customer_number.strip():
            issues.append(_issue("contract.contract_number", "Ni numéro de contrat ni numéro "
                                 "client : l'opérateur les demande pour retrouver le dossier ; "
                                 "ils figurent sur le contrat et les factures.",
                                 "required.contract_number", Severity.WARNING))
    if not case.summary.strip():
        issues.append(_issue("summary", "Résumé du litige manquant : un résumé fidèle, clair et "
                             "chronologique est " + ("exigé par la CPME (élément 5) et utile "
                                                     "au médiateur." if case.is_business
                                                     else "utile au médiateur et repris dans "
                                                     "les courriers."),
                             "required.summary", Severity.WARNING))
    if not case.natures:
        issues.append(_issue("natures", "Nature du litige non précisée.", "required.nature",
                             Severity.WARNING))
    return issues


def _validate_subscriber(case: Case) -> list[ValidationIssue]:
    sub = case.subscriber
    issues = validate_siren_siret(sub.siren, "subscriber.siren")
    if sub.siren.strip() and sub.kind is SubscriberKind.PRIVATE:
        issues.append(_issue("subscriber.siren", "Un SIREN ou un SIRET est saisi pour un "
                             "particulier : s'agit-il d'un contrat professionnel ?",
                             "subscriber.siren_private", Severity.WARNING))
    issues += validate_email(sub.email, "subscriber.email")
    issues += validate_phone(sub.phone, "subscriber.phone")
    issues += validate_postal_address(
        sub.address, sub.name, "subscriber.address", recipient_path="subscriber.name",
        missing=Severity.WARNING,
        missing_message="Adresse du souscripteur manquante : elle figure comme expéditeur des "
        "courriers.")
    return issues


def _validate_handling_structure(case: Case) -> list[ValidationIssue]:
    hs = case.handling_structure
    return [] if hs is None else _structure_issues(hs)


def _structure_issues(hs: HandlingStructure) -> list[ValidationIssue]:
    issues = []
    if not hs.name.strip():
        issues.append(_issue("handling_structure.name", "Nom de la structure qui suit le dossier "
                             "manquant.", "required.structure_name", Severity.WARNING))
    issues += validate_email(hs.email, "handling_structure.email")
    issues += validate_phone(hs.phone, "handling_structure.phone")
    issues += validate_postal_address(hs.address, hs.name, "handling_structure.address",
                                      recipient_path="handling_structure.name")
    return issues


def validate_handling_structure(hs: HandlingStructure) -> list[ValidationIssue]:
    """Every issue of a handling structure, as :func:`validate_case` reports them for a case
    that has it (same messages, same ``handling_structure…`` paths, same order): its name,
    e-mail, phone, its address as printed (a city without postcode: « Code postal
    manquant. »), then the text of each field. The new-case wizard and Paramètres (and the
    first-launch set-up) read this one check, so a structure Paramètres accept never stops
    the wizard's first page."""
    issues = _structure_issues(hs)
    for path, text in _walk_strings(hs, "handling_structure"):
        issues += validate_text(text, path)
    return issues


def _validate_operator(case: Case) -> list[ValidationIssue]:
    op = case.operator
    issues = []
    for attr in ("service_clients_address", "service_consommateurs_address"):
        issues += validate_postal_address(getattr(op, attr), op.name, f"operator.{attr}",
                                          recipient_path="operator.name")
    if op.name.strip() and op.service_clients_address.is_empty() \
            and op.service_consommateurs_address.is_empty():
        issues.append(_issue("operator", "Aucune adresse postale de l'opérateur : relevez celles "
                             "du service clients et du service consommateurs sur le contrat "
                             "ou une facture.", "operator.no_address", Severity.WARNING))
    return issues


def _validate_lines(case: Case) -> list[ValidationIssue]:
    issues = []
    seen: dict[str, int] = {}
    for index, line in enumerate(case.lines):
        path = f"lines[{index}].number"
        if not line.number.strip():
            issues.append(_issue(path, "Numéro de ligne vide : complétez-le ou supprimez la "
                                 "ligne.", "line.empty", Severity.WARNING))
            continue
        issues += validate_phone(line.number, path, line_kind=line.kind)
        try:
            key = normalize_phone(line.number).e164
        except InvalidValueError:
            key = "".join(line.number.split())
        if key in seen:
            issues.append(_issue(path, f"Ce numéro figure déjà à la ligne {seen[key] + 1}.",
                                 "line.duplicate", Severity.WARNING))
        else:
            seen[key] = index
    return issues


def _validate_contract(case: Case, today: date) -> list[ValidationIssue]:
    contract = case.contract
    issues = validate_not_future(contract.start_date, today, "contract.start_date",
                                 "La date de début du contrat")
    price = contract.monthly_price
    issues += validate_amount(price, "contract.monthly_price", label="Le prix mensuel")
    if isinstance(price, Decimal) and price.is_finite():
        if price == 0:
            issues.append(_issue("contract.monthly_price", "Prix mensuel nul : vérifiez-le, les "
                                 "indemnités légales se calculent à partir de ce prix.",
                                 "contract.price_zero", Severity.WARNING))
        elif price > MONTHLY_PRICE_WARNING:
            issues.append(_issue("contract.monthly_price", f"Prix mensuel inhabituellement élevé "
                                 f"({format_euros(price)}) : vérifiez qu'il s'agit bien du prix "
                                 "par mois.", "contract.price_high", Severity.WARNING))
    return issues


def _validate_invoice_lines(case: Case, today: date) -> list[ValidationIssue]:
    issues = []
    for index, inv in enumerate(case.invoice_lines):
        path = f"invoice_lines[{index}]"
        if not inv.invoice_number.strip():
            issues.append(_issue(f"{path}.invoice_number", "Numéro de facture manquant.",
                                 "invoice.number_missing", Severity.WARNING))
        if inv.invoice_date is None:
            issues.append(_issue(f"{path}.invoice_date", "Date de facture manquante.",
                                 "invoice.date_missing", Severity.WARNING))
        issues += validate_not_future(inv.invoice_date, today, f"{path}.invoice_date",
                                      "La date de la facture")
        issues += validate_not_future(inv.paid_on, today, f"{path}.paid_on",
                                      "La date de paiement")
        for attr, what, code in (("due_date", "L'échéance", "invoice.due_before_invoice"),
                                 ("paid_on", "La date de paiement",
                                  "invoice.paid_before_invoice")):
            later = getattr(inv, attr)
            if inv.invoice_date is not None and later is not None and later < inv.invoice_date:
                issues.append(_issue(
                    f"{path}.{attr}", f"{what} ({format_date_fr(later)}) précède la date de la "
                    f"facture ({format_date_fr(inv.invoice_date)}).", code, Severity.WARNING))
        billed_issues = validate_amount(inv.amount_billed, f"{path}.amount_billed",
                                        label="Le montant facturé", required=True)
        disputed_issues = validate_amount(inv.amount_disputed, f"{path}.amount_disputed",
                                          label="Le montant contesté", required=True)
        issues += billed_issues + disputed_issues
        if not billed_issues and not disputed_issues:
            if inv.amount_disputed > inv.amount_billed:
                issues.append(_issue(
                    f"{path}.amount_disputed", f"Le montant contesté "
                    f"({format_euros(inv.amount_disputed)}) dépasse le montant facturé "
                    f"({format_euros(inv.amount_billed)}).", "invoice.disputed_above_billed"))
            elif inv.amount_disputed == 0:
                issues.append(_issue(f"{path}.amount_disputed", "Montant contesté nul : "
                                     "indiquez la somme réclamée sur cette ligne.",
                                     "invoice.disputed_zero", Severity.WARNING))
    return issues


def _validate_events(case: Case, today: date) -> list[ValidationIssue]:
    issues = []
    exhibit_ids = {x.id for x in case.exhibits}
    for index, event in enumerate(case.events):
        path = f"events[{index}]"
        if event.date is None:
            issues.append(_issue(f"{path}.date", "Date de l'événement manquante : la chronologie "
                                 "et le calcul des délais en dépendent.", "event.date_missing",
                                 Severity.WARNING))
        issues += validate_not_future(event.date, today, f"{path}.date",
                                      "La date de l'événement")
        issues += validate_not_future(event.end_date, today, f"{path}.end_date",
                                      "La date de fin")
        issues += _validate_order(event.date, event.end_date, f"{path}.end_date",
                                  "La date de fin ({later}) précède la date de début "
                                  "({earlier}).")
        if event.kind is EventKind.ANSWER and event.outcome is None:
            issues.append(_issue(f"{path}.outcome", "Réponse reçue : précisez si elle est "
                                 "satisfaisante, partielle ou insatisfaisante.",
                                 "event.outcome_missing", Severity.WARNING))
        if event.kind is EventKind.REGISTERED_LETTER:
            issues += _validate_registered(event, path, today)
        if not sender_consistent(event):
            issues.append(_issue(f"{path}.sender", "L'expéditeur ne correspond pas au sens de "
                                 "l'échange (envoyé par l'abonné ou la structure, reçu de "
                                 "l'opérateur ou d'un tiers) : vérifiez l'un ou l'autre.",
                                 "event.sender_direction", Severity.WARNING))
        for j, exhibit_id in enumerate(event.exhibit_ids):
            if exhibit_id not in exhibit_ids:
                issues.append(_issue(f"{path}.exhibit_ids[{j}]", "Pièce jointe introuvable dans "
                                     "le dossier (supprimée ?).", "event.exhibit_missing"))
    return issues


def _validate_registered(event: Any, path: str, today: date) -> list[ValidationIssue]:
    reg = event.registered
    if reg is None:
        return [_issue(f"{path}.registered", "Suivi de la lettre recommandée non renseigné : "
                       "numéro, dates de dépôt, de première présentation et de réception.",
                       "lrar.missing", Severity.WARNING)]
    rpath = f"{path}.registered"
    issues = []
    if not reg.tracking_number.strip():
        issues.append(_issue(f"{rpath}.tracking_number", "Numéro de suivi de la lettre "
                             "recommandée manquant (il figure sur la preuve de dépôt).",
                             "lrar.tracking_missing", Severity.WARNING))
    issues += validate_not_future(reg.posted_on, today, f"{rpath}.posted_on",
                                  "La date de dépôt")
    issues += validate_not_future(reg.first_presented_on, today, f"{rpath}.first_presented_on",
                                  "La date de première présentation")
    issues += validate_not_future(reg.received_on, today, f"{rpath}.received_on",
                                  "La date de réception")
    issues += _validate_order(reg.posted_on, reg.first_presented_on,
                              f"{rpath}.first_presented_on", "La première présentation ({later})"
                              " précède le dépôt de la lettre ({earlier}).")
    issues += _validate_order(reg.first_presented_on, reg.received_on, f"{rpath}.received_on",
                              "La réception ({later}) précède la première présentation "
                              "({earlier}).")
    if reg.first_presented_on is None:
        issues += _validate_order(reg.posted_on, reg.received_on, f"{rpath}.received_on",
                                  "La réception ({later}) précède le dépôt de la lettre "
                                  "({earlier}).")
    if reg.not_claimed and reg.received_on is not None:
        issues.append(_issue(f"{rpath}.not_claimed", "La lettre est indiquée à la fois reçue "
                             f"(le {format_date_fr(reg.received_on)}) et non réclamée : "
                             "choisissez l'un ou l'autre.", "lrar.contradiction"))
    if reg.posted_on is not None and event.date is not None and reg.posted_on != event.date:
        issues.append(_issue(f"{rpath}.posted_on", f"La date de dépôt "
                             f"({format_date_fr(reg.posted_on)}) diffère de la date de "
                             f"l'événement ({format_date_fr(event.date)}) : pour une lettre, "
                             "c'est le jour de l'envoi.", "lrar.date_mismatch", Severity.WARNING))
    return issues


def _validate_exhibits(case: Case, today: date) -> list[ValidationIssue]:
    issues = []
    for index, exhibit in enumerate(case.exhibits):
        issues += validate_not_future(exhibit.date, today, f"exhibits[{index}].date",
                                      "La date de la pièce")
    return issues


def _validate_commitments(case: Case) -> list[ValidationIssue]:
    if not case.broken_commitments:
        return []
    issues = []
    if not case.is_business:
        issues.append(_issue("broken_commitments", "Les engagements certifiés concernent les "
                             "clients entreprises : vérifiez qu'ils s'appliquent à ce contrat.",
                             "commitment.private", Severity.WARNING))
    try:
        from dispute.commitments import CommitmentsError, load_commitments
    except ImportError:  # pragma: no cover - module shipped with this one
        return issues
    try:
        known = load_commitments()
    except CommitmentsError as exc:
        logger.warning("Commitments not loaded, numbers not checked: %s", exc)
        return issues
    for index, number in enumerate(case.broken_commitments):
        if known.get(number) is None:
            issues.append(_issue(f"broken_commitments[{index}]", f"Engagement n° "
                                 f"{_quote(number)} inconnu de la liste des engagements "
                                 "certifiés.", "commitment.unknown", Severity.WARNING))
    return issues


def _walk_strings(value: Any, path: str) -> Iterable[tuple[str, str]]:
    if isinstance(value, Enum):  # StrEnum members are str too; they hold no user text
        return
    if isinstance(value, str):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            child = f"{path}.{f.name}" if path else f.name
            yield from _walk_strings(getattr(value, f.name), child)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _walk_strings(item, f"{path}[{index}]")


def _validate_all_texts(case: Case) -> list[ValidationIssue]:
    issues = []
    for path, text in _walk_strings(case, ""):
        issues += validate_text(text, path)
    return issues
