"""Routes of API v2: /api/v2/orders (and an order's fulfillment), /api/v2/cookies, and the browsable root."""

from django.urls import re_path

from api.routers import OptionalSlashRouter

from .fulfillment import OrderFulfillmentView
from .views import CookieViewSet, OrderViewSet

router = OptionalSlashRouter()
router.register("orders", OrderViewSet, basename="order")
router.register("cookies", CookieViewSet, basename="cookie")

urlpatterns = [
    re_path(r"^orders/(?P<pk>[^/]+)/fulfillment/?$", OrderFulfillmentView.as_view(), name="order-fulfillment"),
    *router.urls,
]
