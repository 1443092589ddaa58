"""A plan's money: budget posts (an activity, or a plan-level post such as the secretariat), budget versions with
their lines (post × year × funder × cost type × cash or in kind), spending per quarter and forecasts.

Amounts are kroner as exact decimals with two places (øre), never floats.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from entydig.budget.money import kroner
from entydig.core.dates import FIRST_YEAR, LAST_YEAR
from entydig.organisation.models import Activity, Plan

# Every amount: kroner with øre, up to 999.999.999.999,99.
MAX_DIGITS, DECIMAL_PLACES = 14, 2


class Funder(models.TextChoices):
    """Who pays; which of them count as local co-financing is a setting (entydig.budget.rules)."""

    LBF = "lbf", _("Landsbyggefonden")
    MUNICIPALITY = "kommune", _("Kommunen")
    HOUSING = "boligorganisation", _("Boligorganisationen")
    FOUNDATION = "fond", _("Fond")
    OTHER = "anden", _("Anden")


class CostType(models.Model):
    """A kind of cost (løn, aktiviteter, ...): LBF's usual headings are loaded as presets and can be changed in the
    admin; a cost type that lines use cannot be deleted, only taken out of use."""

    code = models.SlugField(_("kode"), max_length=40, unique=True, allow_unicode=True)
    name = models.CharField(_("navn"), max_length=100)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    active = models.BooleanField(_("i brug"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("omkostningstype")
        verbose_name_plural = _("omkostningstyper")

    def __str__(self) -> str:
        return self.name


class BudgetPost(models.Model):
    """What money is budgeted and spent on: one activity, or one of the plan-level posts.

    Spending and forecasts belong to the post, so they outlive budget versions; `number` is the post's number in
    the accounting system, by which an imported file may name it.
    """

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Indsats")
        SECRETARIAT = "secretariat", _("Sekretariat")
        EVALUATION = "evaluation", _("Evaluering")
        COMMUNICATION = "communication", _("Kommunikation")
        CONTINGENCY = "contingency", _("Uforudsete udgifter")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_posts", verbose_name=_("helhedsplan"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.ACTIVITY)
    # An activity with money on it is not deleted with its history; the plan's deletion takes both.
    activity = models.ForeignKey(
        Activity,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="budget_posts",
        verbose_name=_("indsats"),
    )
    number = models.CharField(
        _("budgetnummer"), max_length=40, blank=True, help_text=_("Postens nummer i regnskabet, fx 4.2 eller 1203")
    )

    class Meta:
        ordering = ["plan", "kind", "activity__name"]
        verbose_name = _("budgetpost")
        verbose_name_plural = _("budgetposter")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="activity") & Q(activity__isnull=False))
                | (~Q(kind="activity") & Q(activity__isnull=True)),
                name="budgetpost_activity_iff_activity_kind",
            ),
            models.UniqueConstraint(
                fields=["plan", "activity"], condition=Q(activity__isnull=False), name="budgetpost_one_per_activity"
            ),
            models.UniqueConstraint(
                fields=["plan", "kind"], condition=~Q(kind="activity"), name="budgetpost_one_per_plan_level_kind"
            ),
            models.UniqueConstraint(
                fields=["plan", "number"], condition=~Q(number=""), name="budgetpost_unique_number_in_plan"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.activity_id is not None and self.activity is not None:
            return self.activity.name
        return str(self.get_kind_display())


class BudgetVersion(models.Model):
    """One version of a plan's budget: a draft the secretariat edits, approved by the board (date), sent to LBF
    (date). A change after approval starts a new version; every version keeps its own lines."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Kladde")
        APPROVED = "approved", _("Godkendt af bestyrelsen")
        SENT = "sent", _("Sendt til Landsbyggefonden")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="budget_versions", verbose_name=_("helhedsplan")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_on = models.DateField(_("godkendt af bestyrelsen"), null=True, blank=True)
    sent_on = models.DateField(_("sendt til LBF"), null=True, blank=True)
    reason = models.CharField(_("begrundelse"), max_length=300, blank=True)
    # A board decision that made this version (set by the meetings' reallocations): its label and page.
    decision_label = models.CharField(_("beslutning"), max_length=300, blank=True)
    decision_url = models.CharField(_("beslutningens side"), max_length=300, blank=True)
    # Counts up with every change to the plan's budget (across its versions), so an edit begun on an older state is
    # refused (409).
    row_version = models.PositiveIntegerField(_("ændringsnummer"), default=1)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("budgetversion")
        verbose_name_plural = _("budgetversioner")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="budgetversion_unique_number_in_plan"),
            models.UniqueConstraint(fields=["plan"], condition=Q(status="draft"), name="budgetversion_one_draft"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_on__isnull=False), name="budgetversion_approved_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_on__isnull=False), name="budgetversion_sent_has_date"
            ),
            models.CheckConstraint(
                condition=Q(sent_on__isnull=True) | Q(approved_on__isnull=True) | Q(sent_on__gte=F("approved_on")),
                name="budgetversion_sent_after_approval",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Budget version %(number)s") % {"number": self.number})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class BudgetLine(models.Model):
    """An amount in one version: post × year × funder × cost type × cash or in kind."""

    version = models.ForeignKey(
        BudgetVersion, on_delete=models.CASCADE, related_name="lines", verbose_name=_("version")
    )
    post = models.ForeignKey(BudgetPost, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budgetpost"))
    year = models.PositiveSmallIntegerField(_("år"))
    funder = models.CharField(_("finansieringskilde"), max_length=20, choices=Funder.choices)
    cost_type = models.ForeignKey(
        CostType, on_delete=models.PROTECT, related_name="lines", verbose_name=_("omkostningstype")
    )
    in_kind = models.BooleanField(_("naturalier"), default=False, help_text=_("Fx timer og lokaler i stedet for penge"))
    amount = models.DecimalField(_("beløb"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)

    class Meta:
        ordering = ["version", "post", "year", "cost_type__order", "funder", "in_kind"]
        verbose_name = _("budgetlinje")
        verbose_name_plural = _("budgetlinjer")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "post", "year", "funder", "cost_type", "in_kind"],
                name="budgetline_unique_key_in_version",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budgetline_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR), name="budgetline_year_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.year} {self.get_funder_display()} {self.cost_type}: {kroner(self.amount)}"


class Actual(models.Model):
    """Money spent on a post in one quarter, entered or imported from the accounting system; the funder is known
    when the accounts say it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actuals", verbose_name=_("helhedsplan"))
    post = models.ForeignKey(BudgetPost, on_delete=models.CASCADE, related_name="actuals", verbose_name=_("budgetpost"))
    year = models.PositiveSmallIntegerField(_("år"))
    quarter = models.PositiveSmallIntegerField(_("kvartal"))
    funder = models.CharField(_("finansieringskilde"), max_length=20, choices=Funder.choices, blank=True)
    # Negative for a refund or a correction.
    amount = models.DecimalField(_("beløb"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        ordering = ["plan", "year", "quarter", "post"]
        verbose_name = _("forbrug")
        verbose_name_plural = _("forbrug")
        constraints = [
            models.UniqueConstraint(fields=["post", "year", "quarter", "funder"], name="actual_unique_key"),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="actual_quarter_1_to_4"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR), name="actual_year_in_range"
            ),
        ]
        indexes = [models.Index(fields=["plan", "year"], name="actual_plan_year_idx")]

    def __str__(self) -> str:
        return f"{self.post} {self.quarter}. kvartal {self.year}: {kroner(self.amount)}"


class Forecast(models.Model):
    """What the post's owner expects the year to cost, replacing the forecast by spending pace."""

    post = models.ForeignKey(
        BudgetPost, on_delete=models.CASCADE, related_name="forecasts", verbose_name=_("budgetpost")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.DecimalField(_("prognose"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES)
    note = models.CharField(_("begrundelse"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("ændret"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["post", "year"]
        verbose_name = _("prognose")
        verbose_name_plural = _("prognoser")
        constraints = [
            models.UniqueConstraint(fields=["post", "year"], name="forecast_one_per_post_and_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="forecast_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.post} {self.year}: {kroner(self.amount)}"
