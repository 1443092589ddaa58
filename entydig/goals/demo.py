"""Demo data for goals: the demo plan's strategic agreement (approved, then amended), sub-agreements and goals.

Runs after the organisation demo and before monitoring's, and puts into ctx:

- ``ctx["agreement"]``: the StrategicAgreement (version 2, approved by the board and LBF; version 1 frozen).
- ``ctx["sub_agreements"]``: SubAgreement by key: ``"crime"`` (Kriminalitetsforebyggelse), ``"education"``
  (Uddannelse og livschancer), ``"neighbourhood"`` (Sammenhængskraft og medborgerskab).
- ``ctx["goals"]``: Goal by key. Strategic goals: ``"safety"``, ``"crime"``, ``"education"``,
  ``"neighbourliness"``. Sub-goals (parent in brackets): ``"safe_outdoors"`` (safety), ``"youth_crime"``
  (crime), ``"school_grades"``, ``"youth_education"``, ``"youth_jobs"`` (education), ``"neighbour_contact"``,
  ``"volunteering"`` (neighbourliness; deliberately without activity or indicator so the goal checks have
  something to say).

Monitoring's demo attaches indicators so that the strategic goals end up on track (safety), at risk (crime),
off track (education) and achieved (neighbourliness); see /work/helpers/goals-to-mon.md.

The story moves with today (`entydig.core.demo_dates`): the agreement was approved as the plan started three
years ago, the job goal added two years ago, and last year's mid-term evaluation amended the agreement.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from entydig.core import demo_dates as when
from entydig.goals import services
from entydig.goals.models import AgreementVersion, Goal, OwnershipCondition, StrategicAgreement, SubAgreement
from entydig.organisation.models import Activity, EffortArea

C = OwnershipCondition.Condition

SITUATION = (
    "Nordparken og Skovhaven har tilsammen godt 3.500 beboere. Andelen af unge mellem 18 og 29 år, der hverken er "
    "i uddannelse eller job, er næsten dobbelt så høj som i resten af kommunen, og karaktergennemsnittet i dansk "
    "og matematik i 9. klasse ligger under landsgennemsnittet.\n\n"
)


def problem_v1() -> str:
    """The problem as written when the plan started (the safety survey of the baseline year)."""
    return SITUATION + (
        f"I tryghedsmålingen {when.year(-4)} svarede 38 % af beboerne, at de ikke føler sig trygge i området efter "
        "mørkets frembrud, og flere unge mellem 15 og 20 år sigtes for kriminalitet end i sammenlignelige områder."
    )


def problem_v2() -> str:
    """The problem as amended after last year's mid-term evaluation."""
    return SITUATION + (
        f"I tryghedsmålingen {when.year(-2)} svarede 31 % af beboerne, at de ikke føler sig trygge i området efter "
        f"mørkets frembrud (38 % i {when.year(-4)}). Færre unge sigtes for kriminalitet, men faldet er gået i stå."
        f"\n\nMidtvejsevalueringen {when.year(-1)} viser, at for få unge kommer i job efter vejledningen; derfor "
        "styrkes samarbejdet med jobcentret."
    )


ORGANISATION = (
    "Bestyrelsen består af direktører fra kommunens forvaltninger og Boligselskabet Fjordbos ledelse samt en "
    "beboerrepræsentant. Den ejer samarbejdsaftalen, målstyringen og fremdriften.\n\n"
    "Tre styregrupper – tryghed og fysiske rammer, uddannelse og job samt naboskab – gennemfører hver sin delaftale. "
    "Det boligsociale sekretariat betjener bestyrelse og styregrupper."
)
GOALS_TEXT = (
    "Parterne forpligter sig på fire overordnede mål, som bestyrelsen følger hvert kvartal: mere tryghed, mindre "
    "kriminalitet blandt unge, flere unge i uddannelse og job og et stærkere naboskab."
)


def seed(ctx: dict[str, Any]) -> None:
    """Drafted in the autumn before the plan started; each approval and amendment is dated when it happened."""
    with when.happened(when.at(when.plan_start() - dt.timedelta(days=41))):
        _seed(ctx)


def _seed(ctx: dict[str, Any]) -> None:
    plan = ctx["plan"]
    actor = ctx["users"]["sekretariat"]
    act: dict[str, Activity] = {a.name: a for a in ctx["activities"]}
    sg_crime, sg_education, sg_neighbourhood = ctx["steering_groups"]
    areas = {a.name: a for a in EffortArea.objects.all()}

    def approve(obj: StrategicAgreement | SubAgreement, by: str, on: dt.date) -> None:
        with when.happened(when.at(on, 15)):
            if isinstance(obj, StrategicAgreement):
                services.agreement_approve(actor=actor, agreement=obj, by=by, on=on)
            else:
                services.sub_agreement_approve(actor=actor, sub_agreement=obj, on=on)

    agreement = services.agreement_create(
        actor=actor,
        plan=plan,
        title=f"Strategisk samarbejdsaftale for Nordparken og Skovhaven {plan.period_start.year}-"
        f"{plan.period_end.year}",
        problem_understanding=problem_v1(),
        organisation_text=ORGANISATION,
        strategic_goals_text=GOALS_TEXT,
    )

    def strategic(title: str, description: str) -> Goal:
        return services.goal_create(
            actor=actor, plan=plan, level=Goal.Level.STRATEGIC, title=title, description=description
        )

    goals: dict[str, Goal] = {
        "safety": strategic(
            "Flere beboere føler sig trygge i området", "Trygheden skal op på niveau med resten af kommunen."
        ),
        "crime": strategic("Færre unge begår kriminalitet", "Færre unge 15-20 år sigtes for overtrædelse af loven."),
        "education": strategic(
            "Flere unge i uddannelse", "Flere unge 18-29 år er i gang med eller har gennemført en uddannelse."
        ),
        "neighbourliness": strategic("Stærkere naboskab", "Flere beboere kender og hjælper deres naboer."),
    }
    first_year = -when.PLAN_YEARS_BACK
    approve(agreement, "board", when.date(first_year, 2, 14))
    approve(agreement, "lbf", when.date(first_year, 3, 20))

    subs = {
        "crime": services.sub_agreement_create(
            actor=actor,
            plan=plan,
            effort_area=areas["Kriminalitetsforebyggelse"],
            steering_group=sg_crime,
            text="Styregruppen for tryghed og fysiske rammer styrker trygheden gennem tryghedsvandringer, bedre "
            "belysning og et tæt samarbejde med politiet.",
        ),
        "education": services.sub_agreement_create(
            actor=actor,
            plan=plan,
            effort_area=areas["Uddannelse og livschancer"],
            steering_group=sg_education,
            text="Styregruppen for uddannelse og job hjælper børn og unge gennem skolen og videre i uddannelse: "
            "lektiecafé, forældrenetværk og vejledning i boligområdet.",
        ),
        "neighbourhood": services.sub_agreement_create(
            actor=actor,
            plan=plan,
            effort_area=areas["Sammenhængskraft og medborgerskab"],
            steering_group=sg_neighbourhood,
            text="Styregruppen for naboskab skaber kontakt på tværs af opgange og generationer.",
        ),
    }

    def sub(key: str, parent: str, sub_agreement: str, title: str, activities: list[str]) -> None:
        goals[key] = services.goal_create(
            actor=actor,
            plan=plan,
            level=Goal.Level.SUB,
            title=title,
            parent=goals[parent],
            sub_agreement=subs[sub_agreement],
            activities=[act[name] for name in activities],
        )

    sub(
        "safe_outdoors",
        "safety",
        "crime",
        "Flere oplever stier og udearealer som trygge",
        ["Tryghedsvandringer", "Lys og stier"],
    )
    sub("youth_crime", "crime", "crime", "Færre unge 15-20 år sigtes for kriminalitet", ["Tryghedsvandringer"])
    sub(
        "school_grades",
        "education",
        "education",
        "Bedre karakterer i dansk og matematik i 9. klasse",
        ["Lektiecafé", "Forældrenetværk"],
    )
    sub(
        "youth_education",
        "education",
        "education",
        "Flere 18-29-årige i gang med en uddannelse",
        ["Job- og uddannelsesvejledning"],
    )
    sub(
        "neighbour_contact",
        "neighbourliness",
        "neighbourhood",
        "Flere kender og hjælper deres naboer",
        ["Naboskabsdage"],
    )
    sub("volunteering", "neighbourliness", "neighbourhood", "Flere beboere deltager i frivilligt arbejde", [])
    for key, board_on in [
        ("crime", when.date(first_year, 2, 14)),
        ("education", when.date(first_year, 2, 14)),
        ("neighbourhood", when.date(first_year, 5, 9)),
    ]:
        approve(subs[key], "board", board_on)

    # Two years ago: the education sub-agreement gains a job goal (version 2), approved by the board.
    changed = when.at(when.date(-2, 5, 19))
    with when.happened(changed):
        sub("youth_jobs", "education", "education", "Flere 18-29-årige i job", ["Job- og uddannelsesvejledning"])
    AgreementVersion.objects.filter(sub_agreement=subs["education"]).update(created_at=changed)
    approve(subs["education"], "board", when.date(-2, 6, 12))

    # Last year: the mid-term evaluation amends the agreement (version 2), approved again by the board and LBF.
    changed = when.at(when.date(-1, 5, 4))
    with when.happened(changed):
        agreement = services.agreement_update(actor=actor, agreement=agreement, problem_understanding=problem_v2())
        services.goal_update(actor=actor, goal=goals["education"], title="Flere unge i uddannelse og job")
    AgreementVersion.objects.filter(agreement=agreement).update(created_at=changed)
    approve(agreement, "board", when.date(-1, 6, 10))
    approve(agreement, "lbf", when.date(-1, 8, 19))

    municipality = plan.municipality
    housing = plan.housing_organisations.get()
    # The board went through the ownership conditions with the amendment.
    with when.happened(when.at(when.date(-1, 6, 10), 16)):
        for party, condition, fulfilled, note in [
            (municipality, C.FORMULATED, True, "Målene flugter med kommunens børne- og ungepolitik."),
            (municipality, C.DECIDED_HOW, True, ""),
            (municipality, C.BOUND, True, "Byrådet følger målene i den årlige status."),
            (municipality, C.INVESTED, True, "Medfinansierer to stillinger i jobvejledningen."),
            (municipality, C.ROOM_TO_STEER, False, "Ændringer i indsatser skal forbi fagudvalget."),
            (housing, C.FORMULATED, True, ""),
            (housing, C.DECIDED_HOW, False, "Driften var ikke med i valget af indsatser."),
            (housing, C.BOUND, True, "Organisationsbestyrelsen har tiltrådt aftalen."),
            (housing, C.INVESTED, True, "Stiller lokaler og driftsmedarbejdere til rådighed."),
            (housing, C.ROOM_TO_STEER, True, ""),
        ]:
            services.ownership_set(
                actor=actor, plan=plan, party=party, condition=condition, fulfilled=fulfilled, note=note
            )

    ctx["agreement"] = agreement
    ctx["sub_agreements"] = subs
    ctx["goals"] = goals
