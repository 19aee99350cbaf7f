from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import Category, Product


class CatalogueView(ListView):
    template_name = "products/product_list.html"
    paginate_by = 24

    def get_queryset(self):
        queryset = Product.objects.public().select_related("vendor", "category")
        query = self.request.GET.get("q", "").strip()[:100]
        if query:
            queryset = queryset.filter(name__icontains=query)
        return queryset


class CategoryDetailView(CatalogueView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return (
            super()
            .get_queryset()
            .filter(category__in=[self.category, *self.category.children.all()])
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class ProductDetailView(DetailView):
    template_name = "products/product_detail.html"

    def get_queryset(self):
        return Product.objects.public().select_related("vendor", "category")
