"""The indicators the field uses, shipped as data (changed afterwards in the admin).

Definitions were looked up in the sources named in `source_reference`; where a definition could not be confirmed
against its source, its text says so. The list criteria quote almenboligloven § 61 a and § 61 b (LBK nr. 1171 af
11/11/2024).
"""

from django.db import migrations

UNCONFIRMED = "Definitionen er ikke bekræftet mod kilden."
BD = "boligsociale_data"
DST = "dst"
SURVEY = "survey"
LBF_BD = (
    "Landsbyggefonden, Boligsociale Data (lbf.dk/selvbetjeninger/boligsociale-data), datagrundlag og brugervejledning"
)
LBF_BEBOERDATA = "Landsbyggefonden, Beboerdata (lbf.dk/selvbetjeninger/beboerdata)"
LAW_61A = "Almenboligloven § 61 a, stk. 1-2, og § 61 b (LBK nr. 1171 af 11/11/2024)"
REGISTER_DISCLOSURE = (
    "Tallet vises ikke, når det bygger på færre personer end diskretionsgrænsen: for en andel tælleren (fx 3 af 120 "
    "unge) eller nævneren, når den er så lille. Kilden diskretionerer selv små tal, så enkeltpersoner ikke kan "
    "identificeres."
)
LIST_DISCLOSURE = (
    "Ministeriet offentliggør kriterieværdierne for områderne på listen; for andre områder gælder samme regel som "
    "for registerdata: tal, der bygger på færre personer end diskretionsgrænsen, vises ikke."
)
SURVEY_DISCLOSURE = "Svar fra færre personer end diskretionsgrænsen vises ikke, heller ikke opdelt på målgrupper."


def _list(text):
    return text + " Kriterieværdien beregnes af Danmarks Statistik for ministeriet til listen den 1. december."


INDICATORS = [
    # Employment and education
    {
        "code": "beskaeftigede-18-64",
        "name": "18-64-årige i beskæftigelse",
        "kind": "share",
        "unit": "percent",
        "direction": "higher",
        "source": BD,
        "numerator": "Beboere i alderen 18-64 år, der er i beskæftigelse",
        "denominator": "Alle beboere i alderen 18-64 år",
        "definition": (
            "Andelen af beboerne i alderen 18-64 år, der er i beskæftigelse, opgjort fra Danmarks Statistiks "
            "registre for Landsbyggefondens Boligsociale Data. " + UNCONFIRMED + " Det er ikke bekræftet, hvordan "
            "kilden tæller støttet beskæftigelse og personer i uddannelse med job."
        ),
        "source_reference": LBF_BD,
    },
    {
        "code": "job-eller-uddannelse-18-64",
        "name": "18-64-årige i job eller uddannelse",
        "kind": "share",
        "unit": "percent",
        "direction": "higher",
        "source": BD,
        "numerator": "Beboere i alderen 18-64 år, der er i beskæftigelse eller under uddannelse",
        "denominator": "Alle beboere i alderen 18-64 år",
        "definition": (
            "Andelen af beboerne i alderen 18-64 år, der er i beskæftigelse eller under uddannelse; det "
            "modsatte af listekriteriet 'uden tilknytning til arbejdsmarked eller uddannelse', men opgjort for ét "
            "år. " + UNCONFIRMED
        ),
        "source_reference": LBF_BD,
    },
    {
        "code": "job-eller-uddannelse-18-29",
        "name": "18-29-årige i job eller uddannelse",
        "kind": "share",
        "unit": "percent",
        "direction": "higher",
        "source": BD,
        "numerator": "Beboere i alderen 18-29 år, der er i beskæftigelse eller under uddannelse",
        "denominator": "Alle beboere i alderen 18-29 år",
        "definition": (
            "Andelen af de unge beboere i alderen 18-29 år, der er i beskæftigelse eller under uddannelse. "
            + UNCONFIRMED
        ),
        "source_reference": LBF_BD,
    },
    {
        "code": "uddannelse-18-29",
        "name": "18-29-årige i gang med eller med gennemført uddannelse efter grundskolen",
        "kind": "share",
        "unit": "percent",
        "direction": "higher",
        "source": BD,
        "numerator": (
            "Beboere i alderen 18-29 år, der er i gang med eller har gennemført en ungdomsuddannelse eller en "
            "videregående uddannelse"
        ),
        "denominator": "Alle beboere i alderen 18-29 år",
        "definition": (
            "Andelen af de unge beboere i alderen 18-29 år, der er i gang med eller har gennemført en uddannelse "
            "efter grundskolen. " + UNCONFIRMED + " Det er ikke bekræftet, om kilden medregner uddannelser taget "
            "i udlandet."
        ),
        "source_reference": LBF_BD,
    },
    # Crime
    {
        "code": "unge-sigtede-15-20",
        "name": "Unge 15-20 år sigtet for lovovertrædelser",
        "kind": "share",
        "unit": "percent",
        "direction": "lower",
        "source": BD,
        "numerator": (
            "Beboere i alderen 15-20 år, der i løbet af året er sigtet for overtrædelse af straffeloven, "
            "våbenloven eller lov om euforiserende stoffer"
        ),
        "denominator": "Alle beboere i alderen 15-20 år",
        "definition": (
            "Andelen af de unge beboere, der i løbet af året er sigtet for en lovovertrædelse. "
            + UNCONFIRMED
            + " Aldersgrænserne (15-20 år, 15 år er den kriminelle lavalder) og hvilke love der tælles med, skal "
            "tjekkes i Boligsociale Datas datagrundlag; brug kildens aldersgruppe, hvis den er en anden."
        ),
        "source_reference": LBF_BD,
    },
    {
        "code": "unge-domte-15-20",
        "name": "Unge 15-20 år dømt for lovovertrædelser",
        "kind": "share",
        "unit": "percent",
        "direction": "lower",
        "source": BD,
        "numerator": (
            "Beboere i alderen 15-20 år, der i løbet af året er dømt for overtrædelse af straffeloven, våbenloven "
            "eller lov om euforiserende stoffer"
        ),
        "denominator": "Alle beboere i alderen 15-20 år",
        "definition": (
            "Andelen af de unge beboere, der i løbet af året er dømt for en lovovertrædelse. "
            + UNCONFIRMED
            + " Aldersgrænserne og lovene skal tjekkes i Boligsociale Datas datagrundlag."
        ),
        "source_reference": LBF_BD,
    },
    # School and daycare
    {
        "code": "karakter-9-klasse",
        "name": "Karaktergennemsnit ved 9. klasses prøver i dansk og matematik",
        "kind": "average",
        "unit": "score",
        "direction": "higher",
        "source": BD,
        "numerator": "Summen af karaktererne ved de bundne prøver i dansk og matematik i 9. klasse",
        "denominator": "Antal karakterer (elever bosat i området, der har aflagt prøverne)",
        "definition": (
            "Gennemsnittet af karaktererne ved folkeskolens afgangsprøver i dansk og matematik i 9. klasse for "
            "elever, der bor i området (ikke elever på områdets skole). Et gennemsnit over eleverne, aldrig over "
            "alle beboere. " + UNCONFIRMED + " Hvilke prøver der indgår, skal tjekkes i Boligsociale Datas "
            "datagrundlag."
        ),
        "source_reference": LBF_BD,
    },
    {
        "code": "dagtilbud-1-5",
        "name": "Børn 1-5 år i dagtilbud",
        "kind": "share",
        "unit": "percent",
        "direction": "higher",
        "source": BD,
        "numerator": "Børn i alderen 1-5 år, der er indskrevet i et dagtilbud (vuggestue, børnehave, dagpleje)",
        "denominator": "Alle børn i alderen 1-5 år, der bor i området",
        "definition": (
            "Andelen af børnene i alderen 1-5 år, der går i dagtilbud. Landsbyggefonden opgør tallet (tabellen "
            "'Børn 1-5 år i dagtilbud' i Beboerdata). " + UNCONFIRMED + " Opgørelsestidspunktet og hvilke "
            "dagtilbud der tælles med, er ikke bekræftet."
        ),
        "source_reference": LBF_BEBOERDATA,
    },
    # Income
    {
        "code": "indkomst-15-64",
        "name": "Gennemsnitlig bruttoindkomst for 15-64-årige",
        "kind": "amount",
        "unit": "dkk",
        "direction": "higher",
        "source": BD,
        "numerator": "Summen af bruttoindkomsten for beboere i alderen 15-64 år",
        "denominator": "Antal beboere i alderen 15-64 år",
        "definition": (
            "Den gennemsnitlige årlige bruttoindkomst i kroner for beboerne i alderen 15-64 år. "
            + UNCONFIRMED
            + " Det er ikke bekræftet, om kilden udelader uddannelsessøgende, som listekriteriet gør."
        ),
        "source_reference": LBF_BEBOERDATA,
    },
    # The five list criteria
    {
        "code": "liste-ikkevestlige",
        "name": "Listekriterium: indvandrere og efterkommere fra ikkevestlige lande",
        "kind": "share",
        "unit": "percent",
        "direction": "lower",
        "source": DST,
        "numerator": "Indvandrere og efterkommere fra ikkevestlige lande, der bor i området",
        "denominator": "Alle beboere i området",
        "definition": _list(
            "Andelen af beboerne, der er indvandrere eller efterkommere fra ikkevestlige lande. Et parallelsamfund "
            "har over 50 pct. (almenboligloven § 61 a, stk. 2), et forebyggelsesområde over 30 pct. (§ 61 b). "
            "Retningen 'lavere' angiver afstanden til listen, ikke en vurdering af beboerne."
        ),
        "source_reference": LAW_61A,
    },
    {
        "code": "liste-uden-job-uddannelse",
        "name": "Listekriterium: 18-64-årige uden tilknytning til arbejdsmarked eller uddannelse",
        "kind": "share",
        "unit": "percent",
        "direction": "lower",
        "source": DST,
        "numerator": "Beboere i alderen 18-64 år uden tilknytning til arbejdsmarked eller uddannelse",
        "denominator": "Alle beboere i alderen 18-64 år",
        "definition": _list(
            "Andelen af beboerne i alderen 18-64 år, der er uden tilknytning til arbejdsmarked eller uddannelse, "
            "opgjort som gennemsnittet over de seneste 2 år. Kriteriet er opfyldt over 40 pct. (almenboligloven "
            "§ 61 a, stk. 1, nr. 1) og over 30 pct. for et forebyggelsesområde (§ 61 b, nr. 1)."
        ),
        "source_reference": LAW_61A,
    },
    {
        "code": "liste-domte",
        "name": "Listekriterium: beboere dømt for overtrædelse af straffeloven, våbenloven eller lov om euforiserende stoffer",
        "kind": "share",
        "unit": "percent",
        "direction": "lower",
        "source": DST,
        "numerator": ("Beboere dømt for overtrædelse af straffeloven, våbenloven eller lov om euforiserende stoffer"),
        "denominator": "Beboere i området (aldersgruppen er ikke bekræftet, se definitionen)",
        "definition": _list(
            "Andelen af beboerne, der er dømt for overtrædelse af straffeloven, våbenloven eller lov om "
            "euforiserende stoffer, opgjort som gennemsnittet over de seneste 2 år. Kriteriet er opfyldt, når "
            "andelen er mindst tre gange landsgennemsnittet (almenboligloven § 61 a, stk. 1, nr. 2), for et "
            "forebyggelsesområde mindst to gange (§ 61 b, nr. 2). Lovteksten siger 'beboere'; at nævneren er "
            "beboere på 18 år og derover, er ikke bekræftet mod kilden."
        ),
        "source_reference": LAW_61A,
    },
    {
        "code": "liste-grundskole-30-59",
        "name": "Listekriterium: 30-59-årige med alene en grundskoleuddannelse",
        "kind": "share",
        "unit": "percent",
        "direction": "lower",
        "source": DST,
        "numerator": "Beboere i alderen 30-59 år, der alene har en grundskoleuddannelse",
        "denominator": "Alle beboere i alderen 30-59 år",
        "definition": _list(
            "Andelen af beboerne i alderen 30-59 år, der alene har en grundskoleuddannelse. Kriteriet er opfyldt "
            "over 60 pct. (almenboligloven § 61 a, stk. 1, nr. 3, og § 61 b, nr. 3)."
        ),
        "source_reference": LAW_61A,
    },
    {
        "code": "liste-indkomst-region",
        "name": "Listekriterium: bruttoindkomst for 15-64-årige i procent af regionens",
        "kind": "average",
        "unit": "percent",
        "direction": "higher",
        "source": DST,
        "numerator": (
            "Den gennemsnitlige bruttoindkomst for skattepligtige i alderen 15-64 år i området, eksklusive "
            "uddannelsessøgende"
        ),
        "denominator": "Den gennemsnitlige bruttoindkomst for samme gruppe i regionen",
        "definition": _list(
            "Den gennemsnitlige bruttoindkomst for skattepligtige i alderen 15-64 år i området, eksklusive "
            "uddannelsessøgende, i procent af gennemsnittet for samme gruppe i regionen. Kriteriet er opfyldt "
            "under 55 pct. (almenboligloven § 61 a, stk. 1, nr. 4) og under 65 pct. for et forebyggelsesområde "
            "(§ 61 b, nr. 4)."
        ),
        "source_reference": LAW_61A,
    },
    # The area
    {
        "code": "beboere",
        "name": "Antal beboere",
        "kind": "count",
        "unit": "count",
        "direction": "higher",
        "source": BD,
        "numerator": "Personer med bopæl i området",
        "denominator": "",
        "definition": (
            "Antal personer med bopæl i områdets boliger den 1. januar. Et baggrundstal (fx mindst 1.000 beboere "
            "for at et område kan komme på listerne, almenboligloven § 61 a, stk. 3); retningen har ingen "
            "betydning for status. " + UNCONFIRMED + " Opgørelsesdagen er ikke bekræftet."
        ),
        "source_reference": LBF_BEBOERDATA,
    },
    {
        "code": "fraflytning",
        "name": "Fraflytning",
        "kind": "share",
        "unit": "percent",
        "direction": "lower",
        "source": BD,
        "numerator": "Beboere, der i løbet af året er flyttet fra området",
        "denominator": "Beboere i området ved årets begyndelse",
        "definition": (
            "Andelen af beboerne, der flytter fra området i løbet af året. Landsbyggefonden opgør til- og "
            "fraflyttede (Beboerdata); boligorganisationen kan opgøre en flytteprocent pr. afdeling. "
            + UNCONFIRMED
            + " Om kilden tæller personer eller husstande, og om flytninger inden for området "
            "tælles med, er ikke bekræftet."
        ),
        "source_reference": LBF_BEBOERDATA,
    },
    # Surveys
    {
        "code": "tryghed",
        "name": "Beboere, der føler sig trygge i området",
        "kind": "share",
        "unit": "percent",
        "direction": "higher",
        "source": SURVEY,
        "numerator": "Svarpersoner, der svarer 'tryg' eller 'meget tryg'",
        "denominator": "Alle svarpersoner, der har besvaret spørgsmålet",
        "definition": (
            "Andelen af de adspurgte beboere, der føler sig trygge eller meget trygge ved at færdes i området, "
            "fra planens egen tryghedsmåling eller naboskabsundersøgelse. Der findes ingen fælles national "
            "spørgeformulering; sammenlign kun planer, der stiller samme spørgsmål, og angiv spørgsmålet i "
            "målingens kildenote."
        ),
        "source_reference": "Planens egen undersøgelse",
    },
]


def ship(apps, schema_editor):
    CatalogueIndicator = apps.get_model("catalogue", "CatalogueIndicator")
    disclosure = {BD: REGISTER_DISCLOSURE, DST: LIST_DISCLOSURE, SURVEY: SURVEY_DISCLOSURE}
    for order, values in enumerate(INDICATORS, start=1):
        defaults = {**values, "order": order * 10, "disclosure": disclosure[values["source"]]}
        code = defaults.pop("code")
        CatalogueIndicator.objects.update_or_create(code=code, defaults=defaults)


def unship(apps, schema_editor):
    CatalogueIndicator = apps.get_model("catalogue", "CatalogueIndicator")
    CatalogueIndicator.objects.filter(code__in=[v["code"] for v in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_catalogue_indicators")]

    operations = [migrations.RunPython(ship, unship)]
