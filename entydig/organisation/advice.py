"""Organisation advice: checks of a plan's organisation against the handbook, shown as advice, never a block.

Only memberships in force today count. Everything is computed from one `Organogram`, so the number of
queries does not depend on the size of the plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entydig.organisation.models import Activity, Body, EffortArea, FundingRound, Membership, Plan
from entydig.organisation.selectors import Organogram, organograms

R = Membership.Representation
ROLE = Membership.Role
# Those who serve the board (the secretary, the secretariat leader) do not sit on it.
SEATED_ROLES = {ROLE.CHAIR, ROLE.VICE_CHAIR, ROLE.MEMBER, ROLE.OBSERVER}


class Severity(models.TextChoices):
    WARNING = "warning", gettext_lazy("Bør rettes")
    INFO = "info", gettext_lazy("Til overvejelse")


@dataclass(frozen=True)
class Advice:
    code: str
    severity: str
    title: str
    reason: str
    action: str
    subject: Body | Activity | None = None

    @property
    def severity_label(self) -> str:
        return str(Severity(self.severity).label)

    @property
    def subject_type(self) -> str | None:
        if isinstance(self.subject, Body):
            return "body"
        if isinstance(self.subject, Activity):
            return "activity"
        return None


def plan_advice(plan: Plan, org: Organogram | None = None) -> list[Advice]:
    """The advice for `plan`'s organisation; pass an already loaded `org` to save its queries."""
    if org is None:
        return advice_of_plans([plan])[plan.pk]
    return _advice(org, _outside_round([plan])[plan.pk])


def advice_of_plans(plans: Iterable[Plan]) -> dict[int, list[Advice]]:
    """`plan_advice` of each of `plans`, by plan id, in a fixed number of queries whatever the number of plans."""
    plans = list(plans)
    outside = _outside_round(plans)
    return {pk: _advice(org, outside[pk]) for pk, org in organograms(plans).items()}


def _advice(org: Organogram, outside_round: list[Advice]) -> list[Advice]:
    advice: list[Advice] = []
    for rule in (
        _board_size,
        _board_leadership,
        _residents_only_on_board,
        _group_chairs_on_board,
        _secretariat_leader_everywhere,
        _groups_without_activities,
        _activities_without_responsible,
        _bodies_without_members,
    ):
        advice.extend(rule(org))
    return advice + outside_round


def _board_size(org: Organogram) -> list[Advice]:
    """The handbook names no maximum (it met boards of 9-16 members and says the number "bør være lavere"); the
    limit is the plan's own choice (`settings.BOARD_MAX_MEMBERS`). Observers who chair a steering group sit there
    because the handbook recommends it, so they do not count."""
    chairs = {m.person_id for g in org.steering_groups for m in org.members_of(g) if m.role == ROLE.CHAIR}
    seated = {
        m.person_id
        for m in org.members_of(org.board)
        if m.role in SEATED_ROLES and not (m.role == ROLE.OBSERVER and m.person_id in chairs)
    }
    limit = settings.BOARD_MAX_MEMBERS
    if org.board is None or len(seated) <= limit:
        return []
    return [
        Advice(
            code="board_too_large",
            severity=Severity.INFO,
            title=_("Bestyrelsen har %(count)s medlemmer") % {"count": len(seated)},
            reason=_(
                "Jo flere medlemmer af bestyrelsen, desto tungere arbejdsgange og desto mere komplicerede "
                "beslutningsprocesser. Bestyrelsen skal kunne agere hurtigt og handlekraftigt."
            ),
            action=_(
                "Overvej at gøre bestyrelsen mindre (højst %(max)s), fx ved at lade beboerrepræsentanter og "
                "fagfolk sidde i styregrupperne i stedet. Håndbogen nævner intet højeste antal; grænsen er "
                "Entydigs standard og kan ændres i indstillingerne. Observatører, der er formænd for en "
                "styregruppe, tælles ikke med."
            )
            % {"max": limit},
            subject=org.board,
        )
    ]


def _board_leadership(org: Organogram) -> list[Advice]:
    if org.board is None:
        return []
    present = {m.representation for m in org.members_of(org.board) if m.role in SEATED_ROLES}
    missing = [
        str(label)
        for rep, label in (
            (R.MUNICIPAL_LEADERSHIP, _("kommunens ledelse")),
            (R.HOUSING_LEADERSHIP, _("boligorganisationens ledelse")),
        )
        if rep not in present
    ]
    if not missing:
        return []
    return [
        Advice(
            code="board_without_leadership",
            severity=Severity.WARNING,
            title=_("Bestyrelsen mangler ledende repræsentanter fra %(parties)s")
            % {"parties": _(" og ").join(missing)},
            reason=_(
                "Bestyrelsen skal bestå af centrale beslutningstagere med beslutningskompetence på højt niveau, fx "
                "ledende kommunale embedsmænd og boligorganisationens administrative ledelse. Så kan den handle "
                "hurtigt, og helhedsplanen bliver en del af den samlede bystrategiske indsats."
            ),
            action=_(
                "Tilføj et ledende medlem fra den manglende part (repræsentation »Kommunal ledelse« eller "
                "»Boligorganisationens ledelse«)."
            ),
            subject=org.board,
        )
    ]


def _residents_only_on_board(org: Organogram) -> list[Advice]:
    on_board = any(m.representation == R.RESIDENT for m in org.members_of(org.board))
    in_groups = any(m.representation == R.RESIDENT for g in org.steering_groups for m in org.members_of(g))
    if not on_board or in_groups:
        return []
    return [
        Advice(
            code="residents_not_in_steering_groups",
            severity=Severity.WARNING,
            title=_("Beboerrepræsentanter sidder i bestyrelsen, men i ingen styregruppe"),
            reason=_(
                "Beboerrepræsentanternes viden om boligområdet kommer bedst til sin ret i styregrupperne, hvor "
                "delaftalerne gennemføres. I bestyrelsen kan de ikke styre og fordele de ressourcer, der skal til."
            ),
            action=_("Giv beboerrepræsentanter plads i de styregrupper, hvor indsatserne gennemføres."),
            subject=org.board,
        )
    ]


def _group_chairs_on_board(org: Organogram) -> list[Advice]:
    on_board = {m.person_id for m in org.members_of(org.board) if m.role in SEATED_ROLES}
    advice = []
    for group in org.steering_groups:
        for chair in org.members_of(group):
            if chair.role == ROLE.CHAIR and chair.person_id not in on_board:
                advice.append(
                    Advice(
                        code="steering_chair_not_on_board",
                        severity=Severity.WARNING,
                        title=_("Formanden for %(group)s, %(person)s, sidder ikke i bestyrelsen")
                        % {"group": group.name, "person": chair.person.name},
                        reason=_(
                            "Bestyrelsens strategi og styregruppernes daglige arbejde må ikke glide fra hinanden. "
                            "Et tæt overlap, hvor styregruppernes formænd også sidder i bestyrelsen, holder dem "
                            "koblet."
                        ),
                        action=_("Giv formanden en plads i bestyrelsen som medlem eller observatør."),
                        subject=group,
                    )
                )
    return advice


def _secretariat_leader_everywhere(org: Organogram) -> list[Advice]:
    meetings = ([org.board] if org.board else []) + org.steering_groups
    seats = {b.pk: {m.person_id for m in org.members_of(b)} for b in meetings}
    advice = []
    for secretariat in org.secretariats:
        for leader in org.members_of(secretariat):
            if leader.role != ROLE.SECRETARIAT_LEADER:
                continue
            missing = [b.name for b in meetings if leader.person_id not in seats[b.pk]]
            if missing:
                advice.append(
                    Advice(
                        code="secretariat_leader_not_in_meetings",
                        severity=Severity.WARNING,
                        title=_("Sekretariatslederen %(person)s deltager ikke i: %(bodies)s")
                        % {"person": leader.person.name, "bodies": ", ".join(missing)},
                        reason=_(
                            "Sekretariatslederen skal være en gennemgående figur, der deltager både i "
                            "bestyrelsesmøderne og styregruppemøderne og sikrer koblingen mellem aktører og "
                            "indsatser."
                        ),
                        action=_(
                            "Tilføj sekretariatslederen til bestyrelsen og til hver styregruppe, fx som sekretær."
                        ),
                        subject=secretariat,
                    )
                )
    return advice


def _groups_without_activities(org: Organogram) -> list[Advice]:
    return [
        Advice(
            code="steering_group_without_activities",
            severity=Severity.INFO,
            title=_("%(group)s har ingen indsatser") % {"group": group.name},
            reason=_(
                "En styregruppe gennemfører en delaftale gennem dens indsatser og følger op på kvalitet og "
                "målopfyldelse. Uden indsatser har den intet at styre."
            ),
            action=_(
                "Knyt styregruppens indsatser til den, eller overvej om styregruppen skal lægges sammen med en anden."
            ),
            subject=group,
        )
        for group in org.steering_groups
        if not org.activities_by_group.get(group.pk)
    ]


def _activities_without_responsible(org: Organogram) -> list[Advice]:
    return [
        Advice(
            code="activity_without_responsible",
            severity=Severity.WARNING,
            title=_("Indsatsen %(activity)s har ingen ansvarlig") % {"activity": activity.name},
            reason=_(
                "Entydig ledelse betyder, at det er klart, hvem der gør hvad. En indsats uden en ansvarlig person "
                "bliver let ingens opgave, og ingen kan følge op på den."
            ),
            action=_("Udpeg en ansvarlig medarbejder for indsatsen."),
            subject=activity,
        )
        for activity in org.activities
        if activity.responsible_id is None
    ]


def _bodies_without_members(org: Organogram) -> list[Advice]:
    return [
        Advice(
            code="body_without_members",
            severity=Severity.WARNING,
            title=_("%(body)s har ingen medlemmer") % {"body": body.name},
            reason=_(
                "Et organ uden medlemmer kan ikke træffe beslutninger eller følge op. Hvert niveau i "
                "organiseringen skal have de rette kompetencer."
            ),
            action=_("Tilføj medlemmer, eller slet organet, hvis det ikke længere bruges."),
            subject=body,
        )
        for body in org.bodies
        if not org.members_of(body)
    ]


def _outside_round(plans: list[Plan]) -> dict[int, list[Advice]]:
    """The plan's funding round decides which effort areas it offers (its data cites the source). Effort areas of
    the plan's sub-agreements (goals' `SubAgreement`, reached through its `sub_agreements` relation name) and
    bodies that the round does not offer are advised on; a plan without a round is not checked. Three queries
    whatever the number of plans."""
    found: dict[int, list[Advice]] = {p.pk: [] for p in plans}
    rounds = {
        r.pk: r
        for r in FundingRound.objects.filter(
            pk__in={p.funding_round_id for p in plans if p.funding_round_id}
        ).prefetch_related("effort_areas")
    }
    if not rounds:
        return found
    checked = {p.pk: rounds[p.funding_round_id] for p in plans if p.funding_round_id in rounds}
    used: dict[int, dict[int, str]] = {pk: {} for pk in checked}
    bodies = EffortArea.objects.filter(bodies__plan__in=checked).values_list("bodies__plan", "pk", "name")
    subs = EffortArea.objects.filter(sub_agreements__plan__in=checked).values_list("sub_agreements__plan", "pk", "name")
    for plan_id, area_id, name in [*bodies, *subs]:
        used[plan_id][area_id] = name
    for plan_id, funding_round in checked.items():
        offered = {a.pk for a in funding_round.effort_areas.all()}
        outside = sorted(name for area_id, name in used[plan_id].items() if area_id not in offered)
        found[plan_id] = [
            Advice(
                code="effort_area_not_in_funding_round",
                severity=Severity.INFO,
                title=_("Indsatsområdet %(area)s indgår ikke i %(round)s")
                % {"area": name, "round": funding_round.name},
                reason=_(
                    "Puljen, planen er bevilget af, bestemmer hvilke indsatsområder Landsbyggefonden tilbyder. "
                    "Listen over puljens indsatsområder kommer fra Landsbyggefondens egne sider (se puljens kilde)."
                ),
                action=_(
                    "Overvej at bruge et af puljens indsatsområder for delaftalen eller styregruppen, eller ret "
                    "planens pulje, hvis den er forkert."
                ),
            )
            for name in outside
        ]
    return found
