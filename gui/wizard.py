"""The new-case wizard (Picard's pattern: the pages in one tuple, each loads in
``initializePage`` and checks in ``validatePage``; the case is saved only by ``accept``).

The wizard works on one in-memory :class:`~dispute.model.Case` (``wizard.case``). Every page
is made of section editors (``gui/editors``); each edit is applied to the case at once, the
page revalidates (Next stays disabled while a page has an error) and a draft is saved 400 ms
later (``CaseStore.save_draft``), so neither Cancel nor a crash loses what was typed. Files
attached on the timeline are copied into the store when attached (they must be captured while
they exist). Finish saves the case (``CaseStore.save_case``), discards the draft and emits
``caseCreated(case_id)``.
"""

from __future__ import annotations

import copy
import html
import logging
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from dispute.amounts import default_untyped_amounts
from dispute.model import Case, DisputeNature
from dispute.procedure import (
    DATE_KIND_LABELS,
    Assessment,
    Route,
    assess,
)
from dispute.rules import default_rules
from dispute.validation import Severity, format_date_fr, validate_case
from gui import dialogs
from gui.case_view.text import deadline_state_text
from gui.editors.base import SectionEditor
from gui.editors.common import enum_label
from gui.editors.contract import ContractEditor, LinesEditor
from gui.editors.credits import CreditsEditor
from gui.editors.dispute_editor import DisputeEditor
from gui.editors.invoices import InvoiceLinesEditor
from gui.editors.operator import OperatorEditor
from gui.editors.subscriber import HandlingStructureEditor, SubscriberEditor
from gui.editors.timeline import ExecDialog, PickFiles, TimelineEditor
from gui.screens import fit_to_screen
from gui.widgets import InlineMessage, normalise_fields

logger = logging.getLogger(__name__)

DRAFT_DELAY_MS = 400

# Page ids, in the order the pages are shown: the lines and the contract come before the
# operator, whose service clients address may depend on them (Orange: ADSL, fibre, mobile).
PAGE_SUBSCRIBER, PAGE_CONTRACT, PAGE_OPERATOR, PAGE_DISPUTE, PAGE_TIMELINE, PAGE_INVOICES, \
    PAGE_CREDITS, PAGE_REVIEW = range(8)


class EditorPage(QWizardPage):
    """A wizard page made of section editors, complete when none of them has an error."""

    def __init__(self, wizard: CaseWizard, title: str, subtitle: str,
                 editors: list[tuple[str, SectionEditor]], *, scroll: bool = True) -> None:
        super().__init__()
        self._wizard = wizard
        self.base_title = title
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.editors = [editor for _, editor in editors]
        self.loaded = False
        self._complete = True
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 8, 0)
        body_layout.setSpacing(8)
        for index, (heading, editor) in enumerate(editors):
            if heading:
                if index:
                    line = QFrame(body)
                    line.setFrameShape(QFrame.Shape.HLine)
                    line.setFrameShadow(QFrame.Shadow.Sunken)
                    body_layout.addWidget(line)
                head = QLabel(heading, body)
                head.setStyleSheet("font-weight: bold; font-size: 11pt;")
                body_layout.addWidget(head)
            body_layout.addWidget(editor, 1 if not scroll else 0)
            editor.changed.connect(lambda e=editor: self._editor_changed(e))
        if scroll:
            body_layout.addStretch(1)
        self.footer = InlineMessage(self, lines=0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if scroll:
            area = QScrollArea(self)
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            area.setWidget(body)
            layout.addWidget(area, 1)
        else:
            layout.addWidget(body, 1)
        layout.addWidget(self.footer)

    def initializePage(self) -> None:
        for editor in self.editors:
            editor.load(self._wizard.case)
        self.loaded = True
        self.refresh()

    def _editor_changed(self, editor: SectionEditor) -> None:
        if not self.loaded:
            return
        self.refresh()
        self._wizard.case_changed()
        self._wizard.update_steps()  # ticking « Mauvaise facturation » adds a page

    def refresh(self) -> None:
        """Apply the editors to the case, show their issues, update Next."""
        case, today = self._wizard.case, self._wizard.today
        hidden: list[str] = []
        complete = True
        for index, editor in enumerate(self.editors):
            editor.apply(case)
            issues = editor.issues(case, today)
            if hasattr(editor, "show_issues"):
                editor.show_issues(issues)
                # a second section on the page says whose field it is (« Code postal
                # manquant » on page 1 was the structure's, not the subscriber's)
                hidden += [self.tr("{section} : {message}").format(
                    section=editor.title, message=i.message) if index and editor.title
                    else i.message for i in editor.hidden_errors()]
            if any(i.severity is Severity.ERROR for i in issues):
                complete = False
        if not complete:
            text = self.tr("Pour continuer, corrigez ce qui est signalé en rouge.")
            if hidden:
                text = self.tr("Pour continuer : ") + " ".join(dict.fromkeys(hidden))
            # only empty required fields: a calm note, not an alarm
            self.footer.set_message(text, "info" if hidden else "error")
        else:
            self.footer.clear()
        if complete != self._complete:
            self._complete = complete
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._complete

    def validatePage(self) -> bool:
        normalise_fields(self)
        self.refresh()
        return self._complete


class ReviewPage(QWizardPage):
    """What the procedure engine concludes today, and what validation still reports."""

    def __init__(self, wizard: CaseWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.base_title = self.tr("Vérification")
        self.setTitle(self.base_title)
        self.setSubTitle(self.tr("Où en est le dossier aujourd'hui, ce qui est possible et ce "
                                 "qu'il reste à compléter. « Terminer » enregistre le dossier."))
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(self.tr("Bilan du dossier"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)

    def initializePage(self) -> None:
        self._wizard.apply_all()
        self.browser.setHtml(review_html(self._wizard.case, self._wizard.today))

    def text(self) -> str:
        return self.browser.toPlainText()


class CaseWizard(QWizard):
    """Create a case step by step; ``CaseWizard(store, draft=case)`` resumes a draft."""

    caseCreated = Signal(str)  # the id of the saved case

    def __init__(self, store, directory=None, today: date | None = None,
                 draft: Case | None = None, parent: QWidget | None = None, *,
                 pick_files: PickFiles | None = None,
                 exec_dialog: ExecDialog | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today or date.today()
        self.case = copy.deepcopy(draft) if draft is not None else Case()
        self.settings_structure = _settings_structure(store)
        if draft is None and self.settings_structure is not None:
            # the office's own structure (Paramètres), offered: unticking removes it
            self.case.handling_structure = copy.deepcopy(self.settings_structure)
        self.saved_case: Case | None = None
        self._subscriber_kind = self.case.subscriber.kind
        self._has_draft = draft is not None
        self._dirty = False
        self._draft_error_shown = False
        self._finished = False  # Finish or Cancel done: no autosave any more
        self.setWindowTitle(self.tr("Nouveau dossier — Recours Télécom") if draft is None
                            else self.tr("Reprendre un brouillon — Recours Télécom"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, False)
        # Alt+S, Alt+P, Alt+T on every page (no field of a page takes these letters:
        # tests/test_gui_mnemonics.py); « Annuler » is Échap, as in every dialog
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< &Précédent"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("&Suivant >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Terminer"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Annuler"))
        self.setMinimumSize(860, 600)
        fit_to_screen(self, 900, 650)

        self.subscriber_editor = SubscriberEditor()
        self.structure_editor = HandlingStructureEditor()
        self.operator_editor = OperatorEditor(directory)
        self.lines_editor = LinesEditor()
        self.contract_editor = ContractEditor()
        self.dispute_editor = DisputeEditor()
        self.timeline_editor = TimelineEditor(store, self.today, pick_files=pick_files,
                                              exec_dialog=exec_dialog)
        self.invoices_editor = InvoiceLinesEditor()
        self.credits_editor = CreditsEditor()

        self.pages: tuple[tuple[int, QWizardPage], ...] = (
            (PAGE_SUBSCRIBER, EditorPage(
                self, self.tr("Souscripteur du contrat"),
                self.tr("Qui a souscrit le contrat, et qui prépare le dossier."),
                [(self.tr("Souscripteur"), self.subscriber_editor),
                 (self.tr("Structure qui suit le dossier (facultatif)"),
                  self.structure_editor)])),
            (PAGE_CONTRACT, EditorPage(
                self, self.tr("Ligne(s) et contrat"),
                self.tr("Les numéros concernés et les références du contrat (elles figurent "
                        "sur les factures)."),
                [(self.tr("Ligne(s) concernée(s)"), self.lines_editor),
                 (self.tr("Contrat"), self.contract_editor)])),
            (PAGE_OPERATOR, EditorPage(
                self, self.tr("Opérateur"),
                self.tr("L'opérateur (reconnu dans le nom de l'offre quand il y figure) et "
                        "ses adresses connues de l'annuaire, choisies d'après la ligne et "
                        "l'offre ; le contrat ou une facture font foi."),
                [("", self.operator_editor)])),
            (PAGE_DISPUTE, EditorPage(
                self, self.tr("Nature du litige et résumé"),
                self.tr("Ce qui ne va pas, raconté dans l'ordre des faits."),
                [("", self.dispute_editor)])),
            (PAGE_TIMELINE, EditorPage(
                self, self.tr("Chronologie et pièces"),
                self.tr("Chaque démarche datée (appels, courriers, réponses) et ses "
                        "justificatifs."),
                [("", self.timeline_editor)], scroll=False)),
            (PAGE_INVOICES, EditorPage(
                self, self.tr("Lignes de facture contestées"),
                self.tr("Les lignes de facture en cause, une par une."),
                [("", self.invoices_editor)])),
            (PAGE_CREDITS, EditorPage(
                self, self.tr("Avoirs, remboursements et gestes reçus"),
                self.tr("Facultatif : ce que l'opérateur a déjà accordé (avoir, remboursement, "
                        "geste commercial). Rien reçu ? Passez à l'étape suivante."),
                [("", self.credits_editor)])),
            (PAGE_REVIEW, ReviewPage(self)),
        )
        for page_id, page in self.pages:
            self.setPage(page_id, page)
        self.setStartId(PAGE_SUBSCRIBER)
        self.currentIdChanged.connect(lambda _id: self.update_steps())

        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft_now)
        self.restart()
        self.update_steps()

    # -- navigation -------------------------------------------------------------------------

    def needs_invoice_page(self) -> bool:
        return DisputeNature.BILLING in self.case.natures or bool(self.case.invoice_lines)

    def nextId(self) -> int:
        current = self.currentId()
        if current == PAGE_TIMELINE:
            return PAGE_INVOICES if self.needs_invoice_page() else PAGE_CREDITS
        return super().nextId()

    def step_ids(self) -> list[int]:
        """The pages the user goes through, in order (the invoice page only when needed)."""
        return [page_id for page_id, _ in self.pages
                if page_id != PAGE_INVOICES or self.needs_invoice_page()]

    def update_steps(self) -> None:
        """Title every page « Étape x sur N — … » (N changes with the invoice page)."""
        steps = self.step_ids()
        for page_id, page in self.pages:
            if page_id in steps:
                title = self.tr("Étape {x} sur {n} — {title}").format(
                    x=steps.index(page_id) + 1, n=len(steps), title=page.base_title)
            else:
                title = page.base_title
            if page.title() != title:
                page.setTitle(title)

    def editor_pages(self) -> list[EditorPage]:
        return [page for _, page in self.pages if isinstance(page, EditorPage)]

    def apply_all(self) -> None:
        """Apply every editor already loaded (a page never shown has nothing to apply)."""
        for page in self.editor_pages():
            if page.loaded:
                for editor in page.editors:
                    editor.apply(self.case)

    # -- drafts -----------------------------------------------------------------------------

    def case_changed(self) -> None:
        self._dirty = True
        if self.case.subscriber.kind is not self._subscriber_kind:
            # private ↔ business: the amounts not typed yet take the new default (HT for a
            # business, TTC for a private subscriber); a typed amount keeps its basis
            self._subscriber_kind = self.case.subscriber.kind
            default_untyped_amounts(self.case)
        if not self._finished:  # a field losing focus as the wizard closes changes nothing
            self._draft_timer.start()

    def save_draft_now(self, *, quiet: bool = False) -> bool:
        """Write the draft now; False (and one French message, unless ``quiet``) if the store
        refused it."""
        self._draft_timer.stop()
        from store.errors import StoreError

        try:
            self.store.save_draft(self.case)
        except StoreError as exc:
            logger.warning("Draft not saved: %s", exc.message)
            if not quiet and not self._draft_error_shown:
                self._draft_error_shown = True
                dialogs.critical(self, self.tr("Brouillon non enregistré"),
                                 exc.message + self.tr("\n\nGardez la fenêtre ouverte : ce "
                                                       "que vous avez saisi y est toujours."))
            return False
        self._dirty = False
        self._has_draft = True
        return True

    def _flush_draft(self) -> None:
        """The wizard goes away (hidden, closed, finished): write what the pending autosave
        would have written, and stop its timer. A timer left running would fire after the
        window is gone, against a store that may be closed by then, and show a message box
        over a window being destroyed (the « double free » seen in test runs)."""
        if not self._draft_timer.isActive():
            return
        self._draft_timer.stop()
        # no window left to attach a message to: a refusal is logged, the next save retries
        self.save_draft_now(quiet=not self.isVisible())

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt API
        self._flush_draft()
        super().hideEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().closeEvent(event)  # a visible wizard asks through reject()
        if event.isAccepted():
            self._flush_draft()

    def done(self, result: int) -> None:
        self._finished = True
        self._draft_timer.stop()
        super().done(result)

    # -- finishing --------------------------------------------------------------------------

    def accept(self) -> None:
        from store.errors import StoreError

        self.apply_all()
        self._draft_timer.stop()
        try:
            saved = self.store.save_case(self.case)
        except StoreError as exc:
            dialogs.critical(self, self.tr("Dossier non enregistré"),
                             exc.message + self.tr("\n\nLa saisie est conservée en brouillon."))
            self.save_draft_now()
            return
        try:
            self.store.discard_draft(self.case.id)
        except StoreError as exc:  # the case is saved: a leftover draft is harmless
            logger.warning("Draft %s not discarded: %s", self.case.id, exc.message)
        self.saved_case = saved
        self._dirty = False
        self._has_draft = False
        logger.info("Case %s created with the wizard", saved.id)
        self._offer_structure(saved.handling_structure)
        self.caseCreated.emit(saved.id)
        super().accept()

    def _offer_structure(self, structure) -> None:
        """A structure typed in the wizard that is not the one of Paramètres: offer to keep
        it there, so that the next case (and every letter) has it without typing it again."""
        if structure is None or not structure.name.strip():
            return
        current = self.settings_structure
        if current is not None and _same_structure(current, structure):
            return
        if current is None:
            question = self.tr("Enregistrer « {name} » comme votre structure dans les "
                               "Paramètres ? Elle sera proposée pour les prochains dossiers et "
                               "figurera sur les courriers.").format(name=structure.name)
        elif _same_structure(current, replace(structure, kind=None)):  # only its type
            question = self.tr("Enregistrer le type « {kind} » pour « {name} » dans les "
                               "Paramètres ? Il sera proposé pour les prochains "
                               "dossiers.").format(kind=enum_label(structure.kind),
                                                   name=structure.name)
        else:
            question = self.tr("La structure de ce dossier (« {new} ») n'est pas celle des "
                               "Paramètres (« {old} »). La garder dans les Paramètres à la "
                               "place ?").format(new=structure.name, old=current.name)
        if not dialogs.ask(self, self.tr("Votre structure"), question):
            return
        from store.errors import StoreError

        try:
            save_structure_in_settings(self.store, structure)
        except StoreError as exc:
            dialogs.critical(self, self.tr("Paramètres non enregistrés"), exc.message)

    def reject(self) -> None:
        from store.errors import StoreError

        self._draft_timer.stop()
        if self._dirty or self._has_draft:
            self.apply_all()
            answer = dialogs.ask_yes_no_cancel(self, self.tr("Garder le brouillon ?"), self.tr(
                "Le dossier n'est pas terminé. Garder le brouillon pour le reprendre plus tard ?"
                "\n\nOui : le brouillon est conservé. Non : la saisie est abandonnée. "
                "Annuler : revenir à la saisie."))
            if answer == dialogs.CANCEL:  # Échap pressed by mistake: back to the input
                if self._dirty:
                    self._draft_timer.start()
                return
            if answer == dialogs.YES:
                if not self.save_draft_now():
                    return  # nothing typed may be lost: the window stays open
            else:
                try:
                    self.store.discard_draft(self.case.id)
                except StoreError as exc:
                    logger.warning("Draft %s not discarded: %s", self.case.id, exc.message)
                self._has_draft = False
                self._dirty = False
        super().reject()


# --------------------------------------------------------------------------------------------
# The structure of Paramètres


def _settings_structure(store):
    """The structure of Paramètres as a case's ``HandlingStructure`` (None if none)."""
    from gui.settings_dialog import load_letter_settings

    try:
        settings, _problem = load_letter_settings(store)
    except Exception:  # noqa: BLE001 - a wizard must open even with odd settings
        logger.exception("Letter settings not read")
        return None
    s = settings.structure
    if s.is_empty():
        return None
    return s.to_handling_structure()


def _same_structure(a, b) -> bool:
    """The same structure as far as Paramètres keep it: a type chosen in the wizard for a
    structure whose type Paramètres do not say (or say otherwise) is worth keeping there."""
    return (a.name.strip().casefold(), a.contact_name.strip(), a.email.strip()) == (
        b.name.strip().casefold(), b.contact_name.strip(), b.email.strip()) \
        and (b.kind is None or a.kind == b.kind)


def save_structure_in_settings(store, structure) -> None:
    """Keep ``structure`` (a case's ``HandlingStructure``) as the structure of Paramètres,
    leaving its signature line and every other setting as they are."""
    from gui.settings_dialog import load_letter_settings, save_letter_settings

    settings, _problem = load_letter_settings(store)
    address = structure.address
    identity = replace(settings.structure, name=structure.name,
                       street_lines=tuple(address.street_lines), postcode=address.postcode,
                       city=address.city, contact_name=structure.contact_name,
                       contact_role=structure.contact_role, phone=structure.phone,
                       email=structure.email, kind=structure.kind)
    save_letter_settings(store, settings.with_(structure=identity))


# --------------------------------------------------------------------------------------------
# The review text

SECTION_NAMES = (
    ("subscriber", "Souscripteur"),
    ("handling_structure", "Structure qui suit le dossier"),
    ("operator", "Opérateur"),
    ("lines", "Lignes"),
    ("contract", "Contrat"),
    ("natures", "Nature du litige"),
    ("summary", "Résumé"),
    ("broken_commitments", "Engagements certifiés"),
    ("events", "Chronologie"),
    ("exhibits", "Pièces"),
    ("invoice_lines", "Factures contestées"),
)


def issue_place(case: Case, path: str) -> str:
    """A French name for the place of an issue: « Chronologie, événement n° 2 »."""
    import re

    for prefix, name in SECTION_NAMES:
        if path == prefix or path.startswith((prefix + ".", prefix + "[")):
            match = re.match(rf"{prefix}\[(\d+)\]", path)
            if match:
                n = int(match.group(1)) + 1
                what = {"events": "événement", "invoice_lines": "ligne", "lines": "ligne",
                        "exhibits": "pièce", "broken_commitments": "engagement"}[prefix]
                return f"{name}, {what} n° {n}"
            return name
    return "Dossier"


@dataclass
class _Html:
    parts: list[str]

    def h(self, text: str) -> None:
        self.parts.append(f"<h3 style='margin-top:14px; margin-bottom:4px'>"
                          f"{html.escape(text)}</h3>")

    def p(self, text: str, style: str = "") -> None:
        self.parts.append(f"<p style='margin:2px 0; {style}'>{text}</p>")

    def ul(self, items: list[str]) -> None:
        if items:
            self.parts.append("<ul style='margin-top:2px; margin-bottom:4px'>"
                              + "".join(f"<li>{i}</li>" for i in items) + "</ul>")


def _route_html(out: _Html, title: str, route: Route, today: date) -> None:
    """One route as the case view says it (documents.chronology.route_status): open, not
    applicable, closed, already used or not yet open, with the reasons worth telling."""
    from documents.chronology import (
        RouteState,
        human_sources,
        route_reasons,
        route_state,
        route_status,
    )

    e = html.escape
    mark = "✔" if route_state(route, today) is RouteState.OPEN else "✖"
    out.p(f"<b>{e(title)} : {mark} {e(route_status(route, today))}</b>")
    out.ul([e(human_sources(r.message)) for r in route_reasons(route, today)])


def review_html(case: Case, today: date) -> str:
    """The review page: the procedure engine's conclusions for ``today``, in French. Sources
    are named as people read them (a document's title, never « seeds/001 »)."""
    from documents.chronology import human_sources

    def e(text: str) -> str:
        return html.escape(human_sources(text))
    a: Assessment = assess(case, today)
    issues = validate_case(case, today)
    out = _Html([])
    who = case.subscriber.name or "(souscripteur sans nom)"
    operator = case.operator.name or "(opérateur non renseigné)"
    out.p(f"<b>{e(who)}</b> — {e(enum_label(case.subscriber.kind))} — contre <b>{e(operator)}</b>")
    lines = ", ".join(line.number for line in case.lines if line.number) or "aucune ligne"
    natures = ", ".join(enum_label(n) for n in case.natures) or "nature non précisée"
    out.p(e(f"Ligne(s) : {lines}. Nature : {natures}. {len(case.events)} événement(s), "
            f"{len(case.exhibits)} pièce(s)."))

    out.h(f"Étape au {format_date_fr(today)} : {a.stage_label}")
    out.p(e(a.stage_reason))

    out.h("Voies de recours")
    _route_html(out, "Médiateur des communications électroniques", a.mediator, today)
    if not case.is_business:  # the CPME route: only that it does not apply
        from documents.chronology import route_status

        out.p(e(f"CPME : {route_status(a.cpme, today)}"))
    else:
        _route_html(out, "CPME (entreprises)", a.cpme, today)
        out.p("<b>Les cinq éléments exigés par la CPME :</b>")
        missing = {item.key for item in a.cpme.missing_items}
        try:
            items = default_rules()["cpme_required_items"].items
        except KeyError:  # pragma: no cover - assess() already requires the rule
            items = ()
        out.ul([(f"✖ <b>{n}. {e(item.label)} — manquant</b>" if item.key in missing
                 else f"✔ {n}. {e(item.label)} — présent")
                for n, item in enumerate(items, start=1)])

    out.h("Prochaines démarches")
    if a.next_steps:
        steps = []
        for s in a.next_steps:
            window = f"à partir du {format_date_fr(s.earliest)}"
            if s.waits_for:  # advised, not possible yet
                window = f"pas encore : {s.waits_for}"
            if s.latest is not None:
                window += f", au plus tard le {format_date_fr(s.latest)}"
            text = f"{e(s.label)} ({e(window)})"
            if s.note:
                text += f"<br/><i>{e(s.note)}</i>"
            steps.append(text)
        out.ul(steps)
    else:
        out.p("Aucune.")

    out.h("Échéances")
    if a.deadlines:
        items_html = []
        for d in a.deadlines:
            state = deadline_state_text(d, a)
            text = f"<b>{format_date_fr(d.date)}</b> — {e(d.label)} ({e(state)})"
            if d.basis.event is not None:
                ev = d.basis.event
                text += e(f" — calculée depuis la {DATE_KIND_LABELS[ev.date_kind]} "
                          f"({format_date_fr(ev.date)}) de « {ev.label} »")
                if ev.provisional:
                    text += e(", à titre provisoire")
            if d.warning:
                text += f"<br/>Attention : {e(d.warning)}"
            items_html.append(text)
        out.ul(items_html)
    else:
        out.p("Aucune échéance calculée (aucune démarche datée).")

    if a.invoice_flags:
        out.h("Prescription des lignes de facture (L.34-2)")
        out.ul([e(f.message) for f in a.invoice_flags])

    errors = [i for i in issues if i.severity is Severity.ERROR]
    warns = [i for i in issues if i.severity is Severity.WARNING]
    out.h("À vérifier ou compléter")
    points = [f"<b>Erreur</b> — {e(issue_place(case, i.path))} : {e(i.message)}" for i in errors]
    points += [f"Attention — {e(issue_place(case, i.path))} : {e(i.message)}" for i in warns]
    points += [f"Attention — procédure : {e(w.message)}" for w in a.warnings]
    if points:
        out.ul(points)
    else:
        out.p("Rien à signaler.")
    return "<html><body style='font-size:10pt'>" + "".join(out.parts) + "</body></html>"
