from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from ..access import outlets_of


@login_required
def home(request):
    """The outlets this staff member sells at; straight to the counter when there is one."""
    outlets = list(outlets_of(request.user))
    if not outlets:
        raise PermissionDenied
    if len(outlets) == 1:
        return redirect("counter:sell", outlet=outlets[0].slug)
    return render(request, "counter/home.html", {"outlets": outlets})
