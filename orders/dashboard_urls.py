"""Pages of the vendor dashboard (/dasbor/) that belong to this app."""

app_name = "dashboard-orders"

urlpatterns = []
