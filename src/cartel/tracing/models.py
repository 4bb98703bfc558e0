"""Family inquiries, their match suggestions, answers and the letters sent to families."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cartel.parties.models import Party
from cartel.registry.models import Person, SourceRecord


class Channel(models.TextChoices):
    PHONE = "phone", _("telephone")
    WEB = "web", _("web form")
    LETTER = "letter", _("letter")
    IN_PERSON = "in_person", _("in person")
    EMAIL = "email", _("e-mail")
    IMPORT = "import", _("imported list")
    CTA = "cta", _("forwarded by the Central Tracing Agency")


class Disclosure(models.TextChoices):
    """What the family may be told about the person sought (ICRC practice: consent and harm decide)."""

    FULL = "", _("no restriction: fate, place, date and health")
    NO_HEALTH = "no_health", _("fate, place and date, but not health")
    FATE_ONLY = "fate_only", _("only whether the person is alive, returned or deceased")
    WITHHOLD = "withhold", _("nothing may be told to the family")


class Answer(models.TextChoices):
    ALIVE = "alive_in_captivity", _("alive in captivity")
    RETURNED = "returned", _("returned home")
    DECEASED = "deceased", _("deceased")
    NO_INFORMATION = "no_information", _("no information")


class Inquiry(models.Model):
    """A family's question about a missing relative, received by a party's bureau."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="inquiries")
    case_number = models.CharField(max_length=40, unique=True)
    status = models.CharField(max_length=32, default="submitted", db_index=True)
    channel = models.CharField(max_length=16, default="phone", choices=Channel.choices)
    inquirer_name = models.CharField(max_length=200)
    inquirer_contact = models.CharField(
        max_length=300, blank=True, help_text=_("Telephone, address or e-mail")
    )
    relationship = models.CharField(max_length=50, blank=True)
    letter_language = models.CharField(max_length=8, default="en")
    subject_name = models.CharField(max_length=300)
    subject_surname = models.CharField(max_length=120, blank=True)
    subject_given_name = models.CharField(max_length=120, blank=True)
    subject_patronymic = models.CharField(max_length=120, blank=True)
    subject_birth_date = models.CharField(max_length=10, blank=True)
    subject_birth_place = models.CharField(max_length=200, blank=True)
    subject_service_number = models.CharField(max_length=64, blank=True)
    subject_unit = models.CharField(max_length=200, blank=True)
    last_seen = models.CharField(max_length=300, blank=True, help_text=_("Last news: date and place"))
    consent_to_share = models.BooleanField(
        default=False,
        help_text=_("The inquirer agrees that the inquiry is passed to the other side and the CTA"),
    )
    disclosure_restriction = models.CharField(max_length=32, blank=True, choices=Disclosure.choices)
    restriction_note = models.CharField(max_length=300, blank=True)
    source_record = models.ForeignKey(SourceRecord, null=True, blank=True, on_delete=models.SET_NULL)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries"
    )
    remains = models.ForeignKey(
        "remains.Remains", null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries"
    )
    answer = models.CharField(max_length=20, blank=True, choices=Answer.choices)
    answer_evidence = models.CharField(max_length=300, blank=True)
    answer_place = models.CharField(max_length=200, blank=True)
    answer_date = models.CharField(max_length=10, blank=True)
    answer_health = models.CharField(max_length=300, blank=True)
    forwarded_to_mediator = models.BooleanField(default=False)
    search_keys = models.CharField(max_length=300, blank=True, help_text=_("Surname keys for re-matching"))
    received_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    informed_at = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    reminders = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "inquiries"
        indexes = [
            models.Index(fields=["party", "status"]),
            models.Index(fields=["party", "-received_at"], name="inquiry_party_newest"),
        ]

    def __str__(self) -> str:
        return self.case_number


class MatchStatus(models.TextChoices):
    SUGGESTED = "suggested", _("suggested")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class MatchOrigin(models.TextChoices):
    SEARCH = "search", _("candidate search at intake")
    REMATCH = "rematch", _("re-matching after a new list")
    LINKAGE = "linkage", _("identity resolution")
    EVENT = "event", _("status change of the person")


class InquiryMatch(models.Model):
    """A suggested answer to an inquiry: a person or body that may be the one sought, with its evidence."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="matches")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="inquiry_matches"
    )
    remains = models.ForeignKey(
        "remains.Remains", null=True, blank=True, on_delete=models.CASCADE, related_name="inquiry_matches"
    )
    suggested_answer = models.CharField(max_length=20, choices=Answer.choices)
    score = models.FloatField()
    explanation = models.JSONField(default=list, blank=True)
    origin = models.CharField(max_length=8, choices=MatchOrigin.choices, default=MatchOrigin.SEARCH)
    status = models.CharField(max_length=10, choices=MatchStatus.choices, default=MatchStatus.SUGGESTED)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["inquiry", "-score"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.inquiry_id} ~ {self.person_id or self.remains_id} ({self.score:.2f})"


class Letter(models.Model):
    """A notification letter produced for a family, with exactly what it disclosed."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="letters")
    language = models.CharField(max_length=8)
    answer = models.CharField(max_length=20, choices=Answer.choices)
    disclosed = models.JSONField(default=dict, blank=True)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.inquiry_id} letter {self.language}"
