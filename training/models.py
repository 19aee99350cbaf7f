from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TrainingSessionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self):
        """Published sessions that have not started yet, soonest first."""
        return self.published().filter(starts_at__gt=timezone.now()).order_by("starts_at", "pk")

    def with_seats(self):
        """Annotate ``seats_taken``: the active sign-ups (cancelled ones free their seat)."""
        return self.annotate(
            seats_taken=Count("signups", filter=Q(signups__cancelled_at__isnull=True))
        )


class TrainingSession(models.Model):
    """A training session ("pelatihan") the district offers to UMKM."""

    class Topic(models.TextChoices):
        ECOMMERCE = "ecommerce", _("Selling online (e-commerce)")
        DIGITAL_CONTENT = "digital_content", _("Digital content")
        LIVE_SELLING = "live_selling", _("Broadcasting and live selling")
        PHOTOGRAPHY = "photography", _("Product photography")
        PACKAGING = "packaging", _("Packaging")
        LICENSING = "licensing", _("Licensing (perizinan: NIB, P-IRT, halal)")
        FINANCE = "finance", _("Bookkeeping and finance")

    title = models.CharField(_("title"), max_length=150)
    title_en = models.CharField(_("title in English"), max_length=150, blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_("Where it happens, for example Aula Dinas Koperasi dan UKM, Purwakarta."),
    )
    online_url = models.URLField(
        _("online link"),
        max_length=300,
        blank=True,
        help_text=_("The meeting link, when the session is online (Zoom, Google Meet, …)."),
    )
    quota = models.PositiveSmallIntegerField(
        _("seats"), help_text=_("How many vendors can attend.")
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Published sessions show on the public page and vendors can sign up."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["is_published", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(quota__gte=1),
                name="training_session_quota_positive",
                violation_error_message=_("A session needs at least one seat."),
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""),
                name="training_session_place_or_link",
                violation_error_message=_("Give the place, the online link, or both."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("training:session-detail", kwargs={"pk": self.pk})

    def clean(self):
        if self.pk and self.quota is not None:
            taken = self.signups.active().count()
            if self.quota < taken:
                raise ValidationError(
                    {
                        "quota": _(
                            "%(n)s vendors are already signed up: the number of seats cannot be "
                            "lower."
                        )
                        % {"n": taken}
                    }
                )

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    @property
    def seats_left(self):
        """Needs ``with_seats()``."""
        return max(self.quota - self.seats_taken, 0)

    @property
    def is_full(self):
        return self.seats_left == 0


class SignUpQuerySet(models.QuerySet):
    def active(self):
        return self.filter(cancelled_at__isnull=True)


class SignUp(models.Model):
    """An approved vendor's seat at a session. Cancelling keeps the row and frees the seat."""

    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        related_name="signups",
        verbose_name=_("session"),
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        related_name="training_signups",
        verbose_name=_("vendor"),
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("signed up by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )

    objects = SignUpQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "vendor"],
                condition=Q(cancelled_at__isnull=True),
                name="training_one_active_signup_per_vendor",
            ),
        ]

    def __str__(self):
        return f"{self.vendor} → {self.session}"

    @property
    def is_active(self):
        return self.cancelled_at is None
