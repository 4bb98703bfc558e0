"""Agreements between the parties, their categories and eligibility rules, medical commissions and examinations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cartel.parties.models import Party
from cartel.registry.models import Person


class Rule(models.TextChoices):
    ALL_FOR_ALL = "all_for_all", _("all for all")
    N_FOR_N = "n_for_n", _("N for N")
    UNILATERAL = "unilateral", _("unilateral")


class ListApproval(models.TextChoices):
    """Whose signatures make a reconciled stage list final."""

    PARTIES_AND_MEDIATOR = "parties_and_mediator", _("both parties and the mediator")
    PARTIES = "parties", _("both parties")
    MEDIATOR = "mediator", _("the mediator alone")


class Agreement(models.Model):
    """An agreement reached between the belligerents, usually through the mediator."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    concluded_on = models.DateField()
    place = models.CharField(max_length=200, blank=True)
    mediator = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    parties = models.ManyToManyField(Party, related_name="agreements")
    art117_applies = models.BooleanField(
        default=False, help_text=_("No repatriated person in active service")
    )
    list_approval = models.CharField(
        max_length=24, choices=ListApproval.choices, default=ListApproval.PARTIES_AND_MEDIATOR
    )
    defer_communique = models.BooleanField(
        default=False, help_text=_("Publish stage figures only once the whole agreement is carried out")
    )
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-concluded_on"]

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    """A category of people (or bodies) under an agreement, with its exchange rule and eligibility."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=200)
    rule = models.CharField(max_length=16, choices=Rule.choices)
    quota = models.PositiveIntegerField(null=True, blank=True, help_text=_("Per side, for N-for-N"))
    unilateral_side = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text=_("For a unilateral category: the only party that hands people over"),
    )  # fmt: skip
    for_remains = models.BooleanField(default=False)
    age_min = models.PositiveSmallIntegerField(null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(null=True, blank=True)
    age_reference_date = models.DateField(
        null=True, blank=True, help_text=_("Ages are taken on this date (default: the agreement's date)")
    )
    requires_medical = models.BooleanField(default=False)
    medical_categories = models.CharField(
        max_length=200, blank=True,
        help_text=_("GC III Annex I categories that qualify, comma-separated (e.g. A1,A2,A3); empty = any"),
    )  # fmt: skip
    consent_required = models.BooleanField(
        default=False, help_text=_("Consent needed even for the able-bodied (always needed for the sick)")
    )
    person_type = models.CharField(
        max_length=16, blank=True, help_text=_("military, civilian, or empty for any")
    )
    priority = models.PositiveSmallIntegerField(default=0, help_text=_("Added to every candidate's priority"))

    class Meta:
        ordering = ["agreement", "code"]
        constraints = [models.UniqueConstraint(fields=["agreement", "code"], name="uniq_category")]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return f"{self.agreement.code}/{self.code}"

    @property
    def medical_codes(self) -> tuple[str, ...]:
        return tuple(c.strip().upper() for c in self.medical_categories.split(",") if c.strip())


class MedicalCommission(models.Model):
    """A mixed medical commission (GC III Art. 112, Annex II): two neutral doctors and one of the detaining party."""

    name = models.CharField(max_length=200)
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.PROTECT, related_name="commissions"
    )
    detaining_party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True, help_text=_("When every party had approved it"))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommissionMember(models.Model):
    """A doctor on a medical commission; neutral members are named by the ICRC, one by the detaining party."""

    class Kind(models.TextChoices):
        NEUTRAL = "neutral", _("neutral")
        DETAINING = "detaining", _("detaining party")

    commission = models.ForeignKey(MedicalCommission, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    speciality = models.CharField(max_length=100, blank=True)
    chair = models.BooleanField(default=False)
    deputy = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name


class CommissionApproval(models.Model):
    """One party's approval of a commission's members (Annex II Art. 1)."""

    commission = models.ForeignKey(MedicalCommission, on_delete=models.CASCADE, related_name="approvals")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commission", "party"], name="uniq_commission_approval")
        ]

    def __str__(self) -> str:
        return f"{self.commission_id} approved by {self.party_id}"


class Proposer(models.TextChoices):
    """Who presented a prisoner for examination (GC III Art. 113); the order is the order of precedence."""

    DETAINING_DOCTOR = "detaining_doctor", _("detaining party's doctor")
    CAMP_DOCTOR = "camp_doctor", _("camp doctor of the same nationality")
    PRISONERS_REPRESENTATIVE = "prisoners_representative", _("prisoners' representative")
    PARTY_OF_ORIGIN = "party_of_origin", _("party of origin or a recognised aid body")
    SELF = "self", _("the prisoner's own application")


class ExamDecision(models.TextChoices):
    PENDING = "", _("pending")
    REPATRIATE = "repatriate", _("repatriate")
    ACCOMMODATE_NEUTRAL = "accommodate_neutral", _("accommodate in a neutral country")
    REJECT = "reject", _("reject")
    REEXAMINE = "reexamine", _("re-examine later")


class Examination(models.Model):
    """A prisoner's medical examination, by a commission or (manifest cases, Art. 112) by detaining-party doctors."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="examinations")
    commission = models.ForeignKey(
        MedicalCommission, null=True, blank=True, on_delete=models.PROTECT, related_name="examinations"
    )
    manifest = models.BooleanField(
        default=False, help_text=_("Manifest case decided by detaining-party doctors")
    )
    proposer = models.CharField(max_length=32, choices=Proposer.choices)
    proposed_at = models.DateTimeField(default=timezone.now)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    examined_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=24, choices=ExamDecision.choices, blank=True)
    annex_category = models.CharField(
        max_length=16, blank=True, help_text=_("GC III Annex I category, e.g. A2")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notice_due = models.DateField(
        null=True, blank=True, help_text=_("Parties and ICRC to be told by this date")
    )
    carry_out_by = models.DateField(null=True, blank=True, help_text=_("Repatriation to happen by this date"))
    reexamine_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"examination of {self.person_id}: {self.decision or 'pending'}"


class ConsentRecord(models.Model):
    """A prisoner's consent to (or refusal of) repatriation (GC III Art. 109(3)), with its witness."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consent_records")
    given = models.BooleanField()
    witness = models.CharField(max_length=200, help_text=_("ICRC delegate or mediator's representative"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.person_id}: {'consents' if self.given else 'refuses'}"


class JudicialHold(models.Model):
    """Judicial proceedings holding a prisoner back (GC III Art. 115) and the detaining party's consent to release."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="judicial_holds")
    reason = models.TextField()
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    release_consented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    release_consented_at = models.DateTimeField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at"]

    def __str__(self) -> str:
        return f"hold on {self.person_id}"
