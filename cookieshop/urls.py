"""Root URLs: the admin, the partner API and the storefront."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Storefront: the catalogue at the root, then the cart, checkout and confirmations.
    path("", include("cookies.urls")),
    path("", include("orders.urls")),
]
