"""An area's afdelinger: the housing organisation's departments it is made of, as `Area.afdelinger` holds them.

The field is one line of text, the way the secretariat writes it: `Afd. 12, Afd. 14`, or with the housing
organisation in front where the plan has several (`Fjordbo afd. 12, Vestbo afd. 3`). The area's services read it
here, refuse an item that names no afdeling and an afdeling that belongs to another area of the plan, and store
it written the one way (`Fjordbo afd. 12`); the measurement import reads it to add an afdeling's figures up to
its area. The text is the one record; nothing else stores the afdelinger.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from entydig.organisation.models import Area

_ITEM = re.compile(r"^(?P<organisation>.*?)\s*(?:\bafd(?:eling)?\b\.?\s*(?:nr\.?\s*)?)?(?P<number>\d{1,6})$", re.I)


@dataclass(frozen=True, order=True)
class Afdeling:
    housing_organisation: str  # "" when the text names none
    number: int

    def __str__(self) -> str:
        return f"{self.housing_organisation} afd. {self.number}" if self.housing_organisation else f"Afd. {self.number}"

    def matches(self, other: Afdeling) -> bool:
        """The same afdeling; a side without a housing organisation matches any organisation's number."""
        if self.number != other.number:
            return False
        mine, theirs = self.housing_organisation.casefold(), other.housing_organisation.casefold()
        return not mine or not theirs or mine == theirs


def parse_afdeling(text: str) -> Afdeling | None:
    """`Afd. 12`, `afdeling 12`, `12`, `Fjordbo afd. 12` → Afdeling; None when the text names no afdeling."""
    found = _ITEM.match(" ".join(text.split()))
    if found is None:
        return None
    return Afdeling(found["organisation"].strip(" ,-"), int(found["number"]))


def parse_afdelinger(text: str) -> tuple[list[Afdeling], list[str]]:
    """The afdelinger of a comma-separated text, and the items that name none."""
    afdelinger: list[Afdeling] = []
    bad: list[str] = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        afdeling = parse_afdeling(item)
        if afdeling is None:
            bad.append(item)
        elif afdeling not in afdelinger:
            afdelinger.append(afdeling)
    return afdelinger, bad


def afdelinger_problem(text: str, others: Iterable[tuple[str, str]]) -> str | None:
    """Why the text cannot be an area's afdelinger (`others`: the other areas' names and afdelinger), or None."""
    afdelinger, bad = parse_afdelinger(text)
    if bad:
        return _("»%(item)s« er ikke en afdeling; skriv fx »Afd. 12« eller »Fjordbo afd. 12«, adskilt af komma") % {
            "item": bad[0][:40]
        }
    for name, other_text in others:
        for afdeling in afdelinger:
            if any(afdeling.matches(other) for other in parse_afdelinger(other_text)[0]):
                return _("%(afdeling)s hører allerede til boligområdet %(area)s") % {
                    "afdeling": afdeling,
                    "area": name,
                }
    return None


def checked_afdelinger(plan_id: int, area_pk: int | None, text: str) -> str:
    """The afdelinger of an area of the plan (`area_pk`: None for a new one) written the one way, or a
    ValidationError on the field: the area services' check."""
    others = Area.objects.filter(plan_id=plan_id)
    if area_pk is not None:
        others = others.exclude(pk=area_pk)
    problem = afdelinger_problem(text, others.values_list("name", "afdelinger"))
    if problem is not None:
        raise ValidationError({"afdelinger": problem}, code="afdelinger")
    return written(text)


def written(text: str) -> str:
    """The afdelinger written the one way: `Afd. 12, Fjordbo afd. 14`."""
    return ", ".join(str(afdeling) for afdeling in parse_afdelinger(text)[0])
