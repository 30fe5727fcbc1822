"""Routes of API v2: /api/v2/orders, /api/v2/cookies, /api/v2/events, and the browsable root."""

from api.routers import OptionalSlashRouter

from .events import EventViewSet
from .views import CookieViewSet, OrderViewSet

router = OptionalSlashRouter()
router.register("orders", OrderViewSet, basename="order")
router.register("cookies", CookieViewSet, basename="cookie")
router.register("events", EventViewSet, basename="event")

urlpatterns = router.urls
