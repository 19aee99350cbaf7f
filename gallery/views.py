from django.views.generic import DetailView, ListView

from .models import Outlet


class OutletListView(ListView):
    template_name = "gallery/outlet_list.html"

    def get_queryset(self):
        return Outlet.objects.filter(is_active=True).select_related("kecamatan")


class OutletDetailView(DetailView):
    template_name = "gallery/outlet_detail.html"

    def get_queryset(self):
        return Outlet.objects.filter(is_active=True).select_related("kecamatan")
