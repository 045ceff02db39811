"""The case window's header: subscriber, operator, lines, contract, stage and its reason, the
routes of this kind of subscriber (the mediator for a private one, the Médiateur des
entreprises and the CPME for a business, the court when it is the route left; a green tick
only next to a route open today) — or, for a closed case, its outcome — and the banner under
it (unreadable letter settings, a closed case, exhibits with a problem).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from dispute.labels import label
from dispute.model import CaseStatus
from gui.case_view import text as txt
from gui.case_view.cards import (
    severity_icon,
    wrapped_label,
)
from gui.widgets import InlineMessage

logger = logging.getLogger(__name__)

ROUTE_KEYS = ("mediator", "business_mediator", "cpme", "court")
ROUTE_NAMES = {"mediator": "Médiateur", "business_mediator": "Médiateur des entreprises",
               "cpme": "CPME", "court": "Tribunal"}


class HeaderMixin:
    """Part of :class:`gui.case_view.window.CaseWindow`. Uses the window's ``case``,
    ``assessment``, ``today``, ``settings_problem`` and ``problems``."""

    def _build_header(self) -> None:
        self.header = QFrame(self)
        self.header.setObjectName("header")
        self.header.setStyleSheet("QFrame#header { background: #f1f3f4; border-radius: 4px; }")
        grid = QGridLayout(self.header)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(3)
        self.title_label = QLabel(self.header)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)  # « Dupont <SARL> » as typed
        self.title_label.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subscriber_label = wrapped_label("", self.header)
        self.operator_label = wrapped_label("", self.header)
        self.lines_label = wrapped_label("", self.header)
        self.contract_label = wrapped_label("", self.header)
        self.stage_label = wrapped_label("", self.header, bold=True)
        self.stage_reason_label = wrapped_label("", self.header)
        # One icon and one text per route: a green tick only next to a route open today.
        self.route_labels: dict[str, QLabel] = {}
        self.route_icons: dict[str, QLabel] = {}
        for key in ROUTE_KEYS:
            self.route_labels[key] = wrapped_label("", self.header)
            self.route_icons[key] = QLabel(self.header)
            self.route_icons[key].setFixedSize(18, 18)
        # a closed case: its outcome instead of the routes
        self.outcome_label = wrapped_label("", self.header)

        def caption(text: str) -> QLabel:
            lab = QLabel(self.tr(text), self.header)
            lab.setStyleSheet("color: #5f6368;")
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            return lab

        grid.addWidget(self.title_label, 0, 0, 1, 4)
        grid.addWidget(caption("Souscripteur"), 1, 0)
        grid.addWidget(self.subscriber_label, 1, 1)
        grid.addWidget(caption("Opérateur"), 1, 2)
        grid.addWidget(self.operator_label, 1, 3)
        grid.addWidget(caption("Ligne(s)"), 2, 0)
        grid.addWidget(self.lines_label, 2, 1)
        grid.addWidget(caption("Contrat"), 2, 2)
        grid.addWidget(self.contract_label, 2, 3)
        grid.addWidget(caption("Étape"), 3, 0)
        stage_box = QVBoxLayout()
        stage_box.setSpacing(0)
        stage_box.addWidget(self.stage_label)
        stage_box.addWidget(self.stage_reason_label)
        grid.addLayout(stage_box, 3, 1, 1, 3)
        route_row = QHBoxLayout()
        route_row.setSpacing(8)
        route_row.addWidget(self.outcome_label, 1)
        for key in ROUTE_KEYS:
            route_row.addWidget(self.route_icons[key], 0, Qt.AlignmentFlag.AlignTop)
            route_row.addWidget(self.route_labels[key], 1)
        self.routes_caption = caption("Recours")
        grid.addWidget(self.routes_caption, 4, 0)
        grid.addLayout(route_row, 4, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.header.setAccessibleName(self.tr("Résumé du dossier"))
        self.banner = InlineMessage(self, lines=0)

    def _fill_header(self) -> None:
        case, a = self.case, self.assessment
        name = case.subscriber.name or self.tr("Dossier sans nom")
        title = f"{name} — {txt.operator_text(case)}"
        if getattr(self, "read_only", ""):
            title += self.tr(" (lecture seule)")
        self.setWindowTitle(self.tr("{title} — Recours Télécom[*]").format(title=title))
        self.title_label.setText(title)
        self.subscriber_label.setText(f"{txt.subscriber_text(case)}\n{txt.address_text(case)}")
        self.operator_label.setText(txt.operator_text(case))
        self.lines_label.setText(txt.lines_text(case))
        self.contract_label.setText(txt.contract_text(case))
        self.stage_label.setText(a.stage_label)
        self.stage_reason_label.setText(txt.human(a.stage_reason))
        shown = txt.header_routes(case, a, self.today)
        closed = case.status is not CaseStatus.OPEN
        self.routes_caption.setText(self.tr("Issue") if closed else self.tr("Recours"))
        self.outcome_label.setVisible(closed)
        if closed:
            self.outcome_label.setText(txt.closed_case_text(case))
        for key in ROUTE_KEYS:
            route = shown.get(key)
            self.route_labels[key].setVisible(route is not None)
            self.route_icons[key].setVisible(route is not None)
            if route is None:
                continue
            status = txt.route_status(route, self.today)
            self.route_labels[key].setText(
                f"{self.tr(ROUTE_NAMES[key])} : {status[:1].lower()}{status[1:]}")
            # the short reason above; every reason, with its source, on hovering it
            self.route_labels[key].setToolTip(txt.route_tooltip(route, self.today))
            severity = txt.route_severity(route, self.today)
            self.route_icons[key].setPixmap(severity_icon(self, severity).pixmap(QSize(16, 16)))
            self.route_icons[key].setProperty("severity", severity)
            self.route_icons[key].setAccessibleName(
                self.tr("Ouvert") if severity == "ok" else self.tr("Non ouvert"))
        banner = []
        if getattr(self, "read_only", ""):
            banner.append(self.tr("Lecture seule. {why}").format(why=self.read_only))
        if self.settings_problem:
            banner.append(self.tr("Réglages des courriers illisibles, valeurs par défaut "
                                  "utilisées : {p}").format(p=self.settings_problem))
        if case.status is not CaseStatus.OPEN:
            banner.append(self.tr("Dossier {status} : plus aucune échéance n'est suivie, "
                                  "aucun recours n'est proposé. Pour reprendre le dossier, "
                                  "cliquez sur « Rouvrir le dossier » (onglet « Fiche du "
                                  "dossier »).")
                          .format(status=label(case.status).lower()))
        if self.problems:
            n = len(self.problems)
            banner.append((self.tr("1 pièce pose problème") if n == 1 else
                           self.tr("{n} pièces posent problème").format(n=n))
                          + self.tr(" (fichier introuvable ou modifié) : voir l'onglet "
                                    "« Chronologie et pièces »."))
        self.banner.set_message("\n".join(banner), "warning" if not self.problems else "error")
