"""Routes of API v2: orders (and an order's fulfillment), cookies (v1's catalogue as it is), the browsable root."""

from django.urls import re_path

from api.routers import version_router
from api.v1.views import CookieViewSet

from .fulfillment import OrderFulfillmentView
from .views import OrderViewSet

router = version_router(orders=OrderViewSet, cookies=CookieViewSet)
urlpatterns = [
    re_path(r"^orders/(?P<pk>[^/]+)/fulfillment/?$", OrderFulfillmentView.as_view(), name="order-fulfillment"),
    *router.urls,
]
