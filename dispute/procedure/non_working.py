"""What a date falling on a Saturday, a Sunday or a public holiday changes: nothing, and why.

The app never moves such a date to the next working day (docs/procedure.md « Dates »): the
delays it applies come from the rules of ``assets/rules.json``, and neither those rules nor
their sources provide for a carry-over. :func:`not_moved_text` says so next to the weekend
warning, naming the rule and its source, and for a limit the subscriber must meet, the last
working day before it. The text may hold « (seeds/NNN) » references, as every engine text:
the screens show them through ``documents.chronology.human_sources``.
"""

from __future__ import annotations

from datetime import date

from dispute.calendar import (
    format_date_fr,
    is_working_day,
    next_working_day,
    previous_working_day,
)
from dispute.procedure.results import DeadlineKind
from dispute.rules import Rule


def _source_name(rule: Rule) -> str:
    """The source's name without its quotation: « Fiche du service public sur le médiateur
    (seeds/001) » of « … (seeds/001) : « si le service clients… » »."""
    return rule.source_label.split(" : ")[0].strip() or rule.source_label


def not_moved_text(when: date, kind: DeadlineKind, rule: Rule,
                   subdiv: str | None = None) -> str:
    """« L'application ne reporte pas cette date au lundi 12 octobre 2026 : ni la règle
    appliquée (« … ») ni sa source (…) ne prévoient de report au jour ouvré suivant. » and,
    for a limit (``DeadlineKind.LIMIT``), « Par prudence, agissez au plus tard le vendredi
    9 octobre 2026. »; "" when ``when`` is a working day."""
    if is_working_day(when, subdiv):
        return ""
    later = next_working_day(when, subdiv)
    text = (f"L'application ne reporte pas cette date au {format_date_fr(later, weekday=True)}"
            f" : ni la règle appliquée (« {rule.label} ») ni sa source ({_source_name(rule)})"
            " ne prévoient de report au jour ouvré suivant.")
    if kind is DeadlineKind.LIMIT:
        earlier = previous_working_day(when, subdiv)
        text += (f" Par prudence, agissez au plus tard le "
                 f"{format_date_fr(earlier, weekday=True)}.")
    return text
