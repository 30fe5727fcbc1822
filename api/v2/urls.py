"""Routes of API v2: orders (their fulfillment, their export), cookies, events, the calling key, the browsable root."""

from django.urls import re_path

from api.routers import version_router

from .events import EventViewSet
from .fulfillment import OrderFulfillmentView
from .views import CookieViewSet, KeyView, OrderViewSet

router = version_router(orders=OrderViewSet, cookies=CookieViewSet)
router.register("events", EventViewSet, basename="event")
urlpatterns = [
    re_path(r"^orders/(?P<pk>[^/]+)/fulfillment/?$", OrderFulfillmentView.as_view(), name="order-fulfillment"),
    re_path(r"^key/?$", KeyView.as_view(), name="key"),
    *router.urls,
]
