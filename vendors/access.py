"""Access to the vendor dashboard, for this app's pages and the other apps' pages under /dasbor/.

``@vendor_required`` (functions) and ``VendorRequiredMixin`` (class-based views): anonymous
visitors go to the login page; a logged-in account without a business gets a 403 page that
offers the registration; otherwise ``request.vendor`` is the account's business. Scope every
object to ``request.vendor`` (answer 404 for anything else). ``approved=True`` also refuses
(403) a business that is not approved.
"""

import logging
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render

from core.audit import audit

from .models import Vendor


def _attach_vendor(request, vendor, approved):
    """Set ``request.vendor``, or return the 403 response when the account may not enter."""
    if vendor is None:
        audit("permission_denied", request=request, level=logging.WARNING, reason="no_vendor")
        return render(request, "vendors/dashboard_no_vendor.html", status=403)
    request.vendor = vendor
    if approved and not vendor.is_approved:
        audit(
            "permission_denied",
            request=request,
            level=logging.WARNING,
            reason="vendor_not_approved",
            vendor=vendor.pk,
        )
        return render(
            request, "vendors/dashboard_not_approved.html", {"vendor": vendor}, status=403
        )
    return None


def _vendor_of(user):
    vendor = Vendor.objects.select_related("kecamatan").filter(user=user).first()
    if vendor is not None:
        # Kept on the user too, so templates asking `user.vendor` (the header) need no query;
        # setting it also sets `vendor.user` to this user.
        user.vendor = vendor
    return vendor


def vendor_required(view=None, *, approved=False):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            vendor = _vendor_of(request.user)
            refusal = _attach_vendor(request, vendor, approved)
            if refusal is not None:
                return refusal
            return view(request, *args, **kwargs)

        return wrapper

    return decorator(view) if view is not None else decorator


class VendorRequiredMixin(LoginRequiredMixin):
    vendor_must_be_approved = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        vendor = _vendor_of(request.user)
        refusal = _attach_vendor(request, vendor, self.vendor_must_be_approved)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)
