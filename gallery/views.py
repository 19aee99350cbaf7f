from urllib.parse import quote

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from products.listing import for_cards, with_card_images
from products.models import Product

from .models import Outlet, OutletPhoto, StockLevel, with_status

PRODUCTS_PER_PAGE = 24
CLOSURES_SHOWN = 6


class OutletListView(ListView):
    """Every outlet with its address, whether it is open now, and links to get there."""

    template_name = "gallery/outlet_list.html"

    def get_queryset(self):
        return Outlet.objects.listed().select_related("kecamatan").with_schedule()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        outlets = with_status(list(context["object_list"]), timezone.now())
        context["open_outlets"] = [outlet for outlet in outlets if not outlet.is_planned]
        context["planned_outlets"] = [outlet for outlet in outlets if outlet.is_planned]
        return context


class OutletDetailView(DetailView):
    """One outlet: where, when, pictures, and the products a visitor finds on its shelves."""

    template_name = "gallery/outlet_detail.html"

    def get_queryset(self):
        return (
            Outlet.objects.listed()
            .select_related("kecamatan")
            .with_schedule()
            .prefetch_related(Prefetch("photos", queryset=OutletPhoto.objects.exclude(file="")))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        outlet = self.object
        outlet.status = outlet.status_at(timezone.now())
        context["week"] = outlet.week()
        context["today"] = outlet.status.moment.weekday()
        context["closures"] = list(outlet.closures.all())[:CLOSURES_SHOWN]
        context["whatsapp_url"] = self.whatsapp_url(outlet)
        if outlet.takes_stock:
            in_stock_here = StockLevel.objects.at(outlet).in_stock().values("product_id")
            products = for_cards(Product.objects.public().filter(pk__in=in_stock_here))
            page = Paginator(products.order_by("name", "pk"), PRODUCTS_PER_PAGE).get_page(
                self.request.GET.get("page")
            )
            page.object_list = with_card_images(page.object_list)
            context["page_obj"] = page
            context["products"] = page.object_list
        return context

    @staticmethod
    def whatsapp_url(outlet):
        if not outlet.whatsapp_url:
            return ""
        text = _("Hello %(outlet)s, I have a question:") % {"outlet": outlet.name}
        return f"{outlet.whatsapp_url}?text={quote(text)}"
