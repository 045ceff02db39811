"""« Situation », the case window's first tab: next steps and deadlines (date, days left,
weekend or holiday warning, and a « Pourquoi ? » giving the rule, its source, its status, the
event and the date used), the routes with every reason — the telecom mediator, the CPME and its
five items, and for a business the Médiateur des entreprises with its notes (its scope to check
outside billing, the provider's strict liability…) and what its online form asks — the invoice
lines' prescription, the points to check.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dispute.calendar import format_date_fr, non_working_day_warning
from dispute.model import CaseStatus
from dispute.procedure import (
    DeadlineKind,
    DeadlineState,
    PrescriptionState,
    Route,
)
from dispute.procedure.non_working import not_moved_text
from gui.case_view import text as txt
from gui.case_view.cards import (
    Card,
    clear_layout,
    section_heading,
)
from gui.widgets import hint_label

logger = logging.getLogger(__name__)


class SituationMixin:
    """Part of :class:`gui.case_view.window.CaseWindow`. Uses the window's ``assessment`` and
    ``today``; the « Pourquoi ? » opened stay open across a refresh."""

    def _build_situation(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName(self.tr("Situation du dossier"))
        holder = QWidget()
        columns = QHBoxLayout(holder)
        columns.setContentsMargins(4, 4, 4, 4)
        columns.setSpacing(14)
        left = QVBoxLayout()
        right = QVBoxLayout()
        left.setSpacing(6)
        right.setSpacing(6)
        left.addWidget(section_heading(self.tr("Prochaines étapes"), holder))
        self.steps_box = QVBoxLayout()
        self.steps_box.setSpacing(6)
        left.addLayout(self.steps_box)
        left.addWidget(section_heading(self.tr("Échéances"), holder))
        self.deadlines_box = QVBoxLayout()
        self.deadlines_box.setSpacing(6)
        left.addLayout(self.deadlines_box)
        left.addStretch(1)
        right.addWidget(section_heading(self.tr("Voies de recours"), holder))
        self.routes_box = QVBoxLayout()
        self.routes_box.setSpacing(6)
        right.addLayout(self.routes_box)
        self.invoices_heading = section_heading(self.tr("Prescription des factures (L.34-2)"),
                                                holder)
        right.addWidget(self.invoices_heading)
        self.invoices_box = QVBoxLayout()
        self.invoices_box.setSpacing(6)
        right.addLayout(self.invoices_box)
        self.notices_heading = section_heading(self.tr("Points à vérifier"), holder)
        right.addWidget(self.notices_heading)
        self.notices_box = QVBoxLayout()
        self.notices_box.setSpacing(6)
        right.addLayout(self.notices_box)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        scroll.setWidget(holder)
        self.deadline_cards: dict[str, Card] = {}
        self.step_cards: dict[str, Card] = {}
        self.route_cards: dict[str, Card] = {}
        return scroll

    def _fill_situation(self) -> None:
        a, today = self.assessment, self.today
        # Keep the « Pourquoi ? » the user opened across a refresh (after a save).
        opened = {(group, key, i) for group, cards in (("s", self.step_cards),
                                                         ("d", self.deadline_cards),
                                                         ("r", self.route_cards))
                  for key, card in cards.items() for i, why in enumerate(card.whys)
                  if why.button.isChecked()}
        for box in (self.steps_box, self.deadlines_box, self.routes_box, self.invoices_box,
                    self.notices_box):
            clear_layout(box)
        self.step_cards.clear()
        self.deadline_cards.clear()
        self.route_cards.clear()
        # Next steps.
        if not a.next_steps:
            self.steps_box.addWidget(hint_label(self.tr("Aucune démarche à prévoir."), self))
        for step in a.next_steps:
            severity = "warning" if step.latest and (step.latest - today).days <= 14 else "info"
            card = Card(step.label, severity, key=step.id)
            card.add_line(txt.step_window(step, today))
            if step.latest is not None and step.latest >= today:
                phrase = non_working_day_warning(step.latest)
                if phrase:
                    rule = (step.latest_basis or step.basis).rule
                    moved = not_moved_text(step.latest, DeadlineKind.LIMIT, rule)
                    card.add_line(self.tr("Attention : le {d} {p} (date limite). {m}").format(
                        d=format_date_fr(step.latest), p=phrase, m=txt.human(moved)).rstrip(),
                        "warning", icon=True)
            if step.note:
                card.add_hint(txt.human(step.note))
            card.add_why(txt.step_why(step), step.label)
            self.steps_box.addWidget(card)
            self.step_cards[step.id] = card
        closed = self.case.status is not CaseStatus.OPEN
        if closed:
            # a closed case follows no deadline and proposes no route: its outcome says how
            # it ended (the header), nothing here may read « ouvert » or « délai écoulé »
            self.deadlines_box.addWidget(hint_label(self.tr(
                "Dossier clos : plus aucune échéance n'est suivie."), self))
            self.routes_box.addWidget(hint_label(self.tr(
                "Dossier clos : aucun recours n'est proposé. Pour reprendre le dossier, "
                "cliquez sur « Rouvrir le dossier » (onglet « Fiche du dossier »)."), self))
        # Deadlines.
        if closed:
            pass
        elif not a.deadlines:
            self.deadlines_box.addWidget(hint_label(self.tr(
                "Aucune échéance : elles apparaissent dès qu'une réclamation datée est "
                "enregistrée dans la chronologie."), self))
        for d in () if closed else a.deadlines:
            # A passed answer delay the user has already moved on from (letter to the service
            # consommateurs, mediator seized…) is history: neutral, not a warning.
            severity = txt.deadline_severity(d, a)
            done = d.state is DeadlineState.MET or severity == "neutral"
            card = Card(d.label, severity, key=d.id)
            card.add_line(txt.deadline_line(d, a), severity if d.state is not DeadlineState.MET
                          else "")
            if d.warning and not done:
                # the warning and what it changes: the date is not moved, and why
                warning = d.warning[:1].lower() + d.warning[1:]
                card.add_line(self.tr("Attention : {w} {m}").format(
                    w=warning, m=txt.human(d.not_moved)).rstrip(), "warning", icon=True)
            if d.provisional and not done:
                card.add_line(self.tr("Date provisoire : comptée depuis l'envoi, faute "
                                      "d'accusé de réception enregistré."), "warning", icon=True)
            card.add_why(txt.why_text(("", d.basis)), d.label)
            self.deadlines_box.addWidget(card)
            self.deadline_cards[d.id] = card
        # Routes: the rows the header is made from (every route it names, and the mediator
        # that does not apply to a business), in its order.
        for key, route, _in_header in txt.route_rows(self.case, a, today):
            title = self.tr(txt.ROUTE_TITLES[key])
            card = Card(title, txt.route_severity(route, today), key=key)
            if key == "cpme" and not self.case.is_business:
                # a private subscriber: nothing of the CPME route but that it does not apply
                card.add_line(txt.route_status(route, today))
                self.routes_box.addWidget(card)
                self.route_cards[key] = card
                continue
            card.add_line(txt.route_status(route, today, with_reason=False),
                          "ok" if route.open else "")
            if route.open and route.open_basis is not None:
                card.add_why(txt.why_text((self.tr("Ouvert depuis le {d} :").format(
                    d=format_date_fr(route.opens_on)) if route.opens_on else "",
                    route.open_basis), (self.tr("Jusqu'au {d} :").format(
                        d=format_date_fr(route.latest)) if route.latest else "",
                        route.latest_basis)), title)
            for text, basis in txt.route_reason_lines(route, today):
                card.add_line(text)
                card.add_why(txt.why_text(("", basis)), text.lstrip("• "), self.tr("Pourquoi ?"))
            if key == "business_mediator":
                self._business_mediator_details(card, route)
            if key == "cpme":
                card.add_line(self.tr("Les cinq éléments exigés par la CPME :"))
                for _item, number, text, present in txt.cpme_items(route):
                    mark = self.tr("présent") if present else self.tr("MANQUANT")
                    card.add_line(f"{number}. {text} — {mark}", "ok" if present else "error",
                                  icon=True)
            self.routes_box.addWidget(card)
            self.route_cards[key] = card
        for group, cards in (("s", self.step_cards), ("d", self.deadline_cards),
                             ("r", self.route_cards)):
            for key, card in cards.items():
                for i, why in enumerate(card.whys):
                    if (group, key, i) in opened:
                        why.button.setChecked(True)
        # Invoices.
        self.invoices_heading.setVisible(bool(a.invoice_flags))
        for flag in a.invoice_flags:
            severity = {PrescriptionState.PRESCRIBED: "error", PrescriptionState.SOON: "warning",
                        PrescriptionState.OK: "ok"}.get(flag.state, "info")
            title = self.tr("Facture {n} — {label}").format(n=flag.invoice_number or "?",
                                                            label=flag.label)
            card = Card(title, severity, key=flag.invoice_line_id)
            card.add_line(txt.human(flag.message))
            card.add_why(txt.why_text(("", flag.basis)), title)
            self.invoices_box.addWidget(card)
        # Notices.
        self.notices_heading.setVisible(bool(a.warnings))
        for notice in a.warnings:
            card = Card(txt.human(notice.message), "warning", key=notice.code)
            self.notices_box.addWidget(card)

    def _business_mediator_details(self, card: Card, route: Route) -> None:
        """The Médiateur des entreprises' notes (scope to check, strict liability, small
        business rights) each with its « Pourquoi ? », then what its online form asks. What
        is to check or to fill in (the contract's distance, on which LCEN art. 15 I depends)
        is a warning."""
        for note in route.notes:
            severity = "warning" if note.code in (
                "scope_to_check", "association_to_check", "distance_not_said") else ""
            card.add_line(txt.human(note.message), severity, icon=bool(severity))
            card.add_why(txt.why_text(("", note.basis)), note.message[:60],
                         self.tr("Pourquoi ?"))
        if any(r.code == "already_seized" for r in route.reasons):
            return
        if route.missing_items:
            card.add_line(self.tr("À réunir pour le formulaire en ligne :"))
            for item in route.missing_items:
                card.add_line(f"{item.text} — {self.tr('MANQUANT')}", "error", icon=True)
        else:
            card.add_line(self.tr("Formulaire en ligne : SIRET des deux parties, adresse "
                                  "électronique non générique, mobile et objet réunis."), "ok",
                          icon=True)
        card.add_hint(self.tr("Le formulaire demande aussi un engagement de confidentialité."))
