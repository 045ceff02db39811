"""The Bilan's tables and charts, once, for the window, the PDF, the XLSX and the CSV.

``bilan_tables`` turns a ``dispute.bilan.Bilan`` into named tables of typed values (numbers
stay numbers for the spreadsheet); ``bilan_charts`` into bar charts; ``bilan_report`` into
the content model's ``Report`` (tables and charts) that ``render_pdf`` prints. The writers of
the spreadsheet formats are in ``documents.bilan_files``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from dispute.bilan import Bilan, days_text, percent
from dispute.labels import label
from dispute.model import OutcomeResult
from documents.content import (
    Align,
    BarChart,
    Heading,
    Paragraph,
    Reference,
    Report,
    Table,
)
from documents.text import format_euros

TOP_CATEGORIES = 12
"""Charts show the first categories only (the tables have them all)."""


class NamedTable(NamedTuple):
    name: str  # sheet name: at most 31 characters, none of []:*?/\
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    note: str = ""


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def period_text(bilan: Bilan) -> str:
    return f"du {_d(bilan.period.start)} au {_d(bilan.period.end)}"


def filter_text(bilan: Bilan) -> str:
    names = {r.key: r.label for r in bilan.by_operator}
    parts = []
    for key, value in bilan.filters.describe():
        if key == "Opérateur":
            value = names.get(value, value)
        parts.append(f"{key} : {value}")
    return " ; ".join(parts) or "aucun (tous les dossiers)"


def basis_text(bilan: Bilan) -> str:
    return label(bilan.basis)


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def summary_table(bilan: Bilan) -> NamedTable:
    basis = basis_text(bilan)
    rows: list[tuple[Any, ...]] = [
        ("Période", period_text(bilan)),
        ("Filtres", filter_text(bilan)),
        ("Montants", f"en euros {basis} (convertis au taux de TVA de 20 %)"),
        ("Dossiers suivis sur la période", bilan.in_scope),
        ("Dossiers ouverts sur la période", bilan.opened),
        ("Dossiers clos sur la période", bilan.closed),
        (f"Dossiers en cours au {_d(bilan.period.end)}", bilan.open_at_end),
        ("Dossiers clos sans issue renseignée", bilan.closing_without_outcome),
        ("Succès (obtenu en totalité ou en partie)", bilan.route_total.successes),
        ("Issues tranchées (totalité, partie, refus)", bilan.route_total.decided),
        ("Taux de succès", _rate(bilan.route_total.success_rate)),
        (f"Montant réclamé ({basis})", bilan.amount_total.claimed),
        (f"Montant obtenu ({basis})", bilan.amount_total.obtained),
        (f"Dossiers en cours avec une échéance dépassée au {_d(bilan.today)}",
         len({r.case_id for r in bilan.overdue})),
    ]
    if bilan.skipped:
        rows.append(("Dossiers non comptés (illisibles ou résumé à recalculer)", bilan.skipped))
    return NamedTable("Synthèse", "Synthèse", ("Indicateur", "Valeur"), rows)


def _count_table(name: str, title: str, first: str, rows, bilan: Bilan) -> NamedTable:
    return NamedTable(name, title, (first, "Dossiers suivis", "Ouverts", "Clos",
                                    f"En cours au {_d(bilan.period.end)}"),
                      [(r.label, r.in_scope, r.opened, r.closed, r.open_at_end) for r in rows])


def bilan_tables(bilan: Bilan) -> list[NamedTable]:
    """Every table of the Bilan, then the one-row-per-case table, in order."""
    basis = basis_text(bilan)
    results = list(OutcomeResult)
    route_rows = [
        (r.label, r.closed, *(r.results[x] for x in results), r.successes,
         _rate(r.success_rate))
        for r in (*bilan.by_route, bilan.route_total)
    ]
    tables = [
        summary_table(bilan),
        _count_table("Opérateurs", "Par opérateur", "Opérateur", bilan.by_operator, bilan),
        _count_table("Natures", "Par nature de litige", "Nature", bilan.by_nature, bilan)
        ._replace(note="Un dossier de plusieurs natures compte dans chacune."),
        NamedTable("Issues par voie", "Issues et taux de succès par voie",
                   ("Voie", "Clos avec issue", *(label(x) for x in results), "Succès",
                    "Taux de succès"), route_rows,
                   "Taux de succès : obtenu en totalité ou en partie, sur les issues tranchées "
                   "(totalité, partie, refus)."),
        NamedTable("Avis du médiateur", "Suivi de l'avis du médiateur (issues devant le "
                   "médiateur)", ("Partie", "Avis suivi", "Avis non suivi", "Non renseigné"),
                   [tuple(r) for r in bilan.opinions]),
        NamedTable("Montants", f"Montants réclamés et obtenus ({basis})",
                   ("Voie", "Dossiers avec un montant", f"Réclamé ({basis})",
                    f"Obtenu ({basis})", "Part obtenue"),
                   [(r.label, r.cases, r.claimed, r.obtained, _rate(r.recovery_rate))
                    for r in (*bilan.amounts, bilan.amount_total)]),
        NamedTable("Durées", "Durées médianes (dossiers clos sur la période)",
                   ("Étape", "Dossiers", "Médiane (jours)"),
                   [(r.label, r.cases, r.median_days) for r in bilan.durations],
                   "Chaque étape court de son début à l'étape suivante atteinte, ou à la "
                   "clôture."),
        NamedTable("Échéances dépassées", f"Dossiers en cours avec une échéance dépassée "
                   f"au {_d(bilan.today)}",
                   ("Dossier", "Abonné", "Opérateur", "Étape", "Échéance", "Date",
                    "Jours de retard"),
                   [(r.case_id, r.subscriber_name, r.operator_name, r.stage_label, r.deadline,
                     r.due, r.days_late) for r in bilan.overdue]),
        case_table(bilan),
    ]
    return tables


CASE_HEADER_BASE = ("Dossier", "Abonné", "Opérateur", "Type d'abonné", "Natures", "Structure",
                    "Département", "Statut", "Ouvert le", "Première réclamation", "Clos le",
                    "Résultat", "Voie")


def case_table(bilan: Bilan) -> NamedTable:
    basis = basis_text(bilan)
    header = (*CASE_HEADER_BASE, f"Réclamé ({basis})", f"Obtenu ({basis})",
              "Jours jusqu'à la clôture", "Échéances dépassées")
    rows = []
    for c in bilan.cases:
        first = c.milestones.get("first_complaint")
        outcome = c.outcome if c.closed is not None else None
        rows.append((
            c.id, c.subscriber_name, c.operator_name, label(c.kind),
            ", ".join(label(n) for n in c.natures), c.structure, c.departement,
            label(c.status), c.opened, first, c.closed,
            label(outcome.result) if outcome else "",
            label(outcome.route) if outcome else "",
            outcome.claimed if outcome else None, outcome.obtained if outcome else None,
            (c.closed - first).days if first and c.closed and c.closed >= first else None,
            len(c.overdue),
        ))
    return NamedTable("Dossiers", "Un dossier par ligne", header, rows)


# --- charts ---------------------------------------------------------------------------------


def bilan_charts(bilan: Bilan) -> list[BarChart]:
    charts = []
    ops = bilan.by_operator[:TOP_CATEGORIES]
    if ops:
        charts.append(BarChart("Dossiers par opérateur", [r.label for r in ops],
                               [("Ouverts", [r.opened for r in ops]),
                                ("Clos", [r.closed for r in ops])], "dossiers"))
    natures = bilan.by_nature[:TOP_CATEGORIES]
    if natures:
        charts.append(BarChart("Dossiers par nature de litige", [r.label for r in natures],
                               [("Dossiers suivis", [r.in_scope for r in natures])],
                               "dossiers"))
    routes = [r for r in bilan.by_route if r.decided]
    if routes:
        charts.append(BarChart("Taux de succès par voie (%)", [r.label for r in routes],
                               [("Taux de succès", [round(100 * r.success_rate, 1)
                                                    for r in routes])],
                               "%"))
    amounts = [r for r in bilan.amounts if r.cases]
    if amounts:
        basis = basis_text(bilan)
        charts.append(BarChart(f"Montants par voie (€ {basis})", [r.label for r in amounts],
                               [("Réclamé", [float(r.claimed) for r in amounts]),
                                ("Obtenu", [float(r.obtained) for r in amounts])],
                               f"€ {basis}"))
    durations = [r for r in bilan.durations if r.median_days is not None]
    if durations:
        charts.append(BarChart("Durées médianes (jours)", [r.label for r in durations],
                               [("Médiane", [r.median_days for r in durations])], "jours"))
    return charts


# --- the PDF report -------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A table value as printed: numbers in French, rates in percent, dates dd/mm/yyyy."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format_euros(value)
    if isinstance(value, float):
        return days_text(value)
    if isinstance(value, date):
        return _d(value)
    return str(value)


def _printed(table: NamedTable, rate_columns: Sequence[int] = ()) -> Table:
    rows = []
    for row in table.rows:
        rows.append(tuple(percent(v) if i in rate_columns else cell_text(v)
                          for i, v in enumerate(row)))
    n = len(table.header)
    align = (Align.LEFT,) + (Align.RIGHT,) * (n - 1)
    widths = COLUMN_WIDTHS.get(table.name, (2.6,) + (1.0,) * (n - 1))
    if table.name == "Échéances dépassées":
        align = (Align.LEFT,) * 5 + (Align.RIGHT,) * 2
    return Table(table.header, rows, align=align, widths=widths)


RATE_COLUMNS = {"Issues par voie": (len(OutcomeResult) + 3,), "Montants": (4,)}
COLUMN_WIDTHS = {"Échéances dépassées": (1.2, 1.8, 1.2, 1.6, 2.4, 1.0, 0.8)}


def bilan_report(bilan: Bilan, *, author: str = "") -> Report:
    """The PDF report: header, the charts, then every table but the one-row-per-case one
    (it is in the XLSX and the CSV)."""
    tables = bilan_tables(bilan)
    summary, *others = tables[:-1]
    header = [Reference(str(k), cell_text(v) if k != "Taux de succès" else percent(v))
              for k, v in summary.rows if k != "Période"]  # the subtitle says it
    blocks: list[Any] = [Heading("Graphiques")]
    blocks += bilan_charts(bilan) or [Paragraph.of("Aucun dossier sur la période.")]
    for table in others:
        blocks.append(Heading(table.title))
        if table.rows:
            blocks.append(_printed(table, RATE_COLUMNS.get(table.name, ())))
        else:
            blocks.append(Paragraph.of("Aucun."))
        if table.note:
            blocks.append(Paragraph.of(table.note))
    return Report(title="Bilan d'activité", subtitle=f"Période {period_text(bilan)}",
                  generated_on=bilan.today, header=tuple(header), blocks=tuple(blocks),
                  author=author)
