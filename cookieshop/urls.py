"""Root URLs: the admin, the partner API and the storefront."""

from django.contrib import admin
from django.urls import include, path

from api.views import same_as_with_slash

urlpatterns = [
    path("admin/", admin.site.urls),
    # The API root answers without its trailing slash too, like every API path.
    path("api", same_as_with_slash),
    path("api/", include(("api.urls", "api"))),
    # Storefront: the catalogue at the root, then the cart, checkout and confirmations.
    path("", include("cookies.urls")),
    path("", include("orders.urls")),
]

# JSON errors under /api/, Django's own pages elsewhere.
handler400 = "api.exceptions.bad_request"
handler403 = "api.exceptions.permission_denied"
handler404 = "api.exceptions.page_not_found"
handler500 = "api.exceptions.server_error"
