"""Boards, the agencies that sit on them, their subgroups, and who holds which role on which board."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from lscb.saving import SavedWithReceivers


class Agency(models.Model):
    """A partner organisation; one agency can sit on several boards."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        PROBATION = "probation", "Probation"
        CAFCASS = "cafcass", "CAFCASS"
        VOLUNTARY = "voluntary", "Voluntary sector"
        FAITH = "faith", "Faith groups"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self):
        return self.name


class Board(models.Model):
    """A Local Safeguarding Children Board (or a partnership or adults board that followed one)."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, help_text="As the board calls itself, e.g. 'Kingston LSCB'.")
    slug = models.SlugField(max_length=60, unique=True)
    areas = models.CharField(
        "local authority areas", max_length=300, help_text="The areas the board covers, as the board writes them."
    )
    meeting_cadence = models.CharField(max_length=100, blank=True, help_text="e.g. 'Four times a year'.")
    chair = models.CharField(max_length=200, blank=True, help_text="The independent chair, as named.")
    business_manager = models.CharField(max_length=200, blank=True)
    established = models.CharField(max_length=100, blank=True, help_text="As written, e.g. 'April 2006'.")
    agencies = models.ManyToManyField(Agency, through="BoardAgency", related_name="boards", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class BoardAgency(models.Model):
    """An agency's seat on a board, in the order the board lists its members."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="seats")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="seats")
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "order", "id"]
        verbose_name = "member agency"
        constraints = [
            models.UniqueConstraint(fields=["board", "agency"], name="boardagency_unique_per_board"),
        ]

    def __str__(self):
        return f"{self.agency} on {self.board}"


class Subgroup(SavedWithReceivers, models.Model):
    """A sub-group or sub-committee of a board; work 'reports to' one."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="subgroups")
    name = models.CharField(max_length=200)
    chair = models.CharField(max_length=200, blank=True)
    terms_of_reference = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="subgroup_unique_name_per_board"),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role on one board. A person may hold different roles on different boards."""

    class Role(models.TextChoices):
        MANAGER = "manager", "Board manager"
        LEAD = "lead", "Lead officer"
        CHAIR = "chair", "Chair"
        AUDITOR = "auditor", "Auditor / inspector"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices)
    since = models.DateTimeField("holding a role since", default=timezone.now, editable=False)

    class Meta:
        ordering = ["board", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "board"], name="membership_one_role_per_user_and_board"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} of {self.board}"
