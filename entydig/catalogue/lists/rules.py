"""The rule sets of the 1 December lists (2010, 2013, 2018, 2021), stored as data: every number with its source.

Each threshold names where it was read. Where a number could only be read in a secondary source (press quoting the
ministry), the source says so; where it could not be confirmed at all, `confirmed` is False and the note says
"ikke bekræftet" — the classifier still uses such a number, and reports it in `unconfirmed` with every result, so
that nobody mistakes it for the law.

Shares are in percent (40 means 40 pct.). The crime criterion is a fixed share in 2010 and 2013 and a multiple of
the national share from 2018 on; income is the area's average gross income in percent of the region's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext_lazy

# The five criteria, by the names the API uses.
NONWESTERN = "nonwestern"  # share of immigrants and descendants from non-Western countries
LABOUR = "labour"  # share of 18-64-year-olds outside the labour market and education
CRIME = "crime"  # share of residents (18+) convicted under the penal code, the weapons act or the drugs act
EDUCATION = "education"  # share of 30-59-year-olds with basic schooling only
INCOME = "income"  # average gross income of 15-64-year-olds (not in education) in percent of the region's
CRITERIA = (NONWESTERN, LABOUR, CRIME, EDUCATION, INCOME)

# Status codes (the API's contract).
NONE = "none"
UDSAT = "udsat"
GHETTO = "ghetto"
HAARDT_GHETTO = "haardt_ghetto"
PARALLELSAMFUND = "parallelsamfund"
OMDANNELSESOMRAADE = "omdannelsesomraade"
FOREBYGGELSESOMRAADE = "forebyggelsesomraade"
STATUSES = (NONE, UDSAT, GHETTO, HAARDT_GHETTO, PARALLELSAMFUND, OMDANNELSESOMRAADE, FOREBYGGELSESOMRAADE)
# The words of the lists for each status; None: the status depends on a value that is missing.
STATUS_LABELS = {
    NONE: gettext_lazy("Ikke på listerne"),
    UDSAT: gettext_lazy("Udsat boligområde"),
    GHETTO: gettext_lazy("Ghettoområde"),
    HAARDT_GHETTO: gettext_lazy("Hårdt ghettoområde"),
    PARALLELSAMFUND: gettext_lazy("Parallelsamfund"),
    OMDANNELSESOMRAADE: gettext_lazy("Omdannelsesområde"),
    FOREBYGGELSESOMRAADE: gettext_lazy("Forebyggelsesområde"),
    None: gettext_lazy("Kan ikke afgøres: et tal mangler"),
}
CRITERION_LABELS = {
    NONWESTERN: gettext_lazy("ikke-vestlig baggrund"),
    LABOUR: gettext_lazy("uden for arbejde og uddannelse"),
    CRIME: gettext_lazy("dømte"),
    EDUCATION: gettext_lazy("kun grundskole"),
    INCOME: gettext_lazy("indkomst"),
}

# A year with one of these statuses counts as a year "on the ghetto list / parallelsamfund list" for the rules on
# consecutive years. The ministry counted the lists made under the earlier rules: the hårde ghettoområder of
# 1.12.2020 were areas "på ghettolisten i alle år i perioden 2016-2020" (FT_NOTAT_2020), i.e. lists of 2016-2017
# under the 2013 rules; the 2021 renaming made ghettoområde = parallelsamfund (L23_2021).
ON_THE_LIST = frozenset({GHETTO, HAARDT_GHETTO, PARALLELSAMFUND, OMDANNELSESOMRAADE})

Comparison = Literal["gt", "ge", "lt"]  # overstiger / udgør mindst / udgør mindre end


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    date: str  # dd.mm.yyyy, as far as the source says
    note: str = ""


@dataclass(frozen=True)
class Threshold:
    """One criterion's rule: met when the value compares to `value` (or `multiple` × the national share)."""

    comparison: Comparison
    source: Source
    value: Decimal | None = None  # percent; None when the threshold is a multiple of the national share
    multiple: Decimal | None = None  # crime from 2018: the area's share is at least `multiple` × the national share
    average_years: int = 1  # 1: the list year's figure; 2 or 4: the average of the latest years (the caller's input)
    confirmed: bool = True
    note: str = ""


@dataclass(frozen=True)
class Tier:
    """A designation made of criteria: `required` of the `counted` criteria, and the non-Western share as a gate."""

    status: str
    thresholds: dict[str, Threshold]
    counted: tuple[str, ...]
    required: int
    source: Source
    gate: str | None = None  # a criterion that must be met besides (the non-Western share from 2018)


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: str
    list_years: str  # the lists the rules were used for, as far as confirmed
    min_residents: int
    min_residents_source: Source
    base: Tier  # 2010/2013: ghetto; 2018/2021: udsat
    higher: Tier | None = None  # 2018: ghetto; 2021: parallelsamfund (the base's criteria plus the gate)
    persistent_status: str | None = None  # haardt_ghetto / omdannelsesomraade
    persistent_years: int = 0  # years in a row on the list, the list year included
    persistent_years_by_list_year: dict[int, int] = field(default_factory=dict)  # transitional rules
    persistent_source: Source | None = None
    prevention: Tier | None = None  # 2021: forebyggelsesområde (§ 61 b)
    notes: tuple[str, ...] = ()

    def years_for_persistent(self, list_year: int) -> int:
        return self.persistent_years_by_list_year.get(list_year, self.persistent_years)

    def unconfirmed(self) -> list[str]:
        """What in this rule set is not confirmed by a source, in Danish, for every result to carry."""
        found: list[str] = []
        for tier in (self.base, self.higher, self.prevention):
            if tier is None:
                continue
            for name, threshold in tier.thresholds.items():
                if not threshold.confirmed:
                    found.append(f"{tier.status}.{name}: {threshold.note}")
        return found


D = Decimal

# --- Sources ---------------------------------------------------------------------------------------------------

LAW_2010 = Source(
    "Lov om ændring af lov om almene boliger m.v. (Stop for anvisning til ghettoområder af visse persongrupper og "
    "identifikation af ghettoområder), § 1, nr. 2: ny § 61 a",
    "https://www.retsinformation.dk/Forms/R0710.aspx?id=135224",
    "12.2010",
    "Lovteksten: 'en fysisk sammenhængende almen boligafdeling, hvor der bor mindst 1.000 beboere, og som opfylder "
    "mindst to af følgende ...'. Lovens nummer og de tre kriteriers ordlyd er ikke set i kilden (ikke bekræftet).",
)
MINISTRY_2010 = Source(
    "TV2 Østjylland, 'Hvad er en ghetto?' (kilde: Ministeriet for By, Bolig og Landdistrikter)",
    "https://www.tv2ostjylland.dk/artikel/hvad-er-en-ghetto",
    "",
    "Tre kriterier, mindst to: ikke-vestlige > 50 pct.; uden for arbejdsmarked/uddannelse (18-64 år) > 40 pct., "
    "gennemsnit over de seneste fire år; dømte pr. 10.000 beboere på 18 år og derover > 270, gennemsnit over de "
    "seneste fire år. Samme tal: kommunist.dk/10-aar-med-ghettolisten (2020), holbaekonline.dk 02.10.2013.",
)
L45_2013 = Source(
    "L 45 (2013-14), forslag til lov om ændring af lov om almene boliger m.v. (Ny definition af ghettoområder), "
    "fremsat 31.10.2013, § 1, nr. 1: § 61 a",
    "https://eu.dk/samling/20131/lovforslag/l45/20131_l45_som_fremsat.htm",
    "31.10.2013",
    "Lovforslagets tekst. At den blev vedtaget uændret, er læst i ministeriets gengivelse af kriterierne "
    "(boligsocialnet.dk 12.2017, sonderborgnyt.dk 01.12.2017, kilde: Transport-, Bygnings- og Boligministeriet).",
)
MINISTRY_2018 = Source(
    "Transport-, Bygnings- og Boligministeriet: definitionen af et ghettoområde (regeringen.dk)",
    "https://regeringen.dk/nyheder/2017/ghetto-listen-2017-to-nye-omraader-tilfoejet-fem-fjernet/"
    "ghettolisten-definition-af-en-ghetto",
    "",
    "Ghettoområde: mindst 1.000 beboere, ikke-vestlige > 50 pct. og mindst to af fire kriterier. Udsat boligområde: "
    "mindst to af de fire (trafikstyrelsen.dk, 'Udsatte områder og ghettoområder', 04.12.2020).",
)
TRAFIKSTYRELSEN_2020 = Source(
    "Trafik-, Bygge- og Boligstyrelsen: Udsatte områder og ghettoområder",
    "https://www.trafikstyrelsen.dk/da/Bolig/Udsatte-boligomraader/Udsatte-omraader-og-ghettoomraader",
    "04.12.2020",
)
FT_NOTAT_2020 = Source(
    "Notat 'Liste over hårde ghettoområder pr. 1. december 2020', BOU alm. del bilag 33 (2020-21)",
    "https://ft.dk/samling/20201/almdel/BOU/bilag/33/2293806/index.htm",
    "01.12.2020",
    "'Ved et hårdt ghettoområde forstås et boligområde, som de seneste fire år har opfyldt betingelserne for at "
    "være et ghettoområde. Dog defineres et hårdt ghettoområde for årene 2018-2020 som et boligområde, der de "
    "seneste fem år har opfyldt betingelserne for at være et ghettoområde.'",
)
LAW_61A = Source(
    "Almenboligloven § 61 a (gældende, efter L 23 2021)",
    "https://danskelove.dk/almenboligloven/61a",
    "",
    "Stk. 1: udsat boligområde, mindst to af fire kriterier; stk. 2: parallelsamfund, ikke-vestlige > 50 pct. og "
    "mindst to af kriterierne i stk. 1; stk. 3: mindst 1.000 beboere; stk. 4: omdannelsesområde, de seneste 5 år "
    "parallelsamfund; stk. 5: offentliggøres 1. december.",
)
LAW_61B = Source(
    "Almenboligloven § 61 b (LBK nr. 1171 af 11.11.2024)",
    "https://www.lovguiden.dk/loven/almenboligloven/61b",
    "11.11.2024",
    "Forebyggelsesområde: ikke-vestlige > 30 pct. og mindst to af fire kriterier (30 pct., to gange "
    "landsgennemsnittet, 60 pct., 65 pct.). Samme tekst: elov.dk/almenboligloven/paragraf/61b.",
)
L23_2021 = Source(
    "BL informerer 5921: L 23 vedtaget 23.11.2021, i kraft 30.11.2021",
    "https://bl.dk/bl-informerer/2021/11/5921-nye-regler-om-udpegning-af-forebyggelsesomraader-og-andre-"
    "aendringer-i-parallelsamfundslovgivningen/",
    "23.11.2021",
    "'Omdannelsesområder udpeges først efter 5 år som parallelsamfund. Det har tidligere været 4 år (dog 5 år i en "
    "midlertidig periode).' Ghettoområde omdøbes til parallelsamfund, hårdt ghettoområde til omdannelsesområde. "
    "Lovforslaget: https://www.ft.dk/ripdf/samling/20211/lovforslag/l23/20211_l23_som_fremsat.pdf (06.10.2021).",
)

# --- The rule sets -----------------------------------------------------------------------------------------------

_RULES_2010 = RuleSet(
    code="2010",
    name="Ghettoområde (2010-reglerne)",
    list_years="2010 til 1.10.2013 (holbaekonline.dk 02.10.2013 bruger tre kriterier for listen 1.10.2013)",
    min_residents=1000,
    min_residents_source=LAW_2010,
    base=Tier(
        status=GHETTO,
        thresholds={
            NONWESTERN: Threshold("gt", MINISTRY_2010, value=D(50)),
            LABOUR: Threshold("gt", MINISTRY_2010, value=D(40), average_years=4),
            CRIME: Threshold(
                "gt",
                MINISTRY_2010,
                value=D("2.70"),
                average_years=4,
                note="270 dømte pr. 10.000 beboere på 18 år og derover = 2,70 pct.",
            ),
        },
        counted=(NONWESTERN, LABOUR, CRIME),
        required=2,
        source=LAW_2010,
    ),
    notes=("Ingen uddannelses- og indkomstkriterier og ingen regel om år i træk i 2010-reglerne.",),
)

_RULES_2013 = RuleSet(
    code="2013",
    name="Ghettoområde (2013-reglerne)",
    list_years="til og med 2017 (listen 1.12.2017 bruger fem kriterier, tre opfyldt; første liste ikke bekræftet)",
    min_residents=1000,
    min_residents_source=L45_2013,
    base=Tier(
        status=GHETTO,
        thresholds={
            NONWESTERN: Threshold("gt", L45_2013, value=D(50)),
            LABOUR: Threshold("gt", L45_2013, value=D(40), average_years=2),
            CRIME: Threshold(
                "gt", L45_2013, value=D("2.7"), average_years=2, note="af antallet af beboere på 18 år og derover"
            ),
            EDUCATION: Threshold(
                "gt", L45_2013, value=D(50), note="30-59 år; ministeriet: inkl. uoplyst uddannelse (sonderborgnyt.dk)"
            ),
            INCOME: Threshold("lt", L45_2013, value=D(55), note="15-64 år eksklusive uddannelsessøgende"),
        },
        counted=CRITERIA,
        required=3,
        source=L45_2013,
    ),
)

_SOCIAL_2018 = {
    LABOUR: Threshold("gt", MINISTRY_2018, value=D(40), average_years=2),
    CRIME: Threshold("ge", MINISTRY_2018, multiple=D(3), average_years=2),
    EDUCATION: Threshold("gt", MINISTRY_2018, value=D(60), note="30-59 år, alene grunduddannelse"),
    INCOME: Threshold("lt", MINISTRY_2018, value=D(55), note="15-64 år eksklusive uddannelsessøgende"),
}
_SOCIAL = (LABOUR, CRIME, EDUCATION, INCOME)

_RULES_2018 = RuleSet(
    code="2018",
    name="Udsat boligområde, ghettoområde, hårdt ghettoområde (2018-reglerne)",
    list_years="2018-2020",
    min_residents=1000,
    min_residents_source=MINISTRY_2018,
    base=Tier(status=UDSAT, thresholds=_SOCIAL_2018, counted=_SOCIAL, required=2, source=TRAFIKSTYRELSEN_2020),
    higher=Tier(
        status=GHETTO,
        thresholds={**_SOCIAL_2018, NONWESTERN: Threshold("gt", MINISTRY_2018, value=D(50))},
        counted=_SOCIAL,
        required=2,
        source=MINISTRY_2018,
        gate=NONWESTERN,
    ),
    persistent_status=HAARDT_GHETTO,
    persistent_years=4,
    persistent_years_by_list_year={2018: 5, 2019: 5, 2020: 5},
    persistent_source=FT_NOTAT_2020,
)

_SOCIAL_2021 = {
    LABOUR: Threshold("gt", LAW_61A, value=D(40), average_years=2),
    CRIME: Threshold("ge", LAW_61A, multiple=D(3), average_years=2),
    EDUCATION: Threshold("gt", LAW_61A, value=D(60), note="30-59 år, alene grundskoleuddannelse"),
    INCOME: Threshold("lt", LAW_61A, value=D(55), note="15-64 år eksklusive uddannelsessøgende"),
}

_RULES_2021 = RuleSet(
    code="2021",
    name="Udsat boligområde, parallelsamfund, omdannelsesområde, forebyggelsesområde (gældende regler)",
    list_years="fra 1.12.2021 (L 23 i kraft 30.11.2021)",
    min_residents=1000,
    min_residents_source=LAW_61A,
    base=Tier(status=UDSAT, thresholds=_SOCIAL_2021, counted=_SOCIAL, required=2, source=LAW_61A),
    higher=Tier(
        status=PARALLELSAMFUND,
        thresholds={**_SOCIAL_2021, NONWESTERN: Threshold("gt", LAW_61A, value=D(50))},
        counted=_SOCIAL,
        required=2,
        source=LAW_61A,
        gate=NONWESTERN,
    ),
    persistent_status=OMDANNELSESOMRAADE,
    persistent_years=5,
    persistent_source=L23_2021,
    prevention=Tier(
        status=FOREBYGGELSESOMRAADE,
        thresholds={
            NONWESTERN: Threshold("gt", LAW_61B, value=D(30)),
            LABOUR: Threshold("gt", LAW_61B, value=D(30), average_years=2),
            CRIME: Threshold("ge", LAW_61B, multiple=D(2), average_years=2),
            EDUCATION: Threshold("gt", LAW_61B, value=D(60)),
            INCOME: Threshold("lt", LAW_61B, value=D(65)),
        },
        counted=_SOCIAL,
        required=2,
        source=LAW_61B,
        gate=NONWESTERN,
    ),
    notes=(
        "Et område får én status, den mest alvorlige: omdannelsesområde, parallelsamfund, udsat boligområde, "
        "forebyggelsesområde. At et udsat boligområde ikke også står på listen over forebyggelsesområder, står ikke "
        "i § 61 b's tekst; det er Entydigs læsning af de adskilte lister (ikke bekræftet).",
    ),
)

RULESETS: dict[str, RuleSet] = {r.code: r for r in (_RULES_2010, _RULES_2013, _RULES_2018, _RULES_2021)}
