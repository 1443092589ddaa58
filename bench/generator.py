"""Deterministic national-scale data: every plan in Denmark with its organisation, goals and register data.

Each plan is drawn from its own random generator seeded with (seed, plan index), so plan 0 is the same
whether it is generated alone (demo scale) or among a hundred (national scale). Rows are written with
`bulk_create` (no audit records: this is synthetic load, not work anyone did), but every model constraint
holds, as the database checks them.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models, transaction

from entydig.goals.models import AgreementStatus, Approver, Goal, StrategicAgreement, SubAgreement, SubAgreementStatus
from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation.models import (
    Activity,
    Area,
    Body,
    EffortArea,
    Membership,
    Organisation,
    Person,
    Plan,
)

PLAN_PREFIX = "Skalaplan"
LAST_YEAR = 2025  # the last complete year of register data on the demo's "today" (2026-11-27)
MEASUREMENT_BATCH = 5000

TOWNS = [
    "Albertslund", "Allerød", "Assens", "Ballerup", "Billund", "Brøndby", "Esbjerg", "Faaborg", "Fredericia",
    "Frederikshavn", "Gladsaxe", "Glostrup", "Greve", "Guldborgsund", "Haderslev", "Helsingør", "Herlev",
    "Herning", "Hillerød", "Hjørring", "Holbæk", "Holstebro", "Horsens", "Hvidovre", "Høje-Taastrup", "Ikast",
    "Ishøj", "Kalundborg", "Kolding", "Køge", "Lolland", "Lyngby", "Middelfart", "Næstved", "Nyborg", "Odder",
    "Odense", "Randers", "Ringsted", "Rødovre", "Silkeborg", "Skanderborg", "Skive", "Slagelse", "Sønderborg",
    "Svendborg", "Taastrup", "Thisted", "Tårnby", "Vejle", "Viborg", "Vordingborg", "Aabenraa", "Aalborg",
    "Aarhus", "København",
]  # fmt: skip
ESTATES = [
    "Nordparken", "Skovhaven", "Solbakken", "Engparken", "Vestergården", "Søndermarken", "Bøgeparken",
    "Lindely", "Rosenhøj", "Tingbjerg", "Hedelyngen", "Kildeparken", "Egedal", "Fjordhøj", "Stjerneparken",
    "Agervang", "Bispehaven", "Korsløkken", "Vollsmose", "Gellerup",
]  # fmt: skip
FIRST_NAMES = [
    "Mette", "Henrik", "Anne", "Lars", "Susanne", "Birgit", "Fatima", "Jens", "Torben", "Camilla", "Nanna",
    "Ali", "Sara", "Ole", "Karim", "Lone", "Rasmus", "Ida", "Jonas", "Pia", "Ahmed", "Hanne", "Peter", "Maria",
]  # fmt: skip
LAST_NAMES = [
    "Kjær", "Lund", "Holm", "Winther", "Friis", "Sørensen", "Yilmaz", "Bak", "Vad", "Dahl", "Krogh", "Hassan",
    "Nielsen", "Mortensen", "Nasser", "Brix", "Kiel", "Lauritsen", "Berg", "Krog", "Jensen", "Hansen",
]  # fmt: skip

U, D, S, F = Indicator.Unit, Indicator.Direction, Indicator.Source, Indicator.Frequency
# code, name, unit, direction, source, frequency, typical level, spread
INDICATORS: list[tuple[str, str, str, str, str, str, float, float]] = [
    ("unge-sigtede", "Andel unge 15-25 år sigtet for kriminalitet", U.PERCENT, D.LOWER, S.LBF, F.YEAR, 4.0, 1.5),
    ("karakter-dansk", "Karaktergennemsnit i dansk, 9. klasse", U.SCORE, D.HIGHER, S.LBF, F.YEAR, 5.5, 1.0),
    ("karakter-mat", "Karaktergennemsnit i matematik, 9. klasse", U.SCORE, D.HIGHER, S.LBF, F.YEAR, 5.0, 1.0),
    ("uddannelse-unge", "Andel 18-29-årige i uddannelse", U.PERCENT, D.HIGHER, S.LBF, F.YEAR, 45.0, 8.0),
    ("beskaeftigelse", "Andel 18-64-årige i beskæftigelse", U.PERCENT, D.HIGHER, S.LBF, F.YEAR, 52.0, 8.0),
    ("udenfor", "Andel 18-64-årige uden for arbejdsmarkedet", U.PERCENT, D.LOWER, S.LBF, F.YEAR, 35.0, 6.0),
    ("fraflytning", "Fraflytninger pr. 1.000 beboere", U.RATE, D.LOWER, S.LBF, F.YEAR, 120.0, 20.0),
    ("indkomst", "Gennemsnitlig disponibel indkomst", U.DKK, D.HIGHER, S.LBF, F.YEAR, 160000.0, 20000.0),
    ("tryghed", "Andel beboere, der føler sig trygge", U.PERCENT, D.HIGHER, S.SURVEY, F.YEAR, 70.0, 10.0),
    ("anmeldelser", "Anmeldte forbrydelser pr. 1.000 beboere", U.RATE, D.LOWER, S.MUNICIPAL, F.YEAR, 60.0, 15.0),
    ("lektiecafe", "Deltagere i lektiecafé", U.COUNT, D.HIGHER, S.ACTIVITY, F.QUARTER, 40.0, 15.0),
    ("jobsamtaler", "Gennemførte jobsamtaler", U.COUNT, D.HIGHER, S.ACTIVITY, F.QUARTER, 60.0, 20.0),
    ("ledighed", "Ledighed blandt beboere", U.PERCENT, D.LOWER, S.MUNICIPAL, F.QUARTER, 9.0, 3.0),
    ("haervaerk", "Hærværkssager", U.COUNT, D.LOWER, S.HOUSING, F.QUARTER, 12.0, 5.0),
    ("udsaettelser", "Udsættelser", U.COUNT, D.LOWER, S.HOUSING, F.QUARTER, 3.0, 2.0),
    ("fravaer", "Elevfravær i folkeskolen", U.PERCENT, D.LOWER, S.MUNICIPAL, F.QUARTER, 8.0, 2.0),
    ("frivillige", "Aktive frivillige", U.COUNT, D.HIGHER, S.ACTIVITY, F.QUARTER, 25.0, 10.0),
    ("naboskab", "Deltagere i naboskabsaktiviteter", U.COUNT, D.HIGHER, S.ACTIVITY, F.QUARTER, 80.0, 30.0),
]
REFERENCE_SERIES = [Measurement.Series.NATIONAL, Measurement.Series.PLAN, Measurement.Series.COMPARABLE]
EFFORT_AREAS = [
    "Uddannelse og livschancer",
    "Beskæftigelse",
    "Kriminalitetsforebyggelse",
    "Sammenhængskraft og medborgerskab",
]
R = Membership.Representation
ROLE = Membership.Role


@dataclass
class Scale:
    """How much to generate; areas are spread evenly over the plans."""

    plans: int = 100
    areas: int = 1000
    years: int = 20
    seed: int = 1
    goals: int = 10  # strategic goals and sub-goals together
    indicators: int = len(INDICATORS)
    measurements: bool = True  # False: the plan's indicators without data (a target for an import)
    activities: int | None = None  # None: 6 to 9, by the plan's index

    def areas_in(self, index: int) -> int:
        base, extra = divmod(self.areas, self.plans)
        return max(1, base + (1 if index < extra else 0))


@dataclass
class Counts:
    """Rows written, by model name."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + n


# Modules that add per-plan data of apps that landed later (meetings, ...): `extend(plan_data, rng, counts)`.
EXTENSIONS = ["bench.generator_meetings", "bench.generator_money", "bench.generator_lists"]


def plan_name(index: int) -> str:
    return f"{PLAN_PREFIX} {index:03d}"


def already_generated() -> bool:
    return Plan.objects.filter(name=plan_name(0)).exists()


def generate(
    scale: Scale, *, first: int = 0, last: int | None = None, progress: Callable[[str], None] | None = None
) -> Counts:
    """Generates plans first..last-1 (default: all of them) of `scale`, each in its own transaction."""
    counts = Counts()
    effort_areas = load_effort_areas()
    stop = scale.plans if last is None else last
    for index in range(first, stop):
        with transaction.atomic():
            generate_plan(index, scale, effort_areas, counts)
        if progress and (index + 1) % 10 == 0:
            progress(f"{index + 1}/{stop} planer")
    return counts


def load_effort_areas() -> dict[str, EffortArea]:
    """LBF's 2019-2026 effort areas, loaded as presets by a migration."""
    return {e.name: e for e in EffortArea.objects.filter(name__in=EFFORT_AREAS)}


@dataclass
class PlanData:
    """What one generated plan consists of, handed to the extensions."""

    index: int
    plan: Plan
    areas: list[Area]
    board: Body
    secretariat: Body
    groups: list[Body]
    pre_meeting_group: Body
    people: list[Person]
    goals: list[Goal]
    indicators: list[Indicator]
    activities: list[Activity]
    scale: Scale


def _bulk(model: type[models.Model], objs: list[Any], counts: Counts) -> list[Any]:
    model.objects.bulk_create(objs)
    counts.add(model.__name__, len(objs))
    return objs


def _through(field_: Any, pairs: Iterable[tuple[int, int]], counts: Counts) -> None:
    """Rows of a many-to-many table given as (source pk, target pk) pairs."""
    through = field_.through
    source = field_.field.m2m_field_name() + "_id"
    target = field_.field.m2m_reverse_field_name() + "_id"
    _bulk(through, [through(**{source: a, target: b}) for a, b in pairs], counts)


def generate_plan(index: int, scale: Scale, effort_areas: dict[str, EffortArea], counts: Counts) -> PlanData:
    rng = random.Random(f"{scale.seed}:{index}")  # noqa: S311 (synthetic data, not security)
    town = TOWNS[index % len(TOWNS)] + ("" if index < len(TOWNS) else f" {index // len(TOWNS) + 1}")

    # Organisations: the municipality with departments, a housing organisation with its units, partners.
    municipality = Organisation(name=f"{town} Kommune {index:03d}", kind=Organisation.Kind.MUNICIPALITY)
    housing = Organisation(name=f"Boligselskabet {rng.choice(ESTATES)} {index:03d}", kind=Organisation.Kind.HOUSING)
    police = Organisation(name=f"Politiet i {town} {index:03d}", kind=Organisation.Kind.PARTNER, unit="police")
    club = Organisation(name=f"Ungdomsklubben {town} {index:03d}", kind=Organisation.Kind.PARTNER, unit="association")
    _bulk(Organisation, [municipality, housing, police, club], counts)
    units = [
        Organisation(name="Børne- og Ungeforvaltningen", kind="municipality", unit="department", parent=municipality),
        Organisation(name="Beskæftigelsesforvaltningen", kind="municipality", unit="department", parent=municipality),
        Organisation(name="Socialforvaltningen", kind="municipality", unit="department", parent=municipality),
        Organisation(name=f"{town}skolen", kind="municipality", unit="institution", parent=municipality),
        Organisation(name="Administrationen", kind="housing", unit="administration", parent=housing),
        Organisation(name="Driften", kind="housing", unit="operations", parent=housing),
        Organisation(name="Afdelingsbestyrelsen", kind="housing", unit="resident_board", parent=housing),
    ]
    _bulk(Organisation, units, counts)
    orgs = [municipality, housing, police, club, *units]

    start_year = 2019 + index % 4
    plan = Plan(
        name=plan_name(index),
        status=Plan.Status.ACTIVE,
        period_start=dt.date(start_year, 1, 1),
        period_end=dt.date(start_year + 3, 12, 31),
        municipality=municipality,
        description=f"Boligsocial helhedsplan i {town} (syntetiske data til belastningstest).",
    )
    _bulk(Plan, [plan], counts)
    _through(Plan.housing_organisations, [(plan.pk, housing.pk)], counts)

    n_areas = scale.areas_in(index)
    areas = [
        Area(
            plan=plan,
            name=f"{ESTATES[k % len(ESTATES)]}{'' if k < len(ESTATES) else f' {k // len(ESTATES) + 1}'}",
            code=f"omr-{k + 1:03d}",
            residents=rng.randint(400, 4000),
            afdelinger=f"Afd. {k + 1}",  # one afdeling each, as the area services insist: none in two areas
        )
        for k in range(n_areas)
    ]
    _bulk(Area, areas, counts)

    people = [
        Person(
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            email=f"p{index:03d}.{k:02d}@example.dk",
            title=rng.choice(["Direktør", "Chef", "Konsulent", "Medarbejder", "Beboerrepræsentant", "Leder"]),
            organisation=orgs[k % len(orgs)],
        )
        for k in range(24)
    ]
    _bulk(Person, people, counts)

    areas_by_name = [effort_areas[name] for name in EFFORT_AREAS if name in effort_areas]
    board = Body(plan=plan, kind=Body.Kind.BOARD, name="Bestyrelsen")
    secretariat = Body(plan=plan, kind=Body.Kind.SECRETARIAT, name="Det boligsociale sekretariat")
    groups = [
        Body(
            plan=plan,
            kind=Body.Kind.STEERING_GROUP,
            name=f"Styregruppen for {ea.name.lower()}",
            effort_area=ea,
            responsibility="Gennemførelse af delaftalen; kvalitet og målopfyldelse",
        )
        for ea in areas_by_name[:3]
    ]
    pre = Body(plan=plan, kind=Body.Kind.PRE_MEETING_GROUP, name="Tværforvaltningsgruppen", party=municipality)
    _bulk(Body, [board, secretariat, *groups, pre], counts)
    if index % 10 == 9:
        # Like Copenhagen and Aarhus: one secretariat also serves the neighbouring plan.
        previous = Plan.objects.filter(name=plan_name(index - 1)).values_list("pk", flat=True).first()
        if previous is not None:
            _through(Body.also_serves, [(secretariat.pk, previous)], counts)

    start = plan.period_start
    seats: list[Membership] = []
    board_roles = [ROLE.CHAIR, ROLE.VICE_CHAIR] + [ROLE.MEMBER] * 7 + [ROLE.SECRETARY]
    board_reps = [R.MUNICIPAL_LEADERSHIP, R.HOUSING_LEADERSHIP, R.MUNICIPAL_LEADERSHIP, R.MUNICIPAL_LEADERSHIP]
    board_reps += [R.HOUSING_LEADERSHIP, R.HOUSING_LEADERSHIP, R.RESIDENT, R.PARTNER, R.INSTITUTION, R.STAFF]
    for k, (role, rep) in enumerate(zip(board_roles, board_reps, strict=True)):
        seats.append(Membership(person=people[k], body=board, role=role, representation=rep, start=start))
    seats.append(
        Membership(
            person=people[10], body=secretariat, role=ROLE.SECRETARIAT_LEADER, representation=R.STAFF, start=start
        )
    )
    for k in (11, 12, 13):
        seats.append(Membership(person=people[k], body=secretariat, representation=R.STAFF, start=start))
    for g, group in enumerate(groups):
        members = [people[2 + g], people[14 + g], people[17 + g], people[20 + g]]
        for m, person in enumerate(members):
            role = ROLE.CHAIR if m == 0 else ROLE.MEMBER
            rep = [R.MUNICIPAL_LEADERSHIP, R.MUNICIPAL_DEPARTMENT, R.RESIDENT, R.PARTNER][m]
            seats.append(Membership(person=person, body=group, role=role, representation=rep, start=start))
        seats.append(
            Membership(person=people[10], body=group, role=ROLE.SECRETARIAT_LEADER, representation=R.STAFF, start=start)
        )
    for k in (2, 3, 11):
        seats.append(Membership(person=people[k], body=pre, representation=R.MUNICIPAL_DEPARTMENT, start=start))
    _bulk(Membership, seats, counts)

    activity_names = [
        "Tryghedsvandringer", "Lys og stier", "Lektiecafé", "Job- og uddannelsesvejledning", "Forældrenetværk",
        "Naboskabsdage", "Fritidsjob", "Mentorordning", "Beboerrådgivning",
    ]  # fmt: skip
    activities = [
        Activity(
            plan=plan,
            name=name,
            description=f"{name} i {town}.",
            steering_group=groups[k % len(groups)] if groups else None,
            responsible=people[11 + k % 3],
            start=start,
            end=plan.period_end,
        )
        for k, name in enumerate(
            activity_names[k % 9] + (f" {k // 9 + 1}" if k >= 9 else "")
            for k in range(scale.activities or 6 + index % 4)
        )
    ]
    _bulk(Activity, activities, counts)
    _through(Activity.partners, [(a.pk, (police if k % 2 else club).pk) for k, a in enumerate(activities)], counts)

    # The strategic agreement, one sub-agreement per steering group, strategic goals with sub-goals under them.
    _bulk(
        StrategicAgreement,
        [
            StrategicAgreement(
                plan=plan,
                title=f"Strategisk samarbejdsaftale for {town}",
                problem_understanding="Området har flere unge uden uddannelse og job end landsgennemsnittet.",
                status=AgreementStatus.LBF_APPROVED,
                board_approved_on=start,
                lbf_approved_on=start + dt.timedelta(days=45),
            )
        ],
        counts,
    )
    subs = [
        SubAgreement(
            plan=plan,
            effort_area=g.effort_area,
            steering_group=g,
            status=SubAgreementStatus.APPROVED,
            approved_on=start,
            approved_by=Approver.BOARD,
        )
        for g in groups
    ]
    _bulk(SubAgreement, subs, counts)
    n_strategic = max(1, (scale.goals + 1) // 2)
    strategic = [
        Goal(plan=plan, level=Goal.Level.STRATEGIC, title=f"Overordnet mål {k + 1} for {town}", order=k)
        for k in range(n_strategic)
    ]
    _bulk(Goal, strategic, counts)
    sub_goals = (
        [
            Goal(
                plan=plan,
                level=Goal.Level.SUB,
                parent=strategic[k % n_strategic],
                sub_agreement=subs[k % len(subs)],
                title=f"Delmål {k + 1} for {town}",
                order=k,
            )
            for k in range(scale.goals - n_strategic)
        ]
        if subs
        else []
    )
    _bulk(Goal, sub_goals, counts)
    goals = strategic + sub_goals
    _through(Goal.activities, [(g.pk, activities[k % len(activities)].pk) for k, g in enumerate(sub_goals)], counts)

    indicators = []
    for k in range(scale.indicators):
        code, name, unit, direction, source, frequency, level, spread = INDICATORS[k % len(INDICATORS)]
        suffix = "" if k < len(INDICATORS) else f"-{k // len(INDICATORS) + 1}"
        base = level + rng.uniform(-spread, spread)
        better = 1 if direction == D.HIGHER else -1
        indicators.append(
            Indicator(
                plan=plan,
                code=code + suffix,
                name=name + suffix,
                unit=unit,
                direction=direction,
                source=source,
                frequency=frequency,
                decimals=1,
                baseline_value=Decimal(f"{base:.1f}"),
                baseline_period=str(start_year - 1),
                target_value=Decimal(f"{base + better * spread * 0.5:.1f}"),
                target_period=str(start_year + 3),
            )
        )
    _bulk(Indicator, indicators, counts)
    _through(Indicator.goals, [(ind.pk, goals[k % len(goals)].pk) for k, ind in enumerate(indicators)], counts)

    if scale.measurements:
        _measurements(rng, scale, indicators, areas, counts)

    data = PlanData(index, plan, areas, board, secretariat, groups, pre, people, goals, indicators, activities, scale)
    for name in EXTENSIONS:
        module = importlib.import_module(name)
        if module.available():
            module.extend(data, rng, counts)
    return data


def periods_of(frequency: str, years: int) -> list[tuple[str, dt.date]]:
    first = LAST_YEAR - years + 1
    if frequency == F.QUARTER:
        return [(f"{y}Q{q}", dt.date(y, 3 * q - 2, 1)) for y in range(first, LAST_YEAR + 1) for q in range(1, 5)]
    return [(str(y), dt.date(y, 1, 1)) for y in range(first, LAST_YEAR + 1)]


def _measurements(
    rng: random.Random, scale: Scale, indicators: list[Indicator], areas: list[Area], counts: Counts
) -> None:
    """A random walk with a small trend per series: area series, then the reference series (no area)."""
    batch: list[Measurement] = []
    for k, indicator in enumerate(indicators):
        *_ignored, level, spread = INDICATORS[k % len(INDICATORS)]
        periods = periods_of(indicator.frequency, scale.years)
        series: list[tuple[str, Area | None, int]] = [(Measurement.Series.AREA, a, a.residents or 1000) for a in areas]
        series += [(s, None, 100000) for s in REFERENCE_SERIES]
        for kind, area, population in series:
            value = level + rng.uniform(-spread, spread)
            trend = rng.uniform(-spread, spread) / max(len(periods), 1)
            for period, period_start in periods:
                value = max(0.0, value + trend + rng.gauss(0, spread / 10))
                # A few small counts, so that suppression has something to hide.
                n = rng.randint(1, 4) if rng.random() < 0.02 else rng.randint(20, max(21, population // 10))
                batch.append(
                    Measurement(
                        indicator=indicator,
                        series=kind,
                        area=area,
                        period=period,
                        period_start=period_start,
                        value=Decimal(f"{value:.1f}"),
                        n=n,
                        source_note="Syntetiske data",
                    )
                )
                if len(batch) >= MEASUREMENT_BATCH:
                    _bulk(Measurement, batch, counts)
                    batch = []
    if batch:
        _bulk(Measurement, batch, counts)


def model_available(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


# Models compared by `dump`, in the order they are written.
DUMP_MODELS = [
    "organisation.Organisation",
    "organisation.Plan",
    "organisation.Area",
    "organisation.Person",
    "organisation.Body",
    "organisation.Membership",
    "organisation.Activity",
    "goals.StrategicAgreement",
    "goals.SubAgreement",
    "goals.Goal",
    "monitoring.Indicator",
    "monitoring.Measurement",
    "meetings.Meeting",
    "meetings.AgendaItem",
    "meetings.Minutes",
    "meetings.MinutesEntry",
    "meetings.ActionItem",
]
SKIP_FIELDS = {"updated_at", "created_at"}


def dump(extra_models: Iterable[str] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every generated row with primary and foreign keys replaced by their rank in their table.

    Two runs of the generator on empty tables give equal dumps exactly when they wrote the same data.
    """
    labels = [label for label in [*DUMP_MODELS, *extra_models] if model_available(label)]
    ranks: dict[type[models.Model], dict[Any, int]] = {}
    for label in labels:
        model = apps.get_model(label)
        ranks[model] = {pk: r for r, pk in enumerate(model.objects.order_by("pk").values_list("pk", flat=True))}
    out: dict[str, list[tuple[Any, ...]]] = {}
    for label in labels:
        model = apps.get_model(label)
        fields = [f for f in model._meta.concrete_fields if f.name not in SKIP_FIELDS]
        rows = []
        for values in model.objects.order_by("pk").values_list(*[f.attname for f in fields]):
            row = []
            for f, value in zip(fields, values, strict=True):
                target = f.related_model if f.is_relation else (model if f.primary_key else None)
                row.append(ranks[target].get(value, value) if target in ranks and value is not None else value)
            rows.append(tuple(row))
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            src = m2m.m2m_field_name() + "_id"
            dst = m2m.m2m_reverse_field_name() + "_id"
            pairs = sorted(
                (ranks[model].get(a, a), ranks.get(m2m.related_model, {}).get(b, b))
                for a, b in through.objects.values_list(src, dst)
            )
            out[f"{label}.{m2m.name}"] = [tuple(p) for p in pairs]
        out[label] = rows
    return out
