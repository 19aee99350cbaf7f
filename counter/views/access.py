"""Every counter page goes through ``counter_page``: the outlet comes from the URL, and only staff
assigned to it (with the counter permission) get past. Anonymous visitors go to the login page;
anybody else signed in gets 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.audit import audit
from gallery.models import Outlet

from ..access import works_at


def counter_page(view):
    @wraps(view)
    def wrapper(request, outlet, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        outlet = get_object_or_404(Outlet.objects.active(), slug=outlet)
        if not works_at(request.user, outlet):
            audit("counter_refused", request=request, outlet=outlet.pk)
            raise PermissionDenied
        request.outlet = outlet
        return view(request, outlet, *args, **kwargs)

    return wrapper
