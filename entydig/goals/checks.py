"""The handbook's goal-quality checks and its five ownership conditions, computed for one plan.

The checks advise, they never block: each says what the handbook warns against, where it applies and how to fix
it. The limits are Entydig's own defaults, not the handbook's numbers (the handbook asks for "få" goals and
indicators and names no number): `settings.GOAL_CHECK_LIMITS` (defaults: 5 strategic goals, 4 sub-goals per
sub-agreement, 3 indicators per goal), and every finding that uses one says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entydig.budget.models import Funder
from entydig.budget.selectors import FunderShare, funder_shares
from entydig.core.suppression import usable_q
from entydig.goals.models import Goal, OwnershipCondition
from entydig.monitoring.models import Indicator, Measurement
from entydig.organisation.models import Activity, Organisation, Plan

DEFAULT_LIMITS = {"strategic_goals": 5, "sub_goals": 4, "indicators_per_goal": 3}

TOO_MANY_GOALS = "too_many_goals"
UNCLEAR_GOALS = "unclear_goals"
CANNOT_INFLUENCE = "cannot_influence"
INDICATOR_OVERLOAD = "indicator_overload"

TITLES = {
    TOO_MANY_GOALS: gettext_lazy("Undgå for mange mål"),
    UNCLEAR_GOALS: gettext_lazy("Undgå uklare mål"),
    CANNOT_INFLUENCE: gettext_lazy("Undgå mål, der ikke kan påvirkes"),
    INDICATOR_OVERLOAD: gettext_lazy("Få og præcise indikatorer"),
}
# The handbook's own reasons (Entydig ledelse, "Få, tydelige og påvirkelige mål").
REASONS = {
    TOO_MANY_GOALS: gettext_lazy(
        "Få og præcise mål er bedre end mange små delmål. For mange små delmål mudrer billedet, når nogle mål "
        "bliver indfriet, mens andre ikke gør. Hvis målene er for mange, er det svært at afgøre, om indsatsen er "
        "på rette vej."
    ),
    UNCLEAR_GOALS: gettext_lazy(
        "Brede mål som bedre trivsel eller stærkere lokalsamfund kan være diffuse og svære at måle på. Jo mere "
        "diffuse, desto sværere er det at afgøre, om indsatsen har den ønskede virkning."
    ),
    CANNOT_INFLUENCE: gettext_lazy(
        "Målene skal være afstemt med indsatsen; de skal kunne påvirkes gennem helhedsplanens virkemidler. Hvis "
        "målene ikke kan påvirkes, bliver de irrelevante og en kilde til frustration, og målstyringen bliver umulig."
    ),
    INDICATOR_OVERLOAD: gettext_lazy(
        "Det kan betale sig at finde gode og præcise indikatorer. Alternativet er ofte en alt for lang række af "
        "halvdårlige indikatorer, der hver kun indfanger et lille hjørne af den ønskede effekt, giver et "
        "tvetydigt billede og ikke muliggør en samlet styring."
    ),
}


# Appended to a finding whose limit is Entydig's default, so nobody takes it for the handbook's rule.
OWN_DEFAULT = gettext_lazy("Grænsen er Entydigs standard, ikke håndbogens; den kan ændres i indstillingerne.")


def limits() -> dict[str, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "GOAL_CHECK_LIMITS", {})}


@dataclass(frozen=True)
class Finding:
    problem: str
    fix: str
    goal_id: int | None = None
    indicator_id: int | None = None
    sub_agreement_id: int | None = None


@dataclass
class CheckResult:
    code: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(TITLES[self.code])

    @property
    def reason(self) -> str:
        return str(REASONS[self.code])

    @property
    def passed(self) -> bool:
        return not self.findings


def _goals_of_plans(plan_ids: list[int]) -> dict[int, list[Goal]]:
    """All goals of the plans with what the checks need, by plan id, in three queries."""
    # A value counts as data only when it may be shown: a suppressed one cannot move the goal's status either.
    has_data = Exists(Measurement.objects.filter(usable_q(), indicator=OuterRef("pk")))
    found: dict[int, list[Goal]] = {pk: [] for pk in plan_ids}
    goals = (
        Goal.objects.filter(plan_id__in=plan_ids)
        .select_related("sub_agreement__effort_area")
        .prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.annotate(has_data=has_data).order_by("code")),
            Prefetch("activities", queryset=Activity.objects.only("pk", "name")),
        )
        .order_by("level", "order", "pk")
    )
    for goal in goals:
        found[goal.plan_id].append(goal)
    return found


def goal_checks(plan: Plan) -> list[CheckResult]:
    """The four checks for the plan, in a fixed number of queries."""
    return goal_checks_of_plans([plan])[plan.pk]


def goal_checks_of_plans(plans: Iterable[Plan]) -> dict[int, list[CheckResult]]:
    """`goal_checks` of each of `plans`, by plan id, in three queries whatever the number of plans."""
    lim = limits()
    return {pk: _checks(goals, lim) for pk, goals in _goals_of_plans([p.pk for p in plans]).items()}


def _checks(goals: list[Goal], lim: dict[str, int]) -> list[CheckResult]:
    strategic = [g for g in goals if g.level == Goal.Level.STRATEGIC]
    subs = [g for g in goals if g.level == Goal.Level.SUB]

    too_many = CheckResult(TOO_MANY_GOALS)
    if len(strategic) > lim["strategic_goals"]:
        too_many.findings.append(
            Finding(
                _("Aftalen har %(n)d overordnede mål; højst %(max)d anbefales.")
                % {"n": len(strategic), "max": lim["strategic_goals"]}
                + " "
                + str(OWN_DEFAULT),
                _("Saml eller prioritér de overordnede mål, så der højst er %(max)d.")
                % {"max": lim["strategic_goals"]},
            )
        )
    per_sub: dict[int, list[Goal]] = {}
    for goal in subs:
        per_sub.setdefault(goal.sub_agreement_id or 0, []).append(goal)
    for sub_id, sub_goals in per_sub.items():
        if len(sub_goals) > lim["sub_goals"]:
            too_many.findings.append(
                Finding(
                    _("Delaftalen %(name)s har %(n)d delmål; højst %(max)d anbefales.")
                    % {"name": sub_goals[0].sub_agreement, "n": len(sub_goals), "max": lim["sub_goals"]}
                    + " "
                    + str(OWN_DEFAULT),
                    _("Saml delmålene eller flyt nogle til en anden delaftale, så der højst er %(max)d.")
                    % {"max": lim["sub_goals"]},
                    sub_agreement_id=sub_id,
                )
            )

    unclear = CheckResult(UNCLEAR_GOALS)
    seen_indicators: set[int] = set()
    # A strategic goal is measured by its own indicators or by its sub-goals' (as its dashboard shows them).
    measured_by_subs = {s.parent_id for s in subs if s.indicators.all()}
    for goal in goals:
        indicators = list(goal.indicators.all())
        if not indicators and goal.pk not in measured_by_subs:
            unclear.findings.append(
                Finding(
                    _("Målet »%(goal)s« har ingen indikator.") % {"goal": goal.title},
                    _("Knyt mindst én præcis indikator til målet, så det kan afgøres, om det nås."),
                    goal_id=goal.pk,
                )
            )
        for indicator in indicators:
            if indicator.pk in seen_indicators:
                continue
            seen_indicators.add(indicator.pk)
            missing = []
            if indicator.baseline_value is None or not indicator.baseline_period:
                missing.append(_("baseline"))
            if indicator.target_value is None:
                missing.append(_("mål"))
            if not indicator.target_period:
                missing.append(_("målperiode"))
            if missing:
                unclear.findings.append(
                    Finding(
                        _("Indikatoren »%(name)s« mangler %(missing)s.")
                        % {"name": indicator.name, "missing": ", ".join(missing)},
                        _("Angiv indikatorens baseline (værdi og periode), målværdi og målperiode."),
                        goal_id=goal.pk,
                        indicator_id=indicator.pk,
                    )
                )
            if not getattr(indicator, "has_data", True):
                unclear.findings.append(
                    Finding(
                        _("Indikatoren »%(name)s« har ingen data.") % {"name": indicator.name},
                        _("Indtast eller importér målinger for indikatoren."),
                        goal_id=goal.pk,
                        indicator_id=indicator.pk,
                    )
                )

    influence = CheckResult(CANNOT_INFLUENCE)
    served_sub = {g.pk for g in subs if g.activities.all()}
    for goal in strategic:
        own = bool(goal.activities.all())
        via_sub = any(s.parent_id == goal.pk and s.pk in served_sub for s in subs)
        if not own and not via_sub:
            influence.findings.append(
                Finding(
                    _("Ingen indsats bærer det overordnede mål »%(goal)s« (hverken direkte eller via et delmål).")
                    % {"goal": goal.title},
                    _(
                        "Knyt de indsatser, der skal flytte målet, til dets delmål – eller overvej, om målet hører "
                        "hjemme i helhedsplanen."
                    ),
                    goal_id=goal.pk,
                )
            )
    for goal in subs:
        if goal.pk not in served_sub:
            influence.findings.append(
                Finding(
                    _("Ingen indsats bærer delmålet »%(goal)s«.") % {"goal": goal.title},
                    _("Knyt de indsatser, der skal flytte delmålet, til det – eller fjern delmålet."),
                    goal_id=goal.pk,
                )
            )

    overload = CheckResult(INDICATOR_OVERLOAD)
    for goal in goals:
        count = len(goal.indicators.all())
        if count > lim["indicators_per_goal"]:
            overload.findings.append(
                Finding(
                    _("Målet »%(goal)s« har %(n)d indikatorer; højst %(max)d anbefales.")
                    % {"goal": goal.title, "n": count, "max": lim["indicators_per_goal"]}
                    + " "
                    + str(OWN_DEFAULT),
                    _("Behold de %(max)d indikatorer, der bedst indfanger forandringen, og fjern resten fra målet.")
                    % {"max": lim["indicators_per_goal"]},
                    goal_id=goal.pk,
                )
            )
    return [too_many, unclear, influence, overload]


@dataclass(frozen=True)
class OwnershipRow:
    party: Organisation
    conditions: list[tuple[str, str, bool, str]]  # (code, label, fulfilled, note)
    # The "invested money" point in figures: the party's funder's share of the budget in force and of the spending
    # (None when the plan has no budget). The housing organisations share one funder in the budget.
    invested: FunderShare | None = None
    shared_with_others: bool = False

    @property
    def fulfilled_count(self) -> int:
        return sum(1 for c in self.conditions if c[2])


def ownership_checklist(plan: Plan) -> list[OwnershipRow]:
    """For each party (municipality, housing organisations) the five conditions, whether each is met, and what the
    party's funder has put into the budget and the spending."""
    housing = list(plan.housing_organisations.order_by("name"))
    parties = [plan.municipality, *housing]
    recorded: dict[tuple[int, str], Any] = {
        (c.party_id, c.condition): c for c in OwnershipCondition.objects.filter(plan=plan)
    }
    shares = {s.funder: s for s in funder_shares(plan)}
    rows = []
    for party in parties:
        conditions = []
        for code, label in OwnershipCondition.Condition.choices:
            row = recorded.get((party.pk, code))
            conditions.append((code, str(label), bool(row and row.fulfilled), row.note if row else ""))
        is_municipality = party.pk == plan.municipality_id
        funder = Funder.MUNICIPALITY if is_municipality else Funder.HOUSING
        rows.append(
            OwnershipRow(
                party,
                conditions,
                invested=shares.get(funder),
                shared_with_others=not is_municipality and len(housing) > 1,
            )
        )
    return rows
