"""Root URLs: the admin, the partner API and the storefront."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
