from django.urls import path

from .sitemaps import sitemap_xml

urlpatterns = [
    path("sitemap.xml", sitemap_xml, name="sitemap"),
]
