"""How the engine's French sentences name the subscriber: gender and number agreed.

A woman is « l'abonnée », a couple « les abonnés », a company « l'entreprise », an association
« l'association » (docs/procedure.md « Naming the subscriber »). Every reason, note and step
that speaks of the subscriber goes through :class:`SubscriberWords`, so that « l'abonné est un
particulier » is never said of a woman or of a couple.
"""

from __future__ import annotations

from dataclasses import dataclass

from dispute.model import BusinessForm, Case, Civility


@dataclass(frozen=True)
class SubscriberWords:
    """The subscriber's noun and the agreements that follow it."""

    noun: str  # « l'abonné », « l'abonnée », « les abonnés », « l'entreprise »...
    feminine: bool
    plural: bool
    private: bool
    what: str  # « un particulier », « une particulière », « des particuliers », « une entreprise »

    @property
    def subject(self) -> str:
        """The noun at the start of a sentence."""
        return self.noun[:1].upper() + self.noun[1:]

    @property
    def of(self) -> str:
        """ « de l'abonnée », « des abonnés » (never « de les »)."""
        return "des abonnés" if self.noun == "les abonnés" else f"de {self.noun}"

    @property
    def to(self) -> str:
        """ « à l'abonnée », « aux abonnés »."""
        return "aux abonnés" if self.noun == "les abonnés" else f"à {self.noun}"

    def agree(self, word: str) -> str:
        """An adjective or past participle agreed with the subscriber: « seul » →
        « seule », « seuls »."""
        return word + ("e" if self.feminine else "") + ("s" if self.plural else "")

    def verb(self, singular: str, plural: str) -> str:
        return plural if self.plural else singular

    @property
    def is_what(self) -> str:
        """ « l'abonnée est une particulière », « les abonnés sont des particuliers »,
        « le contrat a été souscrit par une entreprise »."""
        if self.private:
            return f"{self.noun} {self.verb('est', 'sont')} {self.what}"
        return f"le contrat a été souscrit par {self.what}"


def subscriber_words(case: Case) -> SubscriberWords:
    """The words for this case's subscriber (a man, or a civility not said: the masculine)."""
    sub = case.subscriber
    if case.is_business:
        form = sub.business_form
        if form is BusinessForm.ASSOCIATION:
            return SubscriberWords("l'association", True, False, False, "une association")
        what = ("une entreprise individuelle" if form is BusinessForm.SOLE_TRADER
                else "une entreprise")
        return SubscriberWords("l'entreprise", True, False, False, what)
    if sub.civility is Civility.MRS:
        return SubscriberWords("l'abonnée", True, False, True, "une particulière")
    if sub.civility is Civility.COUPLE:
        return SubscriberWords("les abonnés", False, True, True, "des particuliers")
    return SubscriberWords("l'abonné", False, False, True, "un particulier")
