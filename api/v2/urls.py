"""Routes of API v2: /api/v2/orders and /api/v2/cookies, and the browsable root."""

from api.routers import OptionalSlashRouter

from .views import CookieViewSet, OrderViewSet

router = OptionalSlashRouter()
router.register("orders", OrderViewSet, basename="order")
router.register("cookies", CookieViewSet, basename="cookie")

urlpatterns = router.urls
