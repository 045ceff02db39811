"""A matrix of cases to read every letter through (issue 10, point 7): private man, woman,
couple; company, sole trader, association; one and several exhibits; certified commitments
broken; HT amounts; long summaries; the summary typed in the subscriber's voice or neutral;
the structure signing or not. Built from the three examples (no file written)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from dispute.model import (
    BusinessForm,
    Case,
    Civility,
    TaxBasis,
)
from dispute.model import Voice as SummaryVoice
from store.casefile import read_case_file

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DAY = date(2026, 9, 15)

LONG_SUMMARY = "\n\n".join([
    "Depuis le début du mois de mars, la connexion est coupée plusieurs fois par jour, "
    "parfois pendant plusieurs heures, ce qui empêche tout usage normal du service.",
    "Les appels au service clients n'ont donné lieu qu'à des redémarrages à distance de la "
    "box, sans effet durable ; un technicien est venu une fois et a constaté un défaut sur le "
    "réseau, sans que la réparation soit programmée.",
    "Les factures ont continué d'être émises au plein tarif pendant toute la période, alors "
    "que le service n'était pas fourni conformément au contrat.",
] * 3)


def _example(name: str) -> Case:
    return read_case_file(EXAMPLES / name).case


def _private(civility: Civility, name: str, first_person: bool) -> Case:
    case = copy.deepcopy(_example("panne-fibre-particulier"))
    case.subscriber.civility = civility
    case.subscriber.name = name
    if first_person:
        plural = civility is Civility.COUPLE
        case.summary_voice = SummaryVoice.SUBSCRIBER
        case.summary = (
            ("Nous avons" if plural else "J'ai") + " appelé le service clients les 3 et 10 "
            "mars 2026, puis " + ("nous lui avons" if plural else "je lui ai") + " écrit par "
            "lettre recommandée. La connexion est restée coupée jusqu'au 21 avril 2026.")
    return case


def _business(form: BusinessForm) -> Case:
    if form is BusinessForm.SOLE_TRADER:
        return copy.deepcopy(_example("ecrasement-ligne-commerce"))
    case = copy.deepcopy(_example("facturation-entreprise-cpme"))
    if form is BusinessForm.ASSOCIATION:
        case.subscriber.business_form = BusinessForm.ASSOCIATION
        case.subscriber.legal_form = "association loi 1901"
        case.subscriber.name = "Association Les Jardins Partagés"
        case.subscriber.representative_role = "Présidente"
        case.subscriber.representative = "Martine Rivaud"
    return case


def matrix() -> Iterator[tuple[str, Case]]:
    """(label, case) for every combination the letters must read well in."""
    yield "particulier_homme", _private(Civility.MR, "Jean Fontaine", False)
    yield "particuliere_femme_je", _private(Civility.MRS, "Claire Fontaine", True)
    yield "couple_nous", _private(Civility.COUPLE, "Claire et Jean Fontaine", True)
    yield "societe_ht", _business(BusinessForm.COMPANY)
    yield "entrepreneur_individuel", _business(BusinessForm.SOLE_TRADER)
    yield "association", _business(BusinessForm.ASSOCIATION)
    one = _private(Civility.MRS, "Claire Fontaine", False)
    one.exhibits = one.exhibits[:1]
    keep = {x.id for x in one.exhibits}
    for ev in one.events:
        ev.exhibit_ids = [i for i in ev.exhibit_ids if i in keep]
    yield "une_piece", one
    committed = _business(BusinessForm.COMPANY)
    committed.broken_commitments = ["2.1", "3.1"]
    yield "engagements", committed
    long = _private(Civility.MR, "Jean Fontaine", False)
    long.summary = LONG_SUMMARY
    yield "resume_long", long
    ht = _business(BusinessForm.SOLE_TRADER)
    for il in ht.invoice_lines:
        il.tax_basis = TaxBasis.HT
    yield "entrepreneur_ht", ht
    # review3 1.0, 2.1: a gesture set against the prorata, in part; an outage's prorata net
    # of a gesture (no invoice line)
    partial = _business(BusinessForm.SOLE_TRADER)
    partial.credits[0].amount = Decimal("10.00")
    yield "geste_partiel_prorata", partial
    outage = _private(Civility.MRS, "Claire Fontaine", True)
    outage.invoice_lines = []
    outage.credits[0].deducted = False
    yield "panne_prorata_geste", outage
    yield from open_points()


def open_points() -> Iterator[tuple[str, Case]]:
    """The wordings of review2's open points (tests/test_review2_open_points.py): a porting
    delay counted from the request, a sole trader helped by a CPME (« La mandante »), a
    structure of another kind, a line taken over and still cut."""
    from dispute.model import (DisputeNature, Event, EventKind, HandlingStructure, Line,
                               LineKind, PostalAddress, StructureKind)

    ported = _private(Civility.MRS, "Claire Fontaine", False)
    ported.natures = [DisputeNature.PORTABILITY]
    ported.lines = [Line("06 44 55 66 77", LineKind.MOBILE)]
    ported.contract.monthly_price = Decimal("19.99")
    ported.events = [e for e in ported.events if e.kind is not EventKind.OUTAGE]
    ported.events.append(Event(kind=EventKind.OUTAGE, date=date(2026, 9, 2),
                               end_date=date(2026, 9, 8)))
    ported.portability_requested_on = date(2026, 9, 1)  # due 2, ported 8: 6 days late
    yield "portabilite_demandee", ported
    awaited = copy.deepcopy(ported)
    awaited.events = [e for e in awaited.events if e.kind is not EventKind.OUTAGE]
    awaited.portability_requested_on = date(2026, 9, 10)  # due 11, 4 days late on DAY
    yield "portabilite_attendue", awaited
    cpme = HandlingStructure(
        name="CPME de l'Aubrée", contact_name="Nadia Garnier",
        contact_role="Chargée de mission entreprises",
        address=PostalAddress(["12 rue des Lices"], "49100", "Angers"),
        kind=StructureKind.CPME, identifier="123 456 789", member_number="A-2025-118")
    trader = _business(BusinessForm.SOLE_TRADER)
    trader.handling_structure = copy.deepcopy(cpme)
    trader.subscriber.civility = Civility.MRS
    yield "entrepreneuse_cpme", trader
    other = _private(Civility.MR, "Jean Fontaine", False)
    other.handling_structure = copy.deepcopy(cpme)
    other.handling_structure.kind = StructureKind.OTHER
    other.handling_structure.name = "Point info consommateurs de Cholet"
    yield "structure_autre", other
    cut = _business(BusinessForm.SOLE_TRADER)
    cut.events = [e for e in cut.events if e.date <= date(2026, 8, 11)]
    for e in cut.events:
        e.end_date = None  # still cut on DAY: the prorata to date, « à parfaire »
    cut.credits = []
    yield "ligne_encore_coupee", cut
