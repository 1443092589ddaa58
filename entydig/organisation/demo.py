"""The fictional demo organisation, shaped like the handbook's figure 1; its dates are relative to today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from entydig.accounts.models import User
from entydig.core import demo_dates as when
from entydig.organisation import services
from entydig.organisation.models import (
    Activity,
    Body,
    EffortArea,
    FundingRound,
    Membership,
    Organisation,
    Person,
    Plan,
    PlanGrant,
)

# The plans' names carry their grant periods, which move with the day the demo is loaded.
DEMO_PLAN_STEM = "Helhedsplan Nordparken og Skovhaven"
OTHER_PLAN_STEM = "Helhedsplan Vestbyen"
R = Membership.Representation
ROLE = Membership.Role
SG_RESPONSIBILITY = "Gennemførelse af delaftalen; kvalitet og målopfyldelse; opfølgning og justering af indsatser"


def demo_plan_name() -> str:
    return f"{DEMO_PLAN_STEM} {when.plan_start().year}-{when.plan_end().year}"


def other_plan_period() -> tuple[dt.date, dt.date]:
    return when.date(-2, 1, 1), when.plan_end()


def other_plan_name() -> str:
    start, end = other_plan_period()
    return f"{OTHER_PLAN_STEM} {start.year}-{end.year}"


def already_seeded() -> bool:
    """Also when the demo was loaded in another year, under another name."""
    return Plan.objects.filter(name__startswith=DEMO_PLAN_STEM + " ").exists()


def _seat(person: Person, body: Body, role: str, rep: str, start: dt.date) -> None:
    services.membership_create(
        actor=None, body=body, person=person, plan=body.plan, role=role, representation=rep, start=start
    )


def seed() -> dict[str, Any]:
    """Creates both demo plans through the services; returns what later apps' demo data builds on.

    The demo plan was set up in the autumn before it started, the other plan a year later; the change log says so.
    """
    with when.happened(when.at(when.plan_start() - dt.timedelta(days=59))):
        ctx = _seed_demo_plan()
    other_start, _end = other_plan_period()
    with when.happened(when.at(other_start - dt.timedelta(days=48))):
        ctx["other_plan"] = _seed_other_plan(ctx)
    ctx["users"] = _seed_logins(ctx)
    return ctx


def _seed_demo_plan() -> dict[str, Any]:
    org = services.organisation_create
    kommune = org(actor=None, name="Søby Kommune", kind=Organisation.Kind.MUNICIPALITY)
    boern = org(actor=None, name="Børne- og Ungeforvaltningen", kind="municipality", unit="department", parent=kommune)
    beskaeft = org(
        actor=None, name="Beskæftigelsesforvaltningen", kind="municipality", unit="department", parent=kommune
    )
    social = org(actor=None, name="Socialforvaltningen", kind="municipality", unit="department", parent=kommune)
    skole = org(actor=None, name="Nordparkskolen", kind="municipality", unit="institution", parent=kommune)
    fjordbo = org(actor=None, name="Boligselskabet Fjordbo", kind=Organisation.Kind.HOUSING)
    fjordbo_drift = org(actor=None, name="Driften", kind="housing", unit="operations", parent=fjordbo)
    fjordbo_adm = org(actor=None, name="Administrationen", kind="housing", unit="administration", parent=fjordbo)
    afd_best = org(
        actor=None, name="Afdelingsbestyrelsen Nordparken", kind="housing", unit="resident_board", parent=fjordbo
    )
    vestbo = org(actor=None, name="Andelsboligforeningen Vestbo", kind=Organisation.Kind.HOUSING)
    politi = org(actor=None, name="Sydøstjyllands Politi", kind=Organisation.Kind.PARTNER, unit="police")
    klub = org(actor=None, name="Ungdomsklubben Spiren", kind=Organisation.Kind.PARTNER, unit="association")
    frivillig = org(actor=None, name="Frivilligcenter Søby", kind=Organisation.Kind.PARTNER, unit="association")

    plan = services.plan_create(
        actor=None,
        name=demo_plan_name(),
        period_start=when.plan_start(),
        period_end=when.plan_end(),
        funding_round=FundingRound.objects.get(code="2019-26-midlerne"),
        municipality=kommune,
        housing_organisations=[fjordbo],
        status=Plan.Status.ACTIVE,
        description="Boligsocial helhedsplan for Nordparken og Skovhaven i Søby, finansieret af Landsbyggefonden.",
    )
    nordparken = services.area_create(
        actor=None, plan=plan, name="Nordparken", code="nordparken", residents=2350, afdelinger="Afd. 12, Afd. 14"
    )
    skovhaven = services.area_create(
        actor=None, plan=plan, name="Skovhaven", code="skovhaven", residents=1180, afdelinger="Afd. 21"
    )
    board = plan.bodies.get(kind=Body.Kind.BOARD)
    start = when.plan_start()

    def person(name: str, title: str, organisation: Organisation) -> Person:
        email = name.lower().replace(" ", ".").replace("ø", "oe").replace("æ", "ae").replace("å", "aa") + "@example.dk"
        return services.person_create(actor=None, name=name, title=title, email=email, organisation=organisation)

    def seat(p: Person, body: Body, role: str, rep: str) -> None:
        _seat(p, body, role, rep, start)

    people = {
        "mette": person("Mette Kjær", "Direktør for Børn og Unge", boern),
        "henrik": person("Henrik Lund", "Direktør for Beskæftigelse", beskaeft),
        "anne": person("Anne Holm", "Chef for Socialforvaltningen", social),
        "lars": person("Lars Winther", "Administrerende direktør", fjordbo),
        "susanne": person("Susanne Friis", "Driftschef", fjordbo_drift),
        "birgit": person("Birgit Sørensen", "Udlejningschef", fjordbo_adm),
        "fatima": person("Fatima Yilmaz", "Formand for afdelingsbestyrelsen", afd_best),
        "jens": person("Jens Bak", "Lokalpolitichef", politi),
        "torben": person("Torben Vad", "Skoleleder", skole),
        "camilla": person("Camilla Dahl", "Sekretariatsleder", fjordbo),
        "nanna": person("Nanna Krogh", "Kommunal koordinator", social),
        "ali": person("Ali Hassan", "Boligsocial medarbejder", fjordbo),
        "sara": person("Sara Nielsen", "Boligsocial medarbejder, lektiecafé", fjordbo),
        "ole": person("Ole Mortensen", "Beboerrepræsentant", afd_best),
        "karim": person("Karim Nasser", "Beboerrepræsentant", afd_best),
        "lone": person("Lone Brix", "Leder af Jobcenter Søby", beskaeft),
        "rasmus": person("Rasmus Kiel", "Klubleder", klub),
        "ida": person("Ida Lauritsen", "Konsulent, Landsbyggefonden", vestbo),
        "jonas": person("Jonas Berg", "Projektleder, Vestbyen", vestbo),
        "pia": person("Pia Krog", "Frivilligkoordinator", frivillig),
    }
    p = people
    for key, role, rep in [
        ("mette", ROLE.CHAIR, R.MUNICIPAL_LEADERSHIP),
        ("lars", ROLE.VICE_CHAIR, R.HOUSING_LEADERSHIP),
        ("henrik", ROLE.MEMBER, R.MUNICIPAL_LEADERSHIP),
        ("anne", ROLE.MEMBER, R.MUNICIPAL_LEADERSHIP),
        ("susanne", ROLE.MEMBER, R.HOUSING_LEADERSHIP),
        ("birgit", ROLE.MEMBER, R.HOUSING_LEADERSHIP),
        ("fatima", ROLE.MEMBER, R.RESIDENT),
        ("jens", ROLE.MEMBER, R.PARTNER),
        ("torben", ROLE.OBSERVER, R.INSTITUTION),
        ("camilla", ROLE.SECRETARY, R.STAFF),
    ]:
        seat(p[key], board, role, rep)

    area = {a.name: a for a in EffortArea.objects.all()}
    secretariat = services.body_create(
        actor=None,
        plan=plan,
        kind=Body.Kind.SECRETARIAT,
        name="Det boligsociale sekretariat",
        responsibility="Daglig drift; betjening af bestyrelse og styregrupper; dokumentation og evaluering",
    )
    for key, role in [
        ("camilla", ROLE.SECRETARIAT_LEADER),
        ("nanna", ROLE.MEMBER),
        ("ali", ROLE.MEMBER),
    ]:
        seat(p[key], secretariat, role, R.STAFF)

    sg_resp = SG_RESPONSIBILITY
    sg1 = services.body_create(
        actor=None,
        plan=plan,
        kind=Body.Kind.STEERING_GROUP,
        name="Styregruppen for tryghed og fysiske rammer",
        effort_area=area["Kriminalitetsforebyggelse"],
        responsibility=sg_resp,
    )
    sg2 = services.body_create(
        actor=None,
        plan=plan,
        kind=Body.Kind.STEERING_GROUP,
        name="Styregruppen for uddannelse og job",
        effort_area=area["Uddannelse og livschancer"],
        responsibility=sg_resp,
    )
    sg3 = services.body_create(
        actor=None,
        plan=plan,
        kind=Body.Kind.STEERING_GROUP,
        name="Styregruppen for naboskab",
        effort_area=area["Sammenhængskraft og medborgerskab"],
        responsibility=sg_resp,
    )
    for body, members in [
        (
            sg1,
            [
                ("susanne", ROLE.CHAIR, R.HOUSING_LEADERSHIP),
                ("jens", ROLE.MEMBER, R.PARTNER),
                ("karim", ROLE.MEMBER, R.RESIDENT),
                ("ali", ROLE.SECRETARY, R.STAFF),
            ],
        ),
        (
            sg2,
            [
                ("anne", ROLE.CHAIR, R.MUNICIPAL_LEADERSHIP),
                ("lone", ROLE.MEMBER, R.MUNICIPAL_DEPARTMENT),
                ("torben", ROLE.MEMBER, R.INSTITUTION),
                ("ole", ROLE.MEMBER, R.RESIDENT),
                ("nanna", ROLE.SECRETARY, R.STAFF),
            ],
        ),
        (
            sg3,
            [
                # Karim chairs without a seat on the board: the chart's advice shows the handbook's coupling.
                ("karim", ROLE.CHAIR, R.RESIDENT),
                ("fatima", ROLE.MEMBER, R.RESIDENT),
                ("rasmus", ROLE.MEMBER, R.PARTNER),
                ("pia", ROLE.MEMBER, R.PARTNER),
                ("ali", ROLE.SECRETARY, R.STAFF),
            ],
        ),
    ]:
        for key, role, rep in members:
            seat(p[key], body, role, rep)
    for body in (board, sg1, sg2, sg3):
        if body is not board:
            seat(p["camilla"], body, ROLE.SECRETARIAT_LEADER, R.STAFF)

    pre = services.body_create(
        actor=None,
        plan=plan,
        kind=Body.Kind.PRE_MEETING_GROUP,
        name="Tværforvaltningsgruppen",
        party=kommune,
        responsibility="Samler kommunens input før bestyrelsesmøder, så kommunen taler med én stemme",
    )
    for key in ("henrik", "anne", "nanna"):
        seat(p[key], pre, ROLE.MEMBER, R.MUNICIPAL_DEPARTMENT)

    def activity(name: str, group: Body, responsible: Person, partners: list[Organisation], desc: str) -> Activity:
        return services.activity_create(
            actor=None,
            plan=plan,
            name=name,
            steering_group=group,
            responsible=responsible,
            partners=partners,
            description=desc,
            start=when.date(-when.PLAN_YEARS_BACK, 3, 1),
            end=when.plan_end(),
        )

    activities = [
        activity(
            "Tryghedsvandringer",
            sg1,
            p["ali"],
            [politi],
            "Beboere, politi og drift går området igennem to gange om året.",
        ),
        activity(
            "Lys og stier", sg1, p["susanne"], [], "Bedre belysning og oversigt på stier og p-pladser i Nordparken."
        ),
        activity("Lektiecafé", sg2, p["sara"], [skole], "Lektiehjælp fire eftermiddage om ugen for 1.-10. klasse."),
        activity(
            "Job- og uddannelsesvejledning",
            sg2,
            p["nanna"],
            [],
            "Vejledning i boligområdet i samarbejde med jobcentret.",
        ),
        activity("Forældrenetværk", sg2, p["ali"], [klub], "Netværk og forældrekurser for forældre til skolebørn."),
        activity(
            "Naboskabsdage",
            sg3,
            p["ali"],
            [frivillig, klub],
            "Fælles aktiviteter, der skaber kontakt på tværs af opgange.",
        ),
    ]
    return {
        "plan": plan,
        "areas": [nordparken, skovhaven],
        "board": board,
        "secretariat": secretariat,
        "steering_groups": [sg1, sg2, sg3],
        "pre_meeting_group": pre,
        "activities": activities,
        "people": people,
    }


def _seed_other_plan(ctx: dict[str, Any]) -> Plan:
    """The second plan: the same municipality and secretariat, another housing organisation."""
    p = ctx["people"]
    start, end = other_plan_period()
    vestbo = Organisation.objects.get(name="Andelsboligforeningen Vestbo")
    other = services.plan_create(
        actor=None,
        name=other_plan_name(),
        period_start=start,
        period_end=end,
        municipality=ctx["plan"].municipality,
        housing_organisations=[vestbo],
        status=Plan.Status.ACTIVE,
        secretariat=ctx["secretariat"],
    )
    services.area_create(actor=None, plan=other, name="Vestbyen", code="vestbyen", residents=1640, afdelinger="Afd. 3")
    other_board = other.bodies.get(kind=Body.Kind.BOARD)
    _seat(p["henrik"], other_board, ROLE.CHAIR, R.MUNICIPAL_LEADERSHIP, start)
    _seat(p["jonas"], other_board, ROLE.MEMBER, R.HOUSING_LEADERSHIP, start)
    _seat(p["camilla"], other_board, ROLE.SECRETARY, R.STAFF, start)
    other_sg = services.body_create(
        actor=None,
        plan=other,
        kind=Body.Kind.STEERING_GROUP,
        name="Styregruppen Vestbyen",
        effort_area=EffortArea.objects.get(name="Beskæftigelse"),
        responsibility=SG_RESPONSIBILITY,
    )
    _seat(p["jonas"], other_sg, ROLE.CHAIR, R.HOUSING_LEADERSHIP, start)
    _seat(p["camilla"], other_sg, ROLE.SECRETARIAT_LEADER, R.STAFF, start)
    services.activity_create(
        actor=None, plan=other, name="Jobcafé Vestbyen", steering_group=other_sg, responsible=p["jonas"]
    )
    return other


def _seed_logins(ctx: dict[str, Any]) -> dict[str, User]:
    """The demo logins (password `demo`), members since the plan started."""
    p = ctx["people"]

    def login(username: str, person_: Person) -> User:
        first, _sep, last = person_.name.partition(" ")
        return User.objects.create_user(
            username=username,
            password="demo",  # noqa: S106 (the documented demo password)
            person=person_,
            first_name=first,
            last_name=last,
            email=person_.email,
        )

    users = {
        "sekretariat": login("sekretariat", p["camilla"]),
        "bestyrelse": login("bestyrelse", p["henrik"]),
        "styregruppe": login("styregruppe", p["ole"]),
        "medarbejder": login("medarbejder", p["sara"]),
        "laeser": login("laeser", p["ida"]),
        "anden": login("anden", p["jonas"]),
    }
    User.objects.filter(pk__in=[u.pk for u in users.values()]).update(date_joined=when.at(when.plan_start()))
    PlanGrant.objects.create(user=users["laeser"], plan=ctx["plan"], role=PlanGrant.Role.VIEWER)
    PlanGrant.objects.create(user=users["anden"], plan=ctx["other_plan"], role=PlanGrant.Role.SECRETARIAT)
    return users
