"""Registered letters (LRAR): recording a posting (a new event with its tracking number, the
letter's PDF as an exhibit if wanted) and its acknowledgement of receipt.
"""

from __future__ import annotations

import copy
import logging
import tempfile
from pathlib import Path

from PySide6.QtWidgets import (
    QWidget,
)

from dispute.event_senders import has_structure, likely_sender, mandate_day
from dispute.labels import label
from dispute.model import Event
from dispute.procedure import (
    event_title,
)
from gui import dialogs
from gui.case_view import text as txt
from gui.case_view.modal import run_keep
from gui.case_view.registered_dialogs import (
    ChooseLetterDialog,
    GeneratedCopy,
    ReceiptDialog,
    RegisteredLetterDialog,
)
from gui.case_view.roles import TAB_TIMELINE
from gui.editors.exhibits import exhibit_kind_for
from store.errors import StoreError

logger = logging.getLogger(__name__)


class RegisteredLettersMixin:
    """Part of :class:`gui.case_view.window.CaseWindow`. Uses the window's ``case``, ``today``,
    ``preview``, ``_commit`` and the timeline's selection."""

    def record_posting(self, kind=None, pdf_path: str | Path | None = None, *,
                       parent: QWidget | None = None) -> Event | None:
        """« Enregistrer l'envoi recommandé… »: a new event with its tracking number and
        posting date, optionally the letter's PDF as an exhibit. The dialog opens over
        ``parent`` (the preview it was asked from), else over this window."""
        if not self.editable():
            return None
        if kind is None and self.preview is not None and self.preview.isVisible():
            kind = self.preview.generated.kind
            pdf_path = pdf_path or self.preview.last_pdf
        if kind is None:
            kind = self.default_posting_kind()
        kind = getattr(kind, "value", kind)
        generated = None
        last = getattr(self, "last_letter", None)
        if last is not None and getattr(last.kind, "value", last.kind) == kind:
            saved = getattr(self, "last_letter_pdf", None)
            if pdf_path is None and saved is not None and Path(saved).is_file():
                pdf_path = saved  # the PDF the user saved from its preview
            elif pdf_path is None:
                generated = GeneratedCopy(kind, last.label, f"{last.file_stem}.pdf", last.pdf)
        dialog = RegisteredLetterDialog(self.case, self.today, kind=kind,
                                        pdf_path=Path(pdf_path) if pdf_path else None,
                                        generated=generated, parent=parent or self)
        if not run_keep(dialog):
            dialog.deleteLater()
            return None
        event = dialog.edited_event()
        attachment = dialog.attachment_path()
        copy_of_letter = dialog.attachment_copy()
        dialog.deleteLater()
        title = self.tr("Copie : {s} du {d}").format(
            s=event.summary or label(event.kind),
            d=event.date.strftime("%d/%m/%Y") if event.date else "")
        done = self.tr("Envoi recommandé enregistré : {t}.").format(t=event_title(event))
        if copy_of_letter is None:
            return self.add_event(event, attachment, title, done, self.tr("L'envoi"))
        # the generated PDF kept as the copy: written to a temporary file the store copies
        with tempfile.TemporaryDirectory(prefix="recours-copie-") as folder:
            path = Path(folder) / copy_of_letter.name
            path.write_bytes(copy_of_letter.data)
            return self.add_event(event, path, title, done, self.tr("L'envoi"))

    def default_posting_kind(self) -> str | None:
        """The letter « Enregistrer l'envoi recommandé… » proposes when none is previewed:
        the letter generated last in this window, unless the engine finds it « Non
        applicable »; else the one chosen in « Courriers », else the advised one, else the
        first one possible — always a letter sent by post that applies to the case."""
        from dispute.procedure import LetterState
        from gui.case_view.registered_dialogs import posted_kinds

        posted = {k.value for k, _label in posted_kinds()}
        decisions = {d.kind: d for d in self.assessment.letters}

        def applies(kind) -> bool:
            kind = getattr(kind, "value", kind)
            decision = decisions.get(kind)
            return kind in posted and decision is not None \
                and decision.state is not LetterState.NOT_APPLICABLE

        last = getattr(self, "last_letter", None)
        candidates = [last.kind if last is not None else None, self.selected_letter_kind(),
                      self.recommended_letter()]
        for kind in candidates:
            if kind is not None and applies(kind):
                return getattr(kind, "value", kind)
        possible = [d.kind for d in self.assessment.letters if d.kind in posted
                    and d.state is LetterState.POSSIBLE]
        fitting = [d.kind for d in self.assessment.letters if applies(d.kind)]
        return next(iter(possible or fitting), None)

    def add_event(self, event: Event, attachment: Path | None, title: str, done: str,
                  what: str) -> Event | None:
        """Save the case with ``event`` added and ``attachment`` (if any) kept as its exhibit
        titled ``title``; show it in the timeline. ``what`` names the event in the messages
        (« L'envoi »). None, with a French message, when the file or the store refused."""
        new_case = self._with_pending(copy.deepcopy(self.case))
        if event.sender is None:  # who sent it, when the case leaves no doubt (model v3)
            event.sender = likely_sender(event, has_structure(new_case),
                                         mandate_day(new_case.events))
        if attachment is not None:
            try:
                # the copy of the letter sent: its kind from the event alone (its file name
                # may say « facture » for a letter about an invoice)
                exhibit = self.store.add_exhibit(new_case, attachment, title=title,
                                                 date=event.date,
                                                 kind=exhibit_kind_for(event, ""))
            except StoreError as exc:
                dialogs.critical(self, self.tr("Pièce non ajoutée"), exc.message + "\n\n" +
                                 self.tr("{w} n'a pas été enregistré : réessayez, ou sans "
                                         "joindre le fichier.").format(w=what))
                return None
            except OSError as exc:
                dialogs.critical(self, self.tr("Pièce non ajoutée"), self.tr(
                    "Le fichier « {name} » ne peut pas être lu ({err}). {w} n'a pas été "
                    "enregistré.").format(name=attachment.name, err=exc.strerror or exc,
                                          w=what))
                return None
            event.exhibit_ids.append(exhibit.id)
        new_case.events.append(event)
        if not self._commit(new_case, done):
            return None
        if attachment is not None:
            self.verify_exhibits()
        self.tabs.setCurrentIndex(TAB_TIMELINE)
        self.select_event(event.id)
        return event

    def letters_awaiting_receipt(self) -> list[Event]:
        """Registered letters whose acknowledgement of receipt is not recorded (neither a
        receipt date nor « non réclamé »), oldest first."""
        return [e for e in self.case.events_in_order() if txt.awaits_receipt(e)]

    def _letter_for_receipt(self) -> Event | None:
        """No registered letter selected: the one awaiting its receipt, or the user's choice
        when several do (None if cancelled or none)."""
        waiting = self.letters_awaiting_receipt()
        registered = [e for e in self.case.events_in_order() if txt.is_registered(e)]
        candidates = waiting or (registered if len(registered) == 1 else [])
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            dialog = ChooseLetterDialog(candidates, parent=self)
            try:
                return dialog.chosen() if run_keep(dialog) else None
            finally:
                dialog.deleteLater()
        self.tabs.setCurrentIndex(TAB_TIMELINE)
        dialogs.information(self, self.tr("Accusé de réception"), self.tr(
            "Aucune lettre recommandée n'attend son accusé de réception. Pour corriger celui "
            "d'une lettre, sélectionnez-la d'abord dans la chronologie."))
        return None

    def record_receipt(self, event_id: str | None = None) -> Event | None:
        """« Enregistrer l'accusé de réception… » of the selected registered letter; with none
        selected, of the letter awaiting its receipt (asks which when several do)."""
        if not self.editable():
            return None
        event_id = event_id or self.selected_event_id()
        event = next((e for e in self.case.events if e.id == event_id), None)
        if event is None or not txt.is_registered(event):
            event = self._letter_for_receipt()
            if event is None:
                return None
        dialog = ReceiptDialog(event, self.today, self)
        if not run_keep(dialog):
            dialog.deleteLater()
            return None
        edited = dialog.edited_event()
        dialog.deleteLater()
        new_case = self._with_pending(copy.deepcopy(self.case))
        new_case.events = [edited if e.id == edited.id else e for e in new_case.events]
        if not self._commit(new_case, self.tr("Accusé de réception enregistré : les délais "
                                              "sont recalculés.")):
            return None
        self.select_event(edited.id)
        return edited
