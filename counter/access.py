"""Who may work at which counter. Checked on the server for every counter page and action."""

from .models import Assignment


def works_at(user, outlet) -> bool:
    """Staff with the counter permission who are assigned to ``outlet`` (superusers everywhere)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if not user.has_perm("counter.sell_at_counter"):
        return False
    if user.is_superuser:
        return True
    return Assignment.objects.filter(outlet=outlet, user=user).exists()


def outlets_of(user):
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return Assignment.objects.none()
    if not user.has_perm("counter.sell_at_counter"):
        return Assignment.objects.none()
    return Assignment.objects.outlets_of(user)
