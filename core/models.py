from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kecamatan(models.Model):
    """One of the 17 districts of Kabupaten Purwakarta, with its Kemendagri code."""

    code = models.CharField(_("Kemendagri code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.name


class ImageAsset(models.Model):
    """An uploaded picture as the image pipeline stores it (``core.images``).

    ``file`` is the cleaned original (re-encoded, no metadata); ``renditions`` maps a width to
    the storage names of its WebP and JPEG versions: ``{"320": {"webp": ..., "jpeg": ...}}``.
    """

    file = models.FileField(_("image"), max_length=255, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def _rendition_widths(self):
        return sorted(int(w) for w in self.renditions)

    def rendition_url(self, width, fmt="webp"):
        from django.core.files.storage import default_storage

        widths = self._rendition_widths()
        if not widths:
            return default_storage.url(self.file.name) if self.file else ""
        chosen = next((w for w in widths if w >= width), widths[-1])
        return default_storage.url(self.renditions[str(chosen)][fmt])

    def srcset(self, fmt="webp"):
        from django.core.files.storage import default_storage

        return ", ".join(
            f"{default_storage.url(self.renditions[str(w)][fmt])} {w}w"
            for w in self._rendition_widths()
        )

    def rendition_height(self, width):
        if not self.width or not self.height:
            return None
        return round(self.height * min(width, self.width) / self.width)

    def stored_names(self):
        names = [self.file.name] if self.file else []
        for formats in self.renditions.values():
            names.extend(formats.values())
        return names


class ChangeRecord(models.Model):
    """Who made a recorded change, and when: what every history row of the site carries."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        abstract = True


class OutgoingEmail(models.Model):
    """An email the site has to send, kept until it is delivered.

    A row is written in the same transaction as the change that causes the email, with a task
    for the worker beside it (``core.outbox``): an email for a change that rolled back never
    exists, and one for a change that committed survives a mail server outage and is retried.
    Bodies that hold a secret link (verification, password reset) are ``sensitive``: never shown
    in the admin, and erased once delivered.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        RETRYING = "retrying", _("Failed, will try again")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    to = models.JSONField(_("to"), default=list)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"), blank=True)
    sensitive = models.BooleanField(_("contains a secret link"), default=False)
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        permissions = [("resend_outgoingemail", _("Can send a failed email again"))]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
