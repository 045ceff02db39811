"""What the subscriber asks for and on which grounds: the demands, the obligations not
performed, the natures of the dispute, the contract, the certified commitments (business
subscribers), the summary of the facts."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from dispute.calendar import format_date_fr
from dispute.commitments import load_commitments
from dispute.labels import NATURE_WORDS
from dispute.model import Case, CreditKind, DisputeNature, TaxBasis
from dispute.model import Voice as SummaryVoice
from dispute.outages import first_outage, month_shares
from dispute.portability import PortingIndemnity, porting_indemnity
from documents.content import BulletList, Paragraph, Run
from documents.letters.core import Notes, euros, join_fr, line, of_phrase, period_fr, sentence
from documents.money import (
    TO_FILL,
    Amount,
    ClaimTotals,
    amount_of,
    amount_text,
    basis_text,
    claim_totals,
    claimed_text,
    credit_phrase,
    explained_credits,
    single_amount_text,
)
from documents.letters.steps import line_numbers
from documents.letters.voice import Voice, VoiceMode
from documents.text import NBSP, days_text, outage_text, paragraphs


def outage_period(case: Case, today: date) -> tuple[str, bool]:
    """(" du 2 mars au 21 avril 2026", restored) from the first outage (``dispute.outages``)."""
    span = first_outage(case, today)
    if span is None:
        return "", False
    return " " + period_fr(span.start, span.end), span.restored


def outage_span(case: Case, today: date | None = None) -> str:
    """ "du 2 mars au 21 avril 2026 (51 jours)", "depuis le 1er septembre 2026", or "" when
    no outage is dated: what the outage was, for the nature of the dispute (review T4). The
    days are counted by the one rule of ``dispute.outages``."""
    span = first_outage(case, today)
    return outage_text(span) if span is not None else ""


def _prorata(case: Case, today: date, running: bool = False
             ) -> tuple[Decimal, list[str], int] | None:
    """(the prorata on the contract's price basis, the « days/month days » of each month, the
    number of days), or None (see :func:`prorata_text`). ``running``: an outage that lasts,
    counted to ``today`` included (None for a finished one), whatever invoice lines are
    entered: an invoice bills the month ahead, the days elapsed are the sum due to date
    (review5 10: « soit à ce jour 31,93 € », 30 days, on the 19th day)."""
    price = case.contract.monthly_price
    span = first_outage(case, today)
    if (case.invoice_lines and not running) or price is None or price <= 0 or span is None \
            or span.restored is running:
        return None
    end = span.end if span.restored else today
    if end < span.start:
        return None
    shares = month_shares(span.start, end)
    total = sum((price * days / length for days, length in shares), Decimal(0))
    parts = [f"{days}/{length}" for days, length in shares]
    return (total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), parts,
            sum(days for days, _ in shares))


def prorata_sum(case: Case, today: date, running: bool = False) -> Amount | None:
    """The prorata of :func:`prorata_text` on both bases (None when it is not computed): the
    requête's one sum (review 2, 3.1)."""
    found = _prorata(case, today, running)
    return None if found is None else amount_of(found[0], case.contract.price_tax,
                                                 case.contract.vat_rate)


def prorata_formula(case: Case, today: date, notes: Notes | None = None, *,
                    running: bool = False) -> str:
    """How the prorata is computed, « 49,90 € HT × 24/31 » (each month by its own number of
    days), or "" when it is not computed (see :func:`prorata_sum`)."""
    found = _prorata(case, today, running)
    if found is None:
        return ""
    _, parts, _ = found
    monthly = single_amount_text(case, case.contract.monthly_price, case.contract.price_tax,
                                 case.contract.vat_rate, notes)
    share = " + ".join(parts) if len(parts) == 1 else f"({' + '.join(parts)})"
    return f"{monthly} × {share}"


def settlement(case: Case, today: date) -> ClaimTotals:
    """What remains claimed once the credits received are set against the quantified claim:
    the one decision the requête, the mise en demeure, the CPME request and every letter
    that lists the demands read (review3 1.0, 2.1). With disputed invoice lines, their sum
    net of the credits marked « déduit » (the others are explained); without, the prorata of
    :func:`prorata_sum` net of every credit received: a gesture covers the refund first, its
    surplus (``surplus``) comes off the indemnity still to quantify."""
    return claim_totals(case, prorata_sum(case, today))


def claimed_amount(case: Case, today: date) -> tuple[Decimal | None, TaxBasis]:
    """The amount the letters claim (:func:`settlement`: the disputed lines net of the
    credits deducted, or the prorata net of every credit received), for a form that asks for
    one amount — the closing dialog's « réclamé »: HT for a business, TTC for a private
    subscriber, never below zero; ``None`` when nothing is quantified."""
    basis = TaxBasis.HT if case.is_business else TaxBasis.TTC
    totals = settlement(case, today)
    if not totals.disputed.positive:
        return None, basis
    left = totals.remaining
    return (left.ht if basis is TaxBasis.HT else left.ttc), basis


def covered(case: Case, totals: ClaimTotals) -> bool:
    """The credits received cover the whole prorata (on the basis the letter states)."""
    if not totals.on_prorata:
        return False
    if case.is_business:
        return totals.deducted.ht >= totals.disputed.ht
    return totals.deducted.ttc >= totals.disputed.ttc


def credits_subject(case: Case, totals: ClaimTotals, notes: Notes | None) -> tuple[str, bool]:
    """(« Le geste commercial de 49,90 € HT accordé le 8 septembre 2026 », several)."""
    phrases = [credit_phrase(case, c, notes) for c in totals.credits_deducted]
    text = join_fr(phrases)
    return f"{text[:1].upper()}{text[1:]}", len(phrases) > 1


def prorata_text(case: Case, today: date, notes: Notes | None = None, *,
                 running: bool = False) -> tuple[str, int] | None:
    """When no invoice line is entered, the subscription's share for the days without
    service still claimed, from the contract's monthly price and a finished outage (each
    month by its own number of days, the days counted as in :func:`outage_span`:
    ``dispute.outages``): (« 38,63 € HT (46,36 € TTC) : 49,90 € HT × 24/31 », 24); net of the
    credits received (:func:`settlement`), « 28,63 € HT (34,36 € TTC) : 49,90 € HT × 24/31 =
    38,63 € HT, moins le geste commercial de 10,00 € HT accordé le 8 septembre 2026 »; None
    when it is not computed or the credits cover it (review 5.7: a demand gives a sum;
    review3 2.1: never a sum already received). ``running``: an outage that lasts, to
    ``today`` included (review2 15.1: the sum « à parfaire », gross: the credits come off
    once the sum is known)."""
    found = _prorata(case, today, running)
    if found is None:
        return None
    if running:
        amount = amount_text(case, prorata_sum(case, today, running), notes)
        return f"{amount} : {prorata_formula(case, today, notes, running=True)}", found[2]
    totals = settlement(case, today)
    if covered(case, totals):
        return None
    formula = prorata_formula(case, today, notes)
    if not totals.credits_deducted:
        return f"{amount_text(case, totals.disputed, notes)} : {formula}", found[2]
    subject, _ = credits_subject(case, totals, notes)
    return (f"{amount_text(case, totals.remaining, notes)} : {formula} = "
            f"{basis_text(case, totals.disputed, notes)}, moins {subject[:1].lower()}"
            f"{subject[1:]}"), found[2]


def harm_phrase(case: Case, today: date) -> str:
    """« la coupure de la ligne du 4 au 27 août 2026 », « l'interruption du service du 2 mars
    au 21 avril 2026 »: the harm an indemnity repairs."""
    period, _ = outage_period(case, today)
    if DisputeNature.LINE_OVERWRITTEN in case.natures:
        return f"la coupure de la ligne{period}"
    return f"l'interruption du service{period}"


def prorata_credit_sentence(case: Case, today: date, notes: Notes | None, *,
                            report: bool = False) -> str:
    """What the credits received do to the prorata when they cover it (« Le geste commercial
    de 49,90 € HT accordé le 8 septembre 2026 couvre le remboursement de l'abonnement au
    prorata (38,63 € HT : 49,90 € HT × 24/31) ; son solde, 11,27 € HT, viendra en déduction
    de l'indemnisation du préjudice causé par la coupure de la ligne du 4 au 27 août 2026,
    chiffrée à [à compléter] € sur les justificatifs joints. », review3 2.1); "" otherwise
    (a part covered is deducted in the demand itself). ``report``: a report to an authority
    claims nothing; a part covered is said, and no amount is left to fill."""
    totals = settlement(case, today)
    if not totals.on_prorata or not totals.credits_deducted:
        return ""
    subject, several = credits_subject(case, totals, notes)
    how = _prorata_how(case, today, totals, notes)
    if not covered(case, totals):
        if not report:
            return ""
        return (f"{subject} {'couvrent' if several else 'couvre'} une partie du remboursement "
                f"de l'abonnement au prorata ({how}) ; il reste "
                f"{amount_text(case, totals.remaining, notes)} en litige.")
    text = (f"{subject} {'couvrent' if several else 'couvre'} le remboursement de "
            f"l'abonnement au prorata ({how})")
    if not totals.surplus.positive:
        return text + "."
    text += (f" ; {'leur' if several else 'son'} solde, "
             f"{basis_text(case, totals.surplus, notes)}, viendra en déduction de "
             f"l'indemnisation du préjudice causé par {harm_phrase(case, today)}")
    return text + ("." if report else f", chiffrée à {TO_FILL}{NBSP}€ sur les justificatifs "
                   "joints.")


def _prorata_how(case: Case, today: date, totals: ClaimTotals, notes: Notes | None) -> str:
    """« 38,63 € HT : 49,90 € HT × 24/31 »: the prorata a credit is set against."""
    return f"{basis_text(case, totals.disputed, notes)} : {prorata_formula(case, today, notes)}"


def credit_imputations(case: Case, today: date) -> dict[str, str]:
    """What the letters do with each credit received, in a table's words, by credit id, from
    the one decision they read (:func:`settlement`, :func:`prorata_credit_sentence`,
    ``money.explained_credits``), so that the chronology sent beside them tells the same
    story (review5 12: « Geste commercial 49,90 € HT non déduit » in the chronology, « couvre le
    remboursement … ; son solde … viendra en déduction de l'indemnisation » in the letters)."""
    totals = settlement(case, today)
    out: dict[str, str] = {}
    if totals.on_prorata and totals.credits_deducted:
        how = _prorata_how(case, today, totals, None)
        several = len(totals.credits_deducted) > 1
        if not covered(case, totals):
            text = f"déduit{'s ensemble' if several else ''} du remboursement de l'abonnement " \
                   f"au prorata ({how})"
        else:
            text = (f"imputé{'s ensemble' if several else ''} : "
                    f"{'couvrent' if several else 'couvre'} le remboursement de l'abonnement "
                    f"au prorata ({how})")
            if totals.surplus.positive:
                text += (f" ; solde de {basis_text(case, totals.surplus)} à déduire de "
                         "l'indemnisation du préjudice")
        return {c.id: text for c in totals.credits_deducted}
    for c in totals.credits_deducted:
        out[c.id] = "déduit du montant demandé"
    for c in totals.credits_explained:
        if not case.invoice_lines:
            out[c.id] = "à déduire de l'indemnisation finale"
        elif c.kind is CreditKind.GESTURE:
            out[c.id] = "non déduit"
        else:
            out[c.id] = "non déduit (porte sur d'autres sommes que celles réclamées)"
    return out


def demands(case: Case, today: date, notes: Notes, *, to_operator: bool,
            court: bool = False, amounts: bool = True) -> list[str]:
    """What the subscriber asks for, as nominal phrases ("le remboursement de …"), from the
    natures of the dispute and the disputed invoice lines. The amount always ends its item
    (« …, soit 69,99 € HT (83,99 € TTC) : 79,99 € HT (95,99 € TTC) contestés, moins
    l'avoir … »): one sum, no nested brackets (review T1, T6). ``amounts`` False: the items
    name what is claimed without its sum, which follows them (the requête's « Montant total
    demandé en principal », review3 1.4)."""
    natures = list(dict.fromkeys(case.natures)) or [DisputeNature.OTHER]
    has_amount = bool(case.invoice_lines) and claim_totals(case).disputed.positive
    claimed = claimed_text(case, notes) if has_amount else ""
    amount = f", soit {claimed}" if has_amount and amounts else ""

    def sum_of(text: str, lead: str = ", soit ") -> str:
        return f"{lead}{text}" if amounts else ""

    costs = "à vos frais" if to_operator else "aux frais de l'opérateur"
    period, restored = outage_period(case, today)
    ongoing = bool(period) and not restored
    out: list[str] = []
    refund_done = False
    totals = settlement(case, today)
    all_covered = not has_amount and covered(case, totals)
    if all_covered:
        _covered_note(case, totals, notes)
    for n in natures:
        if n is DisputeNature.OUTAGE:
            if not restored:
                out.append("le rétablissement du service sans délai")
            prorata = None if has_amount else prorata_text(case, today, notes)
            if DisputeNature.BILLING not in natures and prorata is not None:
                out.append("le remboursement de l'abonnement au prorata de la période sans "
                           f"service{period}{sum_of(prorata[0])}")
                refund_done = True
            elif DisputeNature.BILLING not in natures and all_covered:
                if DisputeNature.LINE_OVERWRITTEN not in natures:
                    # the refund is received: what is left is the harm (review3 2.1)
                    out.append(f"l'indemnisation du préjudice causé par "
                               f"{harm_phrase(case, today)}, sur justificatifs")
                refund_done = True
            elif DisputeNature.BILLING not in natures:
                if ongoing and has_amount:
                    # the claim runs on (review 5.6); to date, the days elapsed, not the
                    # invoices' lines, which bill the month ahead (review5 10)
                    out.append("le remboursement de l'abonnement au prorata de la période sans "
                               f"service{period}, somme à parfaire jusqu'au rétablissement du "
                               f"service{sum_of(_running_sum(case, today, notes, claimed), '')}")
                else:
                    out.append("le remboursement de l'abonnement au prorata de la période sans "
                               f"service{period}{amount}")
                refund_done = True
        elif n is DisputeNature.LINE_OVERWRITTEN:
            if not restored:  # the operator's own fault: « sans délai » (review2 15.1)
                out.append(f"le rétablissement de la ligne {costs}, sans délai")
            running = None if has_amount or restored else prorata_text(case, today, notes,
                                                                        running=True)
            if running is not None:
                # while the line is cut, the prorata to date, « à parfaire » (review2 15.1)
                out.append("le remboursement de l'abonnement au prorata de la période sans "
                           f"service{period}, somme à parfaire jusqu'au rétablissement de la "
                           f"ligne{sum_of(running[0], ', soit à ce jour ')}")
                out.append(f"l'indemnisation du préjudice causé par la coupure de la ligne"
                           f"{period}, sur justificatifs")
                notes.add("Le remboursement au prorata est calculé sur le prix mensuel du "
                          "contrat jusqu'à la date du courrier ; l'indemnisation du préjudice "
                          "reste à chiffrer : joignez ses justificatifs (pertes d'exploitation, "
                          "frais engagés).")
                refund_done = True
                continue
            prorata = None if has_amount else prorata_text(case, today, notes)
            if prorata is not None or all_covered:
                if prorata is not None:
                    out.append("le remboursement de l'abonnement au prorata de la période sans "
                               f"service{period}{sum_of(prorata[0])}")
                out.append(f"l'indemnisation du préjudice causé par la coupure de la ligne"
                           f"{period}, sur justificatifs")
                notes.add("Le remboursement au prorata est calculé sur le prix mensuel du "
                          "contrat ; l'indemnisation du préjudice reste à chiffrer : joignez "
                          "ses justificatifs (pertes d'exploitation, frais engagés).")
                refund_done = True
                continue
            out.append(f"l'indemnisation du préjudice causé par la coupure de la ligne{period}")
            if not has_amount:
                notes.add("L'indemnisation demandée n'est pas chiffrée : une demande claire "
                          "indique un montant (par exemple l'abonnement au prorata de la "
                          "période de coupure, en lignes de facture contestées). Complétez le "
                          "courrier avant de l'envoyer.")
        elif n is DisputeNature.BILLING and court:
            # a court orders a payment: no « par virement ou par avoir » (review2 14.1); one
            # head of claim for one sum (review3 1.1)
            out.append(f"le remboursement des sommes indûment facturées{amount}")
            refund_done = True
        elif n is DisputeNature.BILLING:
            out.append("la rectification des factures contestées et le remboursement, par "
                       f"virement ou par avoir, des sommes indûment facturées{amount}")
            refund_done = True
        elif n is DisputeNature.MISSING_SERVICE:
            out.append("la fourniture de l'ensemble des services souscrits")
        elif n is DisputeNature.TRANSFER_ON_MOVE:
            out.append("le transfert effectif de la ligne à la nouvelle adresse")
        elif n is DisputeNature.TERMINATION:
            out.append("la prise en compte de la résiliation et l'arrêt de toute facturation "
                       "postérieure")
        elif n is DisputeNature.PORTABILITY:
            out += _portability_demands(case, today, notes, period, restored)
        else:
            out.append("une solution au litige exposé ci-dessus")
    if has_amount and not refund_done:
        out.append(f"le remboursement des sommes contestées{amount}")
    if not out:  # a porting done in time: nothing left but the dispute itself
        out.append("une solution au litige exposé ci-dessus")
    return list(dict.fromkeys(out))


def _running_sum(case: Case, today: date, notes: Notes, claimed: str) -> str:
    """After « somme à parfaire jusqu'au rétablissement du service » when invoice lines are
    entered: « , soit à ce jour 20,22 € : 32,99 € × 19/31 » from the contract's price and the
    days elapsed, the credits deducted from the lines said, not subtracted (the sum is not
    final); without a price, the invoices already issued, by name: « , soit, pour la facture
    n° FB-2603-448120 déjà émise, 31,93 € » (never « à ce jour » on a line that may bill days
    still to come: review5 10)."""
    running = prorata_text(case, today, notes, running=True)
    if running is not None:
        text = f", soit à ce jour {running[0]}"
        deducted = claim_totals(case).credits_deducted
        if deducted:
            text += (", avant déduction "
                     + of_phrase(join_fr([credit_phrase(case, c, notes) for c in deducted])))
        return text
    numbers = list(dict.fromkeys(line(il.invoice_number) for il in case.invoice_lines
                                 if line(il.invoice_number)))
    if not numbers:
        return f", soit, pour les factures déjà émises, {claimed}"
    invoices = (f"la facture n°{NBSP}{numbers[0]} déjà émise" if len(numbers) == 1 else
                f"les factures nos{NBSP}{join_fr(numbers)} déjà émises")
    return f", soit, pour {invoices}, {claimed}"


PORTING_LAW = ("l'indemnité prévue par l'article L.224-42-1 du code de la consommation pour le "
               "retard de portage du numéro")


def porting_amount_text(indemnity: PortingIndemnity, notes: Notes | None = None) -> str:
    """« au moins 24,00 € (4,00 € × 6 jours) »: the one wording of the L.224-42-1 amount, for
    the request itself and for every letter that claims it (review2 11.2); "" when the price
    is unknown or nothing is late."""
    total, per_day = indemnity.total, indemnity.per_day
    if total is None or per_day is None:
        return ""
    return (f"au moins {euros(total, notes)} ({euros(per_day, notes)} × "
            f"{days_text(indemnity.delay.days)})")


def _portability_demands(case: Case, today: date, notes: Notes, period: str,
                         restored: bool) -> list[str]:
    """Once the number is ported, what is owed is the compensation (review 2.2). A private
    subscriber's indemnity is counted from the request (``dispute.portability``: the days
    after the due date, not the interruption's) and quantified by the same computation as
    the L.224-42-1 request; without the request date it is claimed without a period nor an
    amount (the request says why)."""
    indemnity = None if case.is_business else porting_indemnity(case, today)
    if indemnity is not None:
        restored = indemnity.delay.ported_on is not None
    out = [] if restored else ["la réalisation de la portabilité du numéro"]
    if case.is_business:
        if restored:
            out.append("l'indemnisation du préjudice causé par le retard de portage du "
                       f"numéro{period}")
        return out
    if indemnity is None:
        out.append(PORTING_LAW)
        return out
    delay = indemnity.delay
    if not delay.late:
        return out
    amount = porting_amount_text(indemnity, notes)
    if delay.ported_on is not None:
        text = f"{PORTING_LAW} {period_fr(delay.first_late_day, delay.ported_on)}"
        text += f", soit {amount}" if amount else ""
    else:
        text = f"{PORTING_LAW} {period_fr(delay.first_late_day, None)}"
        text += (f", somme à parfaire jusqu'au portage, soit à ce jour {amount}" if amount
                 else ", somme à parfaire jusqu'au portage")
    out.append(text)
    return out


def _covered_note(case: Case, totals: ClaimTotals, notes: Notes) -> None:
    subject, several = credits_subject(case, totals, notes)
    prorata = basis_text(case, totals.disputed, notes)
    if totals.surplus.positive:
        notes.add(f"{subject} {'dépassent' if several else 'dépasse'} le remboursement au "
                  f"prorata calculé ({prorata}) : le courrier ne réclame plus ce remboursement "
                  f"et impute le solde, {basis_text(case, totals.surplus, notes)}, sur "
                  "l'indemnisation du préjudice, qui reste à chiffrer.")
    else:
        notes.add(f"{subject} {'couvrent' if several else 'couvre'} le remboursement au "
                  f"prorata calculé ({prorata}) : le courrier ne le réclame plus.")


OBLIGATIONS = {
    DisputeNature.OUTAGE: "fournir le service prévu au contrat",
    DisputeNature.LINE_OVERWRITTEN: "maintenir en service la ligne souscrite",
    DisputeNature.BILLING: "facturer conformément au contrat et aux consommations réelles",
    DisputeNature.MISSING_SERVICE: "fournir l'ensemble des services souscrits",
    DisputeNature.TRANSFER_ON_MOVE: "transférer la ligne lors du déménagement",
    DisputeNature.TERMINATION: "prendre en compte la résiliation demandée",
    DisputeNature.PORTABILITY: "réaliser la portabilité du numéro",
    DisputeNature.OTHER: "exécuter le contrat conformément à ses stipulations",
}


def obligations(case: Case) -> list[str]:
    natures = list(dict.fromkeys(case.natures)) or [DisputeNature.OTHER]
    return list(dict.fromkeys(OBLIGATIONS[n] for n in natures))


def breach_phrase(case: Case, whose: str) -> str:
    """What the operator did not perform, after « n'a pas exécuté » / « n'avez pas exécuté »:
    « votre obligation contractuelle de fournir le service prévu au contrat et d'exécuter… »
    (« de » elided before a vowel); for the nature « autre » alone, « le contrat conformément
    à ses stipulations » (« l'obligation d'exécuter le contrat » says it twice: review2
    18.1). ``whose``: « votre obligation contractuelle », « son obligation »."""
    natures = list(dict.fromkeys(case.natures)) or [DisputeNature.OTHER]
    if natures == [DisputeNature.OTHER]:
        return "le contrat conformément à ses stipulations"
    duties = [OBLIGATIONS[n] for n in natures if n is not DisputeNature.OTHER]
    return f"{whose} " + " et ".join(of_phrase(d) for d in dict.fromkeys(duties))


NATURE_PHRASES = {
    DisputeNature.MISSING_SERVICE: "l'absence d'un ou plusieurs services souscrits",
    DisputeNature.TRANSFER_ON_MOVE: "le transfert de la ligne lors d'un déménagement",
    DisputeNature.LINE_OVERWRITTEN: "l'écrasement de la ligne, reprise par erreur lors de la "
                                    "commande d'un autre client",
    DisputeNature.BILLING: "une facturation erronée",
    DisputeNature.OUTAGE: "l'interruption du service",
    DisputeNature.TERMINATION: "la résiliation du contrat",
    DisputeNature.PORTABILITY: "la portabilité du numéro",
    DisputeNature.OTHER: "l'exécution du contrat",
}


NATURE_SUBJECTS = NATURE_WORDS  # the same words in the LISEZMOI and the chronology


def _nature_phrase(case: Case, n: DisputeNature, table: dict, today: date | None) -> str:
    phrase = table[n]
    if n is DisputeNature.OUTAGE:
        span = outage_span(case, today)
        if span:
            phrase += f" {span}"
    return phrase


def natures_text(case: Case, today: date | None = None) -> str:
    """ "l'interruption du service du 2 mars au 21 avril 2026 (51 jours) et une facturation
    erronée": the natures of the dispute as a phrase for a sentence (the case's order, no
    duplicates). An outage says when it was, never « une panne ou interruption » (a form's
    label: review T4). It starts with an article: write « relative à », « concernant », and
    « au sujet » + :func:`~documents.letters.core.of_phrase` (never « au sujet de une »)."""
    natures = list(dict.fromkeys(case.natures)) or [DisputeNature.OTHER]
    return join_fr([_nature_phrase(case, n, NATURE_PHRASES, today) for n in natures])


def subject_natures(case: Case, today: date | None = None) -> str:
    """ "interruption du service du 2 mars au 21 avril 2026 (51 jours)", for an "Objet" line
    (lower case)."""
    natures = list(dict.fromkeys(case.natures)) or [DisputeNature.OTHER]
    return join_fr([_nature_phrase(case, n, NATURE_SUBJECTS, today) for n in natures])


# --------------------------------------------------------------------------------------------
# Contract, certified commitments


def contract_phrase(case: Case, *, ids: bool = False) -> str:
    """ "du contrat « Offre » souscrit le 15 septembre 2024" — every part only when the case
    has it. The contract, customer and line numbers are in the letter's references; ``ids``
    repeats them (for texts without a references block)."""
    c = case.contract
    text = "du contrat"
    if line(c.offer):
        text += f" « {line(c.offer)} »"
    if ids:
        parts = []
        if line(c.contract_number):
            parts.append(f"n°{NBSP}{line(c.contract_number)}")
        if line(c.customer_number):
            parts.append(f"client n°{NBSP}{line(c.customer_number)}")
        if parts:
            text += f" ({', '.join(parts)})"
    if c.start_date is not None:
        text += f" souscrit le {format_date_fr(c.start_date)}"
    numbers = line_numbers(case)
    if ids and numbers:
        text += f", pour la ligne {numbers[0]}" if len(numbers) == 1 else \
            f", pour les lignes {join_fr(numbers)}"
    return text


def commitment_blocks(case: Case, voice: Voice, notes: Notes, *,
                      to_operator: bool) -> list:
    """The certified commitments the operator broke (business subscribers), by number and
    exact wording (seeds/004), cited as its « engagements certifiés »."""
    numbers = [line(n) for n in case.broken_commitments if line(n)]
    if not numbers:
        return []
    if not case.is_business:
        notes.add("Les engagements certifiés (seeds/004) concernent les clients entreprises : "
                  "ils ne sont pas cités pour un abonné particulier.")
        return []
    book = load_commitments()
    found = []
    for number in numbers:
        c = book.get(number)
        if c is None:
            notes.add(f"Engagement n° {number} absent de la liste des engagements certifiés "
                      "(seeds/004) : il n'est pas cité.")
        elif c not in found:
            found.append(c)
    if not found:
        return []
    notes.add("Engagements certifiés cités : " + book.scope_note if book.scope_note else
              "Vérifiez que les engagements cités s'appliquent à l'opérateur.")
    whose = "à vos engagements certifiés" if to_operator else \
        "aux engagements certifiés de l'opérateur"
    intro = f"Ces manquements contreviennent également {whose} envers les entreprises clientes :"
    items = [Paragraph.of(Run(f"n°{NBSP}{c.number}", bold=True), f" : « {c.text} » ;")
             for c in found]
    last = items[-1]
    items[-1] = Paragraph(last.runs[:-1] + (Run(last.runs[-1].text[:-2] + "."),))
    return [Paragraph.of(intro), BulletList(tuple(items))]


# --------------------------------------------------------------------------------------------
# The summary


def facts_paragraphs(case: Case, voice: Voice, *, act: bool = False,
                     notes: Notes | None = None) -> list:
    """The summary, as the paragraphs the user wrote (separated by blank lines).

    Spliced into the letter (« Les faits sont les suivants. J'ai appelé… ») only when it was
    typed in the voice of the letter's signer: the subscriber's for a letter the subscriber
    (or its company) signs, the structure's for a letter the structure signs. Otherwise it is
    quoted, in italics between guillemets, under « Exposé des faits » (a third-person « Elle a
    appelé… » in a « je » letter, a « J'ai appelé… » in a letter the structure signs).

    ``act``: a formal notice, a court request, a complaint, the conciliateur: there the
    author asserts the facts. A summary in another voice is **not printed** — quoted, it would
    read as a third party's words (review T12); recalled as it is, the signer would speak of
    herself in the third person (« Mme Fontaine … Elle a appelé », review2 2.1) — and
    ``notes`` tells the user to write it in the first person; the dated steps the act recalls
    already state the facts."""
    parts = paragraphs(case.summary)
    if not parts:
        return []
    own = (case.summary_voice is SummaryVoice.SUBSCRIBER
           and voice.mode is not VoiceMode.STRUCTURE) or (
        case.summary_voice is SummaryVoice.STRUCTURE and voice.mode is VoiceMode.STRUCTURE)
    if own:
        first, *rest = parts
        return [Paragraph.of(Run("Les faits sont les suivants. ", bold=True), sentence(first))
                ] + [Paragraph.of(sentence(part)) for part in rest]
    if act:
        if notes is not None:
            notes.add("Le résumé du dossier n'est pas rédigé à la voix du signataire : il "
                      "n'est pas repris dans cet acte, où vous affirmez les faits vous-même "
                      "(la chronologie datée les rappelle). Pour qu'il y figure, rédigez-le à "
                      "la première personne (« J'ai appelé… ») et indiquez-le dans le "
                      "dossier.")
        return []
    quoted = [sentence(part) for part in parts]
    quoted[0] = "« " + quoted[0]
    quoted[-1] += " »"
    return [Paragraph.of(Run("Exposé des faits :", bold=True))] + [
        Paragraph((Run(text, italic=True),)) for text in quoted]


# --------------------------------------------------------------------------------------------
# Grounds


STRICT_LIABILITY = (
    "Pour rappel, l'opérateur est responsable de plein droit de la bonne exécution des "
    "obligations résultant du contrat (article 15, I, de la loi n° 2004-575 du 21 juin 2004 "
    "pour la confiance dans l'économie numérique). Cette responsabilité est d'ordre public, y "
    "compris envers un client professionnel : une clause la réduisant à une obligation de "
    "moyens est réputée non écrite (Cour de cassation, 13 mars 2024).")
"""LEGAL-2026-12 § 2.3 (B): two judgments of 13 March 2024 against SFR, an association and a
travel agency; their appeal numbers are not recorded, hence no number here."""


CONTRACT_GROUND = ("Pour rappel, votre société est tenue de fournir le service prévu au "
                   "contrat et répond de son inexécution.")
"""The general contract ground, when the contract was not concluded at a distance (or it is
not said): LCEN art. 15 I is then not cited (review2 5.2)."""


def distance_note(case: Case, notes: Notes) -> None:
    """Why the letter does not cite LCEN art. 15 I: it makes the provider strictly liable for
    a contract « conclu à distance » only (review2 5.2)."""
    if case.contract.distance is None:
        notes.add("Contrat conclu à distance (en ligne, par téléphone) : non précisé. La "
                  "responsabilité de plein droit du fournisseur (loi n° 2004-575 du 21 juin "
                  "2004, art. 15, I) ne vaut que pour un contrat conclu à distance : le courrier "
                  "ne la cite pas. Si c'est le cas, indiquez-le dans le contrat du dossier.")
    elif case.contract.distance is False:
        notes.add("Contrat conclu hors distance (en boutique, à domicile) : la responsabilité "
                  "de plein droit de la loi n° 2004-575, art. 15, I, qui vise les contrats "
                  "conclus à distance, n'est pas citée ; le courrier s'en tient au contrat.")


def strict_liability(case: Case, notes: Notes) -> list:
    """For a business subscriber, in a letter to the operator, when the service itself was
    not provided (``Case.service_not_provided``, ``dispute.model.SERVICE_NATURES``: one
    definition with the Médiateur des entreprises' card; a billing dispute alone names no
    such breach: review4 N1): the provider's strict liability, which no clause of the professional
    contract can set aside — for a contract concluded at a distance (LCEN art. 15 I says
    « contrat conclu à distance »); otherwise the general contract ground (review2 5.2)."""
    if not case.is_business or not case.service_not_provided:
        return []
    if case.contract.distance is not True:
        distance_note(case, notes)
        return [Paragraph.of(CONTRACT_GROUND)]
    notes.add("Le courrier cite la responsabilité de plein droit de l'opérateur (LCEN, art. "
              "15 I ; Cour de cassation, 13 mars 2024, deux arrêts contre SFR dont les numéros "
              "de pourvoi ne sont pas relevés) : vérifiez la référence si elle est contestée.")
    return [Paragraph.of(STRICT_LIABILITY)]


def credit_paragraphs(case: Case, notes: Notes, today: date, *, report: bool = False) -> list:
    """What the operator already gave and is not deducted from the claim, said once
    (``report``: in a report to an authority, which claims nothing). Without invoice lines,
    the credits are set against the prorata (:func:`settlement`): said when they cover it
    (review3 2.1), deducted in the demand otherwise."""
    if settlement(case, today).on_prorata:
        text = prorata_credit_sentence(case, today, notes, report=report)
        return [Paragraph.of(text)] if text else []
    return [Paragraph.of(text) for text in explained_credits(case, notes, report=report)]
