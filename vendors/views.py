"""Public pages: the directory of approved vendors, a vendor's page, registration, verification."""

from urllib.parse import quote

from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from accounts.services import VerificationError
from core.pagecache import Parameters, parameters_checked
from core.uploads import upload_owner
from products.listing import product_listing
from products.listing.filters import ListingFilterForm
from products.models import Category

from . import services
from .forms import VendorFilterForm, VendorRegistrationForm
from .models import Vendor, VendorImage


class VendorListView(ListView):
    template_name = "vendors/vendor_list.html"
    paginate_by = 24
    page_parameters = Parameters.from_form(VendorFilterForm, page=True)

    def get_queryset(self):
        self.filter_form = VendorFilterForm(self.request.GET or None)
        filters = self.filter_form.filters()
        queryset = (
            Vendor.objects.approved()
            .select_related("kecamatan")
            .prefetch_related("categories")
            .with_logo()
            .order_by("business_name", "pk")
        )
        if "kecamatan" in filters:
            queryset = queryset.filter(kecamatan=filters["kecamatan"])
        if "category" in filters:
            queryset = queryset.filter(categories=filters["category"])
        return queryset

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            filter_form=self.filter_form,
            filtered=bool(self.filter_form.filters()),
            query_string=query.urlencode(),
            **kwargs,
        )
        parameters_checked(self.request, form=self.filter_form, page=context["page_obj"])
        return context


class VendorDetailView(DetailView):
    """An approved vendor's page; any other vendor is 404."""

    template_name = "vendors/vendor_detail.html"
    page_parameters = Parameters.from_form(ListingFilterForm, exclude=("kecamatan",), page=True)

    def get_queryset(self):
        return (
            Vendor.objects.approved()
            .select_related("kecamatan")
            .prefetch_related(
                Prefetch("categories", queryset=Category.objects.order_by("position", "name_id")),
                "links",
                Prefetch("images", queryset=VendorImage.objects.order_by("kind", "position", "pk")),
            )
        )

    def get_context_data(self, **kwargs):
        vendor = self.object
        images = list(vendor.images.all())
        context = {
            "logo": next((i for i in images if i.kind == VendorImage.Kind.LOGO), None),
            "photos": [i for i in images if i.kind == VendorImage.Kind.PHOTO],
        }
        if vendor.show_whatsapp:
            greeting = _(
                "Hello %(business)s, I saw your page on Galeri Menong and would like to ask "
                "about your products."
            ) % {"business": vendor.business_name}
            context["whatsapp_url"] = (
                f"https://wa.me/{vendor.whatsapp_digits}?text={quote(greeting)}"
            )
        # The vendor's goods, through the same filtered listing as the catalogue.
        context.update(
            product_listing(self.request, vendor.products.all(), exclude_filters=("kecamatan",))
        )
        listing = context["listing"]
        parameters_checked(self.request, form=listing.form, page=listing.page_obj)
        return super().get_context_data(**context, **kwargs)


class VendorRegisterView(FormView):
    """Register a business: a new account with it, or the logged-in account's own business."""

    template_name = "vendors/vendor_register.html"
    form_class = VendorRegistrationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and Vendor.objects.filter(user=request.user).exists():
            return redirect("dashboard-vendors:home")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "upload_owner": upload_owner(self.request),
        }

    def form_invalid(self, form):
        form.keep_uploads()
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.user
        try:
            services.vendor_register(
                profile={**form.profile_data(), "language": get_language() or "id"},
                categories=form.selected_categories(),
                links=form.links_data(),
                logo=form.cleaned_data.get("logo"),
                photos=form.cleaned_data.get("photos") or [],
                user=user,
                email=form.cleaned_data.get("email", ""),
                password=form.cleaned_data.get("password1", ""),
            )
            form.discard_kept()
        except (IntegrityError, services.VendorError):
            # A double submit, or another registration with this address won the race.
            if user is not None and Vendor.objects.filter(user=user).exists():
                return redirect("dashboard-vendors:home")
            if user is not None:
                raise
        if user is not None:
            messages.success(self.request, _("Thank you! Your registration is on its way."))
            return redirect("dashboard-vendors:home")
        # Answered alike for a new address and a taken one (whose owner is emailed instead):
        # nobody is logged in, and the emailed link leads on to the dashboard.
        messages.success(
            self.request,
            _(
                "Thank you! We sent a link to %(email)s: open it to confirm your address and "
                "send your registration to the district staff, then log in."
            )
            % {"email": form.cleaned_data["email"]},
        )
        dashboard = reverse("dashboard-vendors:home")
        return redirect(f"{reverse('accounts:login')}?next={quote(dashboard)}")


def vendor_verify(request, token):
    """The link in the verification email: confirm the address, send the registration."""
    try:
        vendor = services.vendor_confirm_email(token=token)
    except VerificationError as exc:
        return render(request, "vendors/vendor_verify_failed.html", {"error": str(exc)}, status=400)
    if vendor is None:
        messages.success(request, _("Thank you, your email address is confirmed."))
        return redirect("accounts:home" if request.user.is_authenticated else "accounts:login")
    messages.success(
        request,
        _(
            "Thank you, your email address is confirmed. Your registration is with the district "
            "staff; we will email you when they have reviewed it."
        ),
    )
    dashboard = reverse("dashboard-vendors:home")
    if request.user.is_authenticated and request.user.pk == vendor.user_id:
        return redirect(dashboard)
    return redirect(f"{reverse('accounts:login')}?next={quote(dashboard)}")
