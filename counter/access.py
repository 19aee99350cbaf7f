"""Who may work at which counter. Checked on the server for every counter page and action."""

from gallery.models import Outlet

from .models import Assignment


def _counter_staff(user) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("counter.sell_at_counter")
    )


def works_at(user, outlet) -> bool:
    """Staff with the counter permission who are assigned to ``outlet`` (superusers everywhere)."""
    if not _counter_staff(user):
        return False
    return user.is_superuser or Assignment.objects.filter(outlet=outlet, user=user).exists()


def outlets_of(user):
    """The open outlets whose counter this user may work at."""
    if not _counter_staff(user):
        return Outlet.objects.none()
    return Assignment.objects.outlets_of(user)
