"""Deadlines in the staff's calendar: an iCalendar file (RFC 5545) with the `icalendar` package.

One all-day event per deadline of the procedure engine, and per disputed invoice whose
refund must be claimed before a day (L.34-2 prescription, the engine's invoice flags), with
its « Pourquoi ? » (rule,
delay, source, whether the rule is verified, the event and the date the delay runs from) in
the description, and reminders (VALARM): a limit the subscriber must meet 7 days and 1 day
before, a date something becomes possible or an answer is due on the day at 9:00.

Re-importing updates instead of duplicating (docs/outcomes.md, « Calendrier »):

- ``UID`` = case id + deadline id: stable across exports, one per deadline of a case;
- ``SEQUENCE`` = the case's revision, which the store increments at every save: any change of
  the case that moves a deadline raises it; ``DTSTAMP`` (when the file was made) and
  ``LAST-MODIFIED`` (the case's last save) are in UTC;
- a deadline already met (the answer came, the mediator was seized) or of a closed case is
  kept with ``STATUS:CANCELLED``, so the calendar removes or strikes it. The export of all
  open cases also carries the cases closed within ``RECENTLY_CLOSED_DAYS``, cancelled;
- a deadline can also vanish without being met (an answer whose outcome is not said makes
  the mediator's opening date unknown). The exports made from the store remember, in its
  settings (``EXPORTED_KEY``), which deadlines of which case they wrote and on which date; a
  deadline exported before and gone now is written again, cancelled, on its last date.

The description never depends on the day of the export (no « dans 3 jours »): an event
changes only when the case does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dispute.labels import label
from documents.text import clean_line, clean_text

logger = logging.getLogger(__name__)

PRODID = "-//Recours Télécom//Échéances des dossiers//FR"
UID_DOMAIN = "recours-telecom"
RECENTLY_CLOSED_DAYS = 90
EXPORTED_KEY = "calendar_exported"
"""Settings key: ``{case_id: {deadline_id: "YYYY-MM-DD"}}`` of the last exports."""
LIMIT_REMINDERS = (timedelta(days=-7), timedelta(days=-1))
DAY_REMINDER = timedelta(hours=9)  # on the day, 9:00 (from the all-day event's start)

KIND_TEXT = {
    "limit": "Date limite : à faire au plus tard ce jour.",
    "expected": "Réponse attendue au plus tard ce jour (sinon, l'étape suivante s'ouvre).",
    "opens": "Démarche possible à partir de ce jour.",
}


def event_uid(case_id: str, deadline_id: str) -> str:
    return f"{case_id}-{deadline_id}@{UID_DOMAIN}"


def why_text(basis: Any) -> str:
    """The « Pourquoi ? » of a deadline, as plain French lines (a ``Basis``)."""
    if basis is None:
        return ""
    from dispute.procedure import DATE_KIND_LABELS
    from documents.chronology import rule_source

    rule = basis.rule
    lines = ["Pourquoi ?", f"Règle : {rule.label}"]
    if rule.delay is not None:
        lines.append(f"Délai : {rule.delay.label}")
    # the public source (a document's title, an article), never « seeds/001 » (fresh-eyes 19)
    lines.append(f"Source : {rule_source(rule)}")
    if not rule.verified:
        lines.append("Statut : règle non vérifiée dans une source, à contrôler.")
    event = basis.event
    if event is not None:
        lines.append(f"Calculé à partir de : « {event.label} »")
        # « 10/09/2026, date de réception (accusé de réception signé) »: one bracket level
        lines.append(f"Date utilisée : {event.date:%d/%m/%Y}, "
                     f"{DATE_KIND_LABELS.get(event.date_kind, event.date_kind)}")
        if event.provisional:
            lines.append("Date provisoire : la date de réception n'est pas enregistrée.")
    return "\n".join(lines)


def _utc(moment: datetime | None, fallback: datetime) -> datetime:
    if moment is None:
        return fallback
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)


def _day_event(case, deadline_id: str, day: date, summary: str, cancelled: bool,
               stamp: datetime, modified: datetime, *, categories: bool = True) -> Any:
    """An all-day VEVENT of ``case`` on ``day``: its stable uid, stamps and sequence (the
    case's revision), cancelled or confirmed, never busy."""
    from icalendar import Event

    event = Event()
    event.add("uid", event_uid(case.id, deadline_id))
    event.add("dtstamp", stamp)
    event.add("last-modified", modified)
    event.add("sequence", max(0, int(case.revision)))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    if categories:
        event.add("categories", ["Recours Télécom"])
    return event


def case_events(case, assessment, stamp: datetime,
                previous: dict[str, str] | None = None) -> list[Any]:
    """The VEVENTs of one case's deadlines (cancelled when met or the case is closed), and
    a cancelled one for each deadline of ``previous`` (id → ISO date) that is gone."""
    from dispute.model import CaseStatus
    from dispute.procedure import DeadlineKind, DeadlineState

    who = clean_line(case.subscriber.name) or "dossier sans nom"
    operator = clean_line(case.operator.name)
    closed = case.status is not CaseStatus.OPEN
    modified = _utc(case.updated_at, stamp)
    events = []
    for deadline in assessment.deadlines:
        cancelled = closed or deadline.state is DeadlineState.MET
        event = _day_event(case, deadline.id, deadline.date,
                           f"{clean_line(deadline.label)} — {who}", cancelled, stamp, modified)
        lines = [KIND_TEXT.get(deadline.kind.value, "")]
        if cancelled:
            lines.append("Plus à suivre : " + (
                f"dossier {label(case.status).lower()}." if closed
                else "l'événement attendu est enregistré."))
        if deadline.warning:
            from documents.chronology import human_sources

            # what the weekend or holiday changes: the date is not moved, and why
            moved = human_sources(getattr(deadline, "not_moved", ""))
            lines.append(f"Attention : {clean_line(deadline.warning)} {clean_line(moved)}"
                         .rstrip())
        lines += ["", f"Dossier : {who}" + (f" — {operator}" if operator else ""),
                  f"Identifiant : {case.id}", "", why_text(deadline.basis)]
        event.add("description", clean_text("\n".join(lines)).strip())
        if not cancelled:
            triggers = (LIMIT_REMINDERS if deadline.kind is DeadlineKind.LIMIT
                        else (DAY_REMINDER,))
            _add_reminders(event, triggers, f"{deadline.label} — {who}")
        events.append(event)
    events += _prescription_events(case, assessment, stamp, who, operator, closed, modified)
    current = set(exported_dates(assessment))
    for deadline_id, day in sorted((previous or {}).items()):
        try:
            when = date.fromisoformat(day)
        except (TypeError, ValueError):
            continue
        if deadline_id in current:
            continue
        event = _day_event(case, deadline_id, when, f"Échéance retirée — {who}", True, stamp,
                           modified, categories=False)
        event.add("description", clean_text(
            "Cette échéance ne se calcule plus à partir du dossier (un événement a été "
            f"modifié ou supprimé).\n\nDossier : {who}\nIdentifiant : {case.id}"))
        events.append(event)
    return events


PRESCRIPTION_PREFIX = "prescription-"
"""Deadline id of a disputed invoice line's prescription: this prefix and the line's id."""


def _prescription_limits(assessment) -> list[tuple[str, list[Any]]]:
    """``(deadline id, invoice flags)`` for each disputed invoice whose refund the subscriber
    must claim before a day (« agir au plus tard le … », L.34-2): the case's real limit, which
    the engine gives with the invoice lines, not among its procedure deadlines (fresh-eyes
    23). The lines of one invoice with the same limit make one event, named after the first
    line."""
    groups: dict[tuple[str, date], list[Any]] = {}
    for flag in getattr(assessment, "invoice_flags", ()):
        if flag.act_before is not None:
            key = ("".join(flag.invoice_number.split()).casefold() or flag.invoice_line_id,
                   flag.act_before)
            groups.setdefault(key, []).append(flag)
    return [(PRESCRIPTION_PREFIX + flags[0].invoice_line_id, flags)
            for flags in groups.values()]


def _prescription_events(case, assessment, stamp: datetime, who: str, operator: str,
                         closed: bool, modified: datetime) -> list[Any]:
    """One all-day « Date limite » event per invoice line's prescription limit, with the
    reminders of a limit (7 days and 1 day before); cancelled when the case is closed."""
    events = []
    for deadline_id, flags in _prescription_limits(assessment):
        flag = flags[0]
        number = clean_line(flag.invoice_number)
        title = "Prescription de la facture" + (f" {number}" if number else "")
        event = _day_event(case, deadline_id, flag.act_before, f"{title} — {who}", closed,
                           stamp, modified)
        lines = [KIND_TEXT["limit"]]
        if closed:
            lines.append(f"Plus à suivre : dossier {label(case.status).lower()}.")
        lines += [*dict.fromkeys(_limit_line(f) for f in flags), "",
                  f"Dossier : {who}" + (f" — {operator}" if operator else ""),
                  f"Identifiant : {case.id}", "",
                  why_text(flag.act_before_basis or flag.basis)]
        event.add("description", clean_text("\n".join(lines)).strip())
        if not closed:
            _add_reminders(event, LIMIT_REMINDERS, f"{title} — {who}")
        events.append(event)
    return events


def _add_reminders(event, triggers, text: str) -> None:
    """One displayed alarm per trigger, saying ``text`` on one clean line."""
    from icalendar import Alarm

    for trigger in triggers:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", clean_line(text))
        alarm.add("trigger", trigger)
        event.add_component(alarm)


def _limit_line(flag) -> str:
    """One invoice line's limit, in words that depend on the case only (never on the day of
    the export, unlike the engine's « dans 12 jours »)."""
    from dispute.calendar import format_date_fr

    number = clean_line(flag.invoice_number) or "(sans numéro)"
    what = f"Facture {number}" + (f", « {clean_line(flag.label)} »" if clean_line(flag.label)
                                  else "")
    unknown = "" if flag.claim.value == "customer_refund" else (
        " (date de paiement inconnue : calcul depuis la date de la facture)")
    return (f"{what} : demande de remboursement à faire au plus tard le "
            f"{format_date_fr(flag.act_before)}{unknown} (prescription d'un an, L.34-2). "
            "Seule une action en justice interrompt ce délai ; une médiation le suspend.")


def exported_dates(assessment) -> dict[str, str]:
    """What ``previous`` will hold for this case at the next export."""
    dates = {d.id: d.date.isoformat() for d in assessment.deadlines}
    dates.update((deadline_id, flags[0].act_before.isoformat())
                 for deadline_id, flags in _prescription_limits(assessment))
    return dates


def calendar_bytes(cases: Iterable[tuple[Any, Any]], *, name: str,
                   stamp: datetime | None = None,
                   previous: dict[str, dict[str, str]] | None = None) -> bytes:
    """An iCalendar file of the deadlines of ``(case, assessment)`` pairs; ``previous``:
    what the last exports wrote, by case id (module docstring)."""
    from icalendar import Calendar

    stamp = _utc(stamp, datetime.now(UTC)) if stamp else datetime.now(UTC).replace(
        microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", clean_line(name))
    for case, assessment in cases:
        before = (previous or {}).get(case.id)
        for event in case_events(case, assessment, stamp,
                                 before if isinstance(before, dict) else None):
            calendar.add_component(event)
    return calendar.to_ical()


def calendar_assessment(case, today: date):
    """The engine's assessment whose deadlines go in the calendar. A closed case has none
    left to follow, but the events exported while it was open must be cancelled: its
    deadlines are those it would have open, all exported cancelled (``case_events``)."""
    import copy

    from dispute.model import CaseStatus
    from dispute.procedure import assess

    if case.status is not CaseStatus.OPEN:
        case = copy.copy(case)
        case.status = CaseStatus.OPEN
    return assess(case, today)


def case_calendar_bytes(case, today: date, *, stamp: datetime | None = None,
                        store=None) -> bytes:
    """The calendar of one case's deadlines; with ``store``, what was exported before is
    read from and recorded in its settings."""
    who = clean_line(case.subscriber.name) or "dossier sans nom"
    assessment = calendar_assessment(case, today)
    previous = _read_exported(store)
    data = calendar_bytes([(case, assessment)], name=f"Échéances — {who}", stamp=stamp,
                          previous=previous)
    if store is not None:
        previous[case.id] = {**previous.get(case.id, {}), **exported_dates(assessment)}
        _write_exported(store, previous)
    return data


def _read_exported(store) -> dict[str, dict[str, str]]:
    if store is None:
        return {}
    try:
        value = store.read_settings().get(EXPORTED_KEY)
    except Exception as exc:  # noqa: BLE001 - unreadable settings: export without memory
        logger.warning("Calendar memory unreadable: %s", exc)
        return {}
    if not isinstance(value, dict):
        return {}
    return {k: dict(v) for k, v in value.items() if isinstance(k, str) and isinstance(v, dict)}


def _write_exported(store, exported: dict[str, dict[str, str]]) -> None:
    """Record what was exported (called after the file was made; a failure only loses the
    memory of vanished deadlines, never the export)."""
    try:
        settings = store.read_settings()
        settings[EXPORTED_KEY] = exported
        store.write_settings(settings)
    except Exception as exc:  # noqa: BLE001
        logger.warning("Calendar memory not saved: %s", exc)


def calendar_case_ids(summaries: Iterable[Any], today: date,
                      recently_closed_days: int = RECENTLY_CLOSED_DAYS) -> list[str]:
    """The cases of the all-cases calendar: the open ones, and those closed (last saved)
    within ``recently_closed_days`` so that their events are cancelled."""
    from dispute.model import CaseStatus

    since = datetime.combine(today - timedelta(days=recently_closed_days), time.min, UTC)
    out = []
    for s in summaries:
        if s.problem or s.status is None:
            continue
        if s.status is CaseStatus.OPEN or (s.updated_at is not None
                                          and _utc(s.updated_at, since) >= since):
            out.append(s.id)
    return out


def store_calendar_bytes(store, today: date, *, stamp: datetime | None = None,
                         progress: Callable[[int, int], bool] | None = None
                         ) -> tuple[bytes, list[str]]:
    """The calendar of all open cases of ``store`` (a ``store.CaseStore``), with the recently
    closed ones cancelled; returns the file and the French warnings (cases that could not be
    read are left out and named). ``progress(done, total)`` returning False cancels."""
    ids = calendar_case_ids(store.list_cases(), today)
    previous = _read_exported(store)
    pairs, warnings = [], []
    for index, case_id in enumerate(ids, start=1):
        try:
            case = store.load_case(case_id)
        except Exception as exc:  # noqa: BLE001 - one unreadable case must not stop the export
            logger.warning("Case %s left out of the calendar: %s", case_id, exc)
            warnings.append(f"Dossier {case_id} illisible, absent du calendrier : "
                            f"{getattr(exc, 'message', None) or exc}")
            continue
        pairs.append((case, calendar_assessment(case, today)))
        if progress is not None and not progress(index, len(ids)):
            raise InterruptedError("Export du calendrier annulé.")
    data = calendar_bytes(pairs, name="Recours Télécom — échéances", stamp=stamp,
                          previous=previous)
    # The memory keeps the cases of this export only: one closed long ago drops out.
    exported = {case.id: {**previous.get(case.id, {}), **exported_dates(assessment)}
                for case, assessment in pairs}
    _write_exported(store, exported)
    return data, warnings
