"""Who works at which outlet: a cashier sells only at the outlets they are assigned to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentQuerySet(models.QuerySet):
    def outlets_of(self, user):
        from gallery.models import Outlet

        if user.is_superuser:
            return Outlet.objects.active()
        return Outlet.objects.active().filter(counter_assignments__user=user)


class Assignment(models.Model):
    outlet = models.ForeignKey(
        "gallery.Outlet",
        on_delete=models.CASCADE,
        related_name="counter_assignments",
        verbose_name=_("outlet"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="counter_assignments",
        verbose_name=_("staff member"),
    )
    since = models.DateTimeField(_("assigned at"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["outlet", "user"]
        verbose_name = _("outlet assignment")
        verbose_name_plural = _("outlet assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "user"],
                name="counter_one_assignment_per_outlet_user",
                violation_error_message=_("This staff member already works at this outlet."),
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.outlet}"
