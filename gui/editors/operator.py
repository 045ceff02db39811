"""The operator: chosen from the directory, or typed by hand, with its two postal addresses.

The addresses are copied from the directory and stay editable: the contract or an invoice is
the authoritative source (seeds/001). Next to each address the editor says where it comes from
(« vérifié » / « à vérifier », the source) — only for an address that came from the directory —
or, while it is empty, where to find it. When the directory has several addresses (Orange:
ADSL, fibre, mobile), the lines and the offer typed on the previous page choose one when they
tell which (``proposed_address``); the choice is checked again each time the page is shown, so
changing the lines updates an address that still is the directory's. Switching operator
remembers what was typed for the previous one (switching back restores it).
"""

from __future__ import annotations

import copy
import logging

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from dispute.accents import strip_accents
from dispute.directory import (
    DirectoryAddress,
    DirectoryError,
    Operator,
    operator_named_in,
    operator_ref,
    shipped_directory,
)
from dispute.model import Case, LineKind, OperatorRef, PostalAddress
from dispute.validation import format_date_fr
from gui.editors.common import FormEditor, add_row, make_form
from gui.editors.subscriber import siren_message_samples
from gui.widgets import HINT_COLOUR, AddressEditor, InlineMessage, TextField

logger = logging.getLogger(__name__)

OTHER = "__other__"


class _AddressBlock(QGroupBox):
    """One of the operator's two addresses, with its directory status and choices."""

    def __init__(self, title: str, what: str, mnemonic: str, parent: QWidget, *,
                 first: bool = True) -> None:
        super().__init__(title, parent)
        self.what = what
        self.choice = QComboBox(self)
        # one owner a letter: Alt+A is the first block's; the postcode and country lines of
        # the three addresses have none (Alt+O is « Opérateur »)
        self.choice_label = QLabel(self.tr("Adresse proposée par l'&annuaire") if first
                                   else self.tr("Adresse proposée par l'annuaire"), self)
        self.choice_label.setBuddy(self.choice)
        self.choice.setAccessibleName(self.tr("Adresse proposée par l'annuaire pour le {what}"
                                              ).format(what=what))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {HINT_COLOUR};")
        self.hint = InlineMessage(self)
        self.editor = AddressEditor(self, accessible_prefix=self.tr("Adresse du {what}"
                                                                    ).format(what=what),
                                    mnemonic=mnemonic, line_mnemonics=False)
        layout = QVBoxLayout(self)
        layout.setSpacing(4)
        layout.addWidget(self.choice_label)
        layout.addWidget(self.choice)
        layout.addWidget(self.status)
        layout.addWidget(self.hint)
        layout.addWidget(self.editor)
        layout.addStretch(1)
        self.addresses: tuple[DirectoryAddress, ...] = ()

    def set_choices(self, addresses: tuple[DirectoryAddress, ...],
                    chosen: DirectoryAddress | None) -> None:
        self.addresses = addresses
        self.choice.blockSignals(True)
        self.choice.clear()
        if len(addresses) > 1:
            self.choice.addItem(self.tr("— Choisissez selon l'offre —"), "")
            for address in addresses:
                self.choice.addItem(address.label, address.id)
            if chosen is not None:
                self.choice.setCurrentIndex(max(0, self.choice.findData(chosen.id)))
        self.choice.blockSignals(False)
        self.choice.setVisible(len(addresses) > 1)
        self.choice_label.setVisible(len(addresses) > 1)

    def chosen(self) -> DirectoryAddress | None:
        wanted = self.choice.currentData()
        return next((a for a in self.addresses if a.id == wanted), None)


def _provenance_text(block: _AddressBlock, address: DirectoryAddress, edited: bool) -> str:
    prov = address.provenance
    text = block.tr("Annuaire : {status}").format(status=prov.status.value)
    if prov.verified_on is not None:
        text += block.tr(" (le {date})").format(date=format_date_fr(prov.verified_on))
    if prov.source:
        text += block.tr(" — source : {source}").format(source=prov.source)
    if edited:
        return text + block.tr(" — modifiée par vous.")
    if not prov.is_verified:
        text += block.tr(". Comparez-la avec le contrat ou une facture.")
    return text


# Words of an offer that tell which of several directory addresses fits, by address id.
OFFER_WORDS = {
    "fibre": ("fibre", "ftth", "fiber"),
    "adsl": ("adsl", "vdsl", "dsl", "cuivre"),
    "mobile": ("mobile", "forfait"),
}


def _plain(text: str) -> str:
    return strip_accents(text.lower())


def proposed_address(addresses: tuple[DirectoryAddress, ...], line_kinds: list[LineKind],
                     offer: str = "") -> DirectoryAddress | None:
    """The directory address that fits the lines (and the offer's wording), if only one does.

    Orange has three service clients addresses: a mobile line picks the mobile one; a fixed
    line leaves ADSL and fibre, and an offer named « … fibre … » picks the fibre one.
    """
    import re

    usable = [a for a in addresses if not a.is_empty() and not a.obsolete]
    if len(usable) <= 1:
        return usable[0] if usable else None
    kinds = set(line_kinds)
    matching = [a for a in usable if kinds and set(a.line_kinds) & kinds] or usable
    if len(matching) == 1:
        return matching[0]
    words = set(re.findall(r"\w+", _plain(offer)))
    hits = [a for a in matching
            if any(key in a.id.lower() and words & {w for w in OFFER_WORDS[key]}
                   for key in OFFER_WORDS)]
    return hits[0] if len(hits) == 1 else None


LATER = "ou laissez vide et complétez-la depuis la fiche du dossier."


def empty_address_hint(what: str, *, known_operator: bool, business: bool,
                       several: bool = False) -> str:
    """What the help above an empty address says: where to find it. ``what``: « service
    clients » or « service consommateurs »."""
    if several:
        return ("Choisissez ci-dessus l'adresse qui correspond à l'offre, ou recopiez celle "
                "d'une facture ou du contrat.")
    if business and known_operator and what == "service consommateurs":
        return ("Abonné professionnel : la voie des entreprises n'a pas de service "
                "consommateurs (fiche de l'Arcep) ; laissez vide, sauf si le contrat en "
                "prévoit un.")
    if business and known_operator:
        return ("Abonné professionnel : l'annuaire n'a pas l'adresse du service clients "
                "entreprises de cet opérateur. Recopiez celle d'une facture ou du contrat, "
                + LATER)
    if known_operator:
        return (f"Adresse du {what} inconnue de l'annuaire : recopiez celle d'une facture ou "
                f"du contrat, " + LATER)
    return (f"Recopiez ici l'adresse du {what}, qui figure sur une facture ou sur le contrat, "
            + LATER)


class OperatorEditor(FormEditor):
    """Choose an operator from the directory or type one; edit its two postal addresses.

    For a business subscriber only the directory's addresses for business customers
    (``DirectoryAddress.for_business``) are proposed, never the service clients of private
    customers; the directory has none yet, so the help says where to find the address.
    """

    prefixes = ("operator",)

    def __init__(self, directory=None, parent: QWidget | None = None, *,
                 keep_saved_addresses: bool = False) -> None:
        super().__init__(parent)
        # In the case view, a saved case's addresses are never changed when the editor opens;
        # the wizard re-checks them against the lines typed since (docs/wizard.md).
        self.keep_saved_addresses = keep_saved_addresses
        self.title = self.tr("Opérateur")
        if directory is None:
            try:
                directory = shipped_directory()
            except DirectoryError:
                logger.exception("Shipped directory unreadable")
                directory = None
        self.directory = directory
        self.operators: tuple[Operator, ...] = directory.operators if directory else ()
        self.combo = QComboBox(self)
        self.combo.addItem(self.tr("— Choisissez l'opérateur —"), "")
        for op in self.operators:
            self.combo.addItem(op.name, op.id)
        self.combo.addItem(self.tr("Autre opérateur (saisi à la main)"), OTHER)
        self.combo.setMaxVisibleItems(12)
        self.name = TextField(self, placeholder=self.tr("Nom de l'opérateur"))
        self.name_message = InlineMessage(self)
        self.combo_message = InlineMessage(self)
        form = make_form()
        add_row(form, self.tr("&Opérateur"), self.combo, self.tr("Opérateur"),
                self.combo_message)
        self.name_label = add_row(form, self.tr("&Nom de l'opérateur"), self.name,
                                  self.tr("Nom de l'opérateur saisi à la main"),
                                  self.name_message)
        self.clients = _AddressBlock(self.tr("Service clients"), self.tr("service clients"),
                                     self.tr("A&dresse"), self)
        self.conso = _AddressBlock(self.tr("Service consommateurs (service recours)"),
                                   self.tr("service consommateurs"),
                                   self.tr("Ad&resse"), self, first=False)
        blocks = QHBoxLayout()
        blocks.setSpacing(12)
        blocks.addWidget(self.clients, 1)
        blocks.addWidget(self.conso, 1)
        # The operator's legal identity: asked by the court request and the Médiateur des
        # entreprises only, hence apart and optional.
        self.legal_toggle = QCheckBox(self.tr(
            "Indiquer l'identité &légale de l'opérateur (SIREN, siège social) : pour une "
            "requête au tribunal ou le Médiateur des entreprises"), self)
        self.legal_box = QGroupBox(self)
        self.legal_box.setFlat(True)
        self.siren = TextField(self, placeholder=self.tr("9 chiffres (SIREN) ou 14 (SIRET)"))
        self.siren_message = InlineMessage(self)
        self.siren_message.reserve_for_issues(*siren_message_samples())
        self.head_office = AddressEditor(self, accessible_prefix=self.tr("Siège social de "
                                                                         "l'opérateur"),
                                         mnemonic=self.tr("Siè&ge social"),
                                         line_mnemonics=False)
        legal_form = make_form()
        add_row(legal_form, self.tr("S&IREN ou SIRET"), self.siren,
                self.tr("SIREN ou SIRET de l'opérateur"), self.siren_message)
        legal_layout = QHBoxLayout(self.legal_box)
        legal_layout.setSpacing(12)
        legal_layout.addLayout(legal_form, 1)
        legal_layout.addWidget(self.head_office, 1)
        # as wide as one address block above: never wider than the two of them
        legal_form.setFieldGrowthPolicy(legal_form.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(blocks)
        layout.addWidget(self.legal_toggle)
        layout.addWidget(self.legal_box)
        layout.addStretch(1)

        # « operator » (no address at all) is said in each address block: not routed here
        self.route("operator.name", self.combo_message, self.combo)
        self.route("operator.service_clients_address", self.clients.editor.message,
                   self.clients.editor)
        self.route("operator.service_consommateurs_address", self.conso.editor.message,
                   self.conso.editor)
        self.route("operator.siren", self.siren_message, self.siren)
        self.route("operator.head_office_address", self.head_office.message, self.head_office)
        self.legal_toggle.toggled.connect(self._legal_toggled)
        self.siren.edited.connect(lambda: self._emit("operator.siren"))
        self.head_office.edited.connect(lambda: self._emit("operator.head_office_address"))

        self._line_kinds: list[LineKind] = []
        self._offer = ""
        self._business = False
        # the operator chosen from the offer's name (« SFR Business Box Pro »), while kept
        self._guessed_id = ""
        self._guessing = False
        # both blocks keep the room of the longest help of either: their fields side by side
        hints = [empty_address_hint(block.what, known_operator=known, business=business,
                                    several=several)
                 for _which, block, _attr in self._blocks() for known in (True, False)
                 for business in (True, False) for several in (True, False)]
        for _which, block, _attr in self._blocks():
            block.hint.reserve_for(*hints)
        # what was typed, per operator key, with where each address came from
        self._memory: dict[str, tuple[OperatorRef, dict[str, DirectoryAddress | None]]] = {}
        self._key = ""
        # the directory address each address was filled from (None: typed by the user)
        self._origin: dict[str, DirectoryAddress | None] = {"clients": None, "conso": None}
        # filled by the lines and the offer among several directory addresses
        self._auto = {"clients": False, "conso": False}
        self.combo.currentIndexChanged.connect(self._operator_changed)
        self.name.edited.connect(self._name_edited)
        self.clients.editor.edited.connect(lambda: self._address_edited("clients"))
        self.conso.editor.edited.connect(lambda: self._address_edited("conso"))
        self.clients.choice.currentIndexChanged.connect(lambda _i: self._choice("clients"))
        self.conso.choice.currentIndexChanged.connect(lambda _i: self._choice("conso"))
        self._show_key("")

    def _set_legal(self, siren: str, head_office: PostalAddress) -> None:
        """The legal identity shown for the operator chosen (never another operator's)."""
        self.siren.setText(siren)
        self.head_office.set_address(head_office)
        op = self._operator(self.combo.currentData() or "")
        self.head_office.set_recipient(op.name if op is not None else self.name.text())
        if siren.strip() or not head_office.is_empty():
            self.legal_toggle.setChecked(True)
        self.legal_box.setVisible(self.legal_toggle.isChecked()
                                  and bool(self.combo.currentData()))

    def _legal_toggled(self, on: bool) -> None:
        """Shown on demand (kept when hidden again: unticking does not erase it)."""
        self.legal_box.setVisible(on and bool(self.combo.currentData()))

    # -- helpers ---------------------------------------------------------------------------

    def _operator(self, key: str) -> Operator | None:
        return next((o for o in self.operators if o.id == key), None)

    def _blocks(self):
        return (("clients", self.clients, "service_clients"),
                ("conso", self.conso, "service_consommateurs"))

    def current_ref(self) -> OperatorRef:
        key = self.combo.currentData() or ""
        op = self._operator(key)
        return OperatorRef(
            directory_id=op.id if op else "",
            name=op.name if op else (self.name.text().strip() if key == OTHER else ""),
            service_clients_address=self.clients.editor.address(),
            service_consommateurs_address=self.conso.editor.address(),
            siren=self.siren.text().strip(),
            head_office_address=self.head_office.address(),
        )

    def _name_edited(self) -> None:
        for _, block, _attr in self._blocks():
            block.editor.set_recipient(self.name.text())
        self._emit("operator.name")

    def _address_edited(self, which: str) -> None:
        self._auto[which] = False
        self._refresh_status()
        attr = "service_clients" if which == "clients" else "service_consommateurs"
        self._emit(f"operator.{attr}_address")

    def _choice(self, which: str) -> None:
        if self._loading:
            return
        block = self.clients if which == "clients" else self.conso
        chosen = block.chosen()
        if chosen is not None:
            block.editor.set_address(chosen.to_postal_address())
            self._origin[which] = chosen
            self._auto[which] = False
        self._refresh_status()
        self._emit("operator")

    def _operator_changed(self, _index: int) -> None:
        if self._loading:
            return
        if not self._guessing:
            self._guessed_id = ""  # chosen by the user
        if self._key:
            ref = copy.deepcopy(self.current_ref())
            ref.name = self.name.text().strip()
            self._memory[self._key] = (ref, dict(self._origin))
        key = self.combo.currentData() or ""
        self._key = key
        remembered = self._memory.get(key)
        op = self._operator(key)
        if remembered is not None:
            self._fill(remembered[0], op, origins=remembered[1])
            self._set_legal(remembered[0].siren, remembered[0].head_office_address)
        elif op is not None:
            self._fill(OperatorRef(directory_id=op.id, name=op.name), op)
            self._recheck()
            # the head office and the SIREN the directory gives (a verified source only)
            legal = operator_ref(op).ref
            self._set_legal(legal.siren, legal.head_office_address)
        else:
            self._fill(OperatorRef(), None)
            self._set_legal("", PostalAddress())
        # « Autre opérateur »: the empty name field is not red before the user types in it
        self._emit("operator.directory_id" if key == OTHER else "operator")

    def _usable(self, op: Operator | None, attr: str, *, business: bool | None = None
                ) -> tuple[DirectoryAddress, ...]:
        """The directory's addresses for this subscriber: a business customer's service for
        a business subscriber, the private customers' one otherwise."""
        business = self._business if business is None else business
        return tuple(a for a in (getattr(op, attr) if op else ())
                     if not a.is_empty() and not a.obsolete and a.for_business == business)

    def _other_audience(self, block: _AddressBlock, op: Operator | None, attr: str
                        ) -> DirectoryAddress | None:
        """The directory address shown in ``block`` when it is one for the other kind of
        subscriber (a private customers' address in a business case)."""
        return self._matching(block, self._usable(op, attr, business=not self._business))

    def _fill(self, ref: OperatorRef, op: Operator | None, *,
              origins: dict[str, DirectoryAddress | None] | None = None) -> None:
        self._show_key(self.combo.currentData() or "")
        if self.combo.currentData() == OTHER:
            self.name.setText(ref.name)
        recipient = op.name if op else ref.name
        for which, block, attr in self._blocks():
            block.editor.set_address(getattr(ref, f"{attr}_address"))
            block.editor.set_recipient(recipient)
            match = self._matching(block, self._usable(op, attr))
            self._origin[which] = match or (origins or {}).get(which)
            self._auto[which] = False
            block.set_choices(self._usable(op, attr), self._origin[which])
        self._refresh_status()

    @staticmethod
    def _matching(block: _AddressBlock, addresses) -> DirectoryAddress | None:
        """The directory address shown unchanged in ``block`` (None if edited or empty)."""
        current = block.editor.address()
        if current.is_empty():
            return None
        return next((a for a in addresses if a.to_postal_address() == current), None)

    def _recheck(self, only_empty: bool = False) -> None:
        """Fill, from the lines and the offer, each directory address still to be chosen.

        ``only_empty``: never change an address the case already holds, only fill empty
        ones (a saved case opened in the case view is not altered silently).

        An empty address gets the one that fits (if only one does); an address copied from
        the directory for another kind of line (Orange mobile, the lines now fixed) is
        replaced, or emptied when no single address fits. Anything the user typed, or an
        address they picked that fits the lines, is left alone.
        """
        op = self._operator(self.combo.currentData() or "")
        if op is None:
            return
        kinds = set(self._line_kinds)
        for which, block, attr in self._blocks():
            usable = self._usable(op, attr)
            current = block.editor.address()
            match = self._matching(block, usable)
            fits = match is None or not kinds or not match.line_kinds \
                or bool(set(match.line_kinds) & kinds)
            # copied from the directory for the other kind of subscriber (the case was a
            # private one's): replaced, except in a saved case (said in its status)
            wrong = self._other_audience(block, op, attr) is not None and not only_empty
            if not current.is_empty() and (fits or only_empty) and not wrong:
                continue
            proposed = proposed_address(usable, self._line_kinds, self._offer)
            if proposed is None and current.is_empty():
                continue
            block.editor.set_address(proposed.to_postal_address() if proposed
                                     else PostalAddress())
            self._origin[which] = proposed
            self._auto[which] = proposed is not None and len(usable) > 1
            block.set_choices(usable, proposed)
        self._refresh_status()

    def _show_key(self, key: str) -> None:
        other = key == OTHER
        self.name_label.setVisible(other)
        self.name.parentWidget().setVisible(other)
        # the missing-name message goes under whichever field the user has to fill
        self.route("operator.name", *((self.name_message, self.name) if other
                                      else (self.combo_message, self.combo)))
        (self.combo_message if other else self.name_message).clear()
        has = bool(key)
        self.clients.setVisible(has)
        self.conso.setVisible(has)
        self.legal_toggle.setVisible(has)
        self.legal_box.setVisible(has and self.legal_toggle.isChecked())

    def _refresh_status(self) -> None:
        """Say where each address comes from, or, while it is empty, where to find it."""
        op = self._operator(self.combo.currentData() or "")
        for which, block, attr in self._blocks():
            usable = self._usable(op, attr)
            empty = block.editor.address().is_empty()
            match = self._matching(block, usable)
            origin = self._origin[which]
            status, hint = "", ""
            if empty:
                if len(usable) > 1 or op is None or not usable:
                    hint = self.tr(empty_address_hint(block.what, known_operator=op is not None,
                                                      business=self._business,
                                                      several=len(usable) > 1))
            elif self._business and self._other_audience(block, op, attr) is not None:
                status = self.tr("Adresse du {what} des particuliers (annuaire) : pour un abonné "
                                 "professionnel, recopiez celle du service des entreprises, "
                                 "qui figure sur une facture ou sur le contrat."
                                 ).format(what=block.what)
            elif match is not None:
                status = _provenance_text(block, match, edited=False)
                if self._auto[which] and match is origin:
                    status += self.tr(" Choisie d'après la ligne et l'offre saisies.")
            elif origin is not None:
                status = _provenance_text(block, origin, edited=True)
            elif usable:
                status = self.tr("Adresse saisie par vous : elle diffère de celle de "
                                 "l'annuaire.")
            block.status.setText(status)
            block.status.setVisible(bool(status))
            block.hint.set_message(hint, "info")

    # -- contract ----------------------------------------------------------------------------

    def load(self, case: Case) -> None:
        self.begin_load()
        try:
            self._line_kinds = [line.kind for line in case.lines]
            self._offer = case.contract.offer
            self._business = case.is_business
            ref = case.operator
            if ref.directory_id and self._operator(ref.directory_id):
                key = ref.directory_id
            elif ref.name.strip() or not ref.service_clients_address.is_empty() \
                    or not ref.service_consommateurs_address.is_empty():
                key = OTHER
            else:
                key = ""
            self.combo.setCurrentIndex(max(0, self.combo.findData(key)))
            self._key = key
            self._memory.clear()
            self._fill(ref, self._operator(key))
            self.siren.setText(ref.siren)
            self.head_office.set_address(ref.head_office_address)
            self.head_office.set_recipient(ref.name)
            known = bool(ref.siren.strip()) or not ref.head_office_address.is_empty()
            self.legal_toggle.setChecked(known)
            self.legal_box.setVisible(bool(key) and known)
            if key == OTHER:
                self.name.setText(ref.name)
            self._recheck(only_empty=self.keep_saved_addresses)
        finally:
            self.end_load()
        self._guess_from_offer(key)

    def _guess_from_offer(self, key: str) -> None:
        """In the wizard, the operator named in the offer typed on page 2 (« SFR Business Box
        Pro » → SFR) is chosen when none is yet, or when the one chosen that way no longer
        fits the offer. A saved case is never changed (case view)."""
        if self.keep_saved_addresses or self.directory is None:
            return
        guess = operator_named_in(self.directory, self._offer)
        if guess is None or guess.id == key or (key and key != self._guessed_id):
            return
        self._guessing = True
        try:
            self.combo.setCurrentIndex(self.combo.findData(guess.id))
        finally:
            self._guessing = False
        self._guessed_id = guess.id

    def show_issues(self, issues) -> None:
        super().show_issues(issues)
        if self._guessed_id and self._guessed_id == self.combo.currentData() \
                and not self.combo_message.text():
            self.combo_message.set_message(self.tr(
                "Reconnu dans le nom de l'offre (« {offer} ») : choisissez-en un autre s'il ne "
                "convient pas.").format(offer=self._offer.strip()), "info")

    def apply(self, case: Case) -> None:
        case.operator = self.current_ref()
