"""Routes of API v2: /api/v2/orders (and its export), /api/v2/cookies, /api/v2/key, and the browsable root."""

from django.urls import re_path

from api.routers import OptionalSlashRouter

from .views import CookieViewSet, KeyView, OrderViewSet

router = OptionalSlashRouter()
router.register("orders", OrderViewSet, basename="order")
router.register("cookies", CookieViewSet, basename="cookie")

urlpatterns = [re_path(r"^key/?$", KeyView.as_view(), name="key"), *router.urls]
