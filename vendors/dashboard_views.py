"""The vendor dashboard (/dasbor/): status, profile, pictures. Every page is the account's own."""

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.uploads import upload_owner

from . import services
from .access import vendor_required
from .forms import LogoForm, PhotosForm, VendorProfileForm
from .models import Vendor, VendorImage

RESEND_INTERVAL_SECONDS = 60


@vendor_required
def dashboard_home(request):
    vendor = request.vendor
    return render(
        request,
        "vendors/dashboard_home.html",
        {
            "vendor": vendor,
            "email_verified": vendor.user.email_verified,
            "can_submit": vendor.status in (Vendor.Status.DRAFT, Vendor.Status.REJECTED),
        },
    )


@vendor_required
@require_POST
def submit(request):
    """Send a draft (email confirmed) or a corrected, rejected registration to staff."""
    vendor = request.vendor
    action = (
        services.vendor_resubmit
        if vendor.status == Vendor.Status.REJECTED
        else services.vendor_submit
    )
    try:
        action(vendor=vendor, by=request.user)
    except services.VendorError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your registration is with the district staff."))
    return redirect("dashboard-vendors:home")


@vendor_required
@require_POST
def resend_verification(request):
    vendor = request.vendor
    if vendor.user.email_verified:
        return redirect("dashboard-vendors:home")
    # One email a minute at most, however often the button is pressed.
    if cache.add(f"vendors:verification-sent:{vendor.user_id}", 1, RESEND_INTERVAL_SECONDS):
        services.vendor_send_verification(vendor=vendor)
    messages.info(request, _("We sent a new link to %(email)s.") % {"email": vendor.user.email})
    return redirect("dashboard-vendors:home")


@vendor_required
def profile_edit(request):
    # A copy of the vendor: an invalid form must not leak into the page's other parts.
    instance = Vendor.objects.get(pk=request.vendor.pk)
    form = VendorProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        change = services.vendor_update_profile(
            vendor=instance,
            by=request.user,
            data=form.profile_data(),
            categories=form.selected_categories() if "categories" in form.fields else None,
            links=form.links_data(),
        )
        if change is None:
            messages.info(request, _("Nothing changed."))
        else:
            messages.success(request, _("Your profile is saved."))
        return redirect("dashboard-vendors:home")
    return render(
        request, "vendors/vendor_profile_form.html", {"vendor": request.vendor, "form": form}
    )


def _pictures_page(request, logo_form=None, photos_form=None, status=200):
    vendor = request.vendor
    images = list(vendor.images.all())
    photos = [image for image in images if image.kind == VendorImage.Kind.PHOTO]
    room = VendorImage.MAX_PHOTOS - len(photos)
    return render(
        request,
        "vendors/vendor_pictures.html",
        {
            "vendor": vendor,
            "logo": next((i for i in images if i.kind == VendorImage.Kind.LOGO), None),
            "photos": photos,
            "room": room,
            "logo_form": logo_form or LogoForm(),
            "photos_form": photos_form or (PhotosForm(room=room) if room > 0 else None),
        },
        status=status,
    )


@vendor_required
def pictures(request):
    return _pictures_page(request)


@vendor_required
@require_POST
def logo_upload(request):
    form = LogoForm(request.POST, request.FILES, upload_owner=upload_owner(request))
    if not form.is_valid():
        form.keep_uploads()
        return _pictures_page(request, logo_form=form)
    services.vendor_set_logo(
        vendor=request.vendor, by=request.user, upload=form.cleaned_data["logo"]
    )
    form.discard_kept()
    messages.success(request, _("Your new logo is saved."))
    return redirect("dashboard-vendors:pictures")


@vendor_required
@require_POST
def photos_add(request):
    room = (
        VendorImage.MAX_PHOTOS - request.vendor.images.filter(kind=VendorImage.Kind.PHOTO).count()
    )
    form = PhotosForm(
        request.POST, request.FILES, room=max(room, 0), upload_owner=upload_owner(request)
    )
    if room <= 0 or not form.is_valid():
        if room <= 0:
            form.add_error(None, _("You already have 6 photos: remove one to add another."))
        else:
            form.keep_uploads()
        return _pictures_page(request, photos_form=form)
    try:
        added = services.vendor_add_photos(
            vendor=request.vendor, by=request.user, uploads=form.cleaned_data["photos"]
        )
    except services.VendorError as exc:
        form.add_error("photos", str(exc))
        return _pictures_page(request, photos_form=form)
    form.discard_kept()
    messages.success(
        request,
        ngettext("%(count)d photo added.", "%(count)d photos added.", len(added))
        % {"count": len(added)},
    )
    return redirect("dashboard-vendors:pictures")


@vendor_required
@require_POST
def picture_delete(request, pk):
    picture = get_object_or_404(VendorImage, pk=pk, vendor=request.vendor)
    services.vendor_remove_photo(photo=picture, by=request.user)
    messages.success(request, _("The picture is removed."))
    return redirect("dashboard-vendors:pictures")
