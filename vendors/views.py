from django.views.generic import DetailView, ListView

from .models import Vendor


class VendorListView(ListView):
    template_name = "vendors/vendor_list.html"
    paginate_by = 24

    def get_queryset(self):
        return Vendor.objects.approved().select_related("kecamatan")


class VendorDetailView(DetailView):
    template_name = "vendors/vendor_detail.html"

    def get_queryset(self):
        return Vendor.objects.approved().select_related("kecamatan")
