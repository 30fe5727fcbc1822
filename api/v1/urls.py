"""Routes of API v1: /api/v1/orders and /api/v1/cookies, and the browsable root."""

from api.routers import OptionalSlashRouter

from .views import CookieViewSet, OrderViewSet

router = OptionalSlashRouter()
router.register("orders", OrderViewSet, basename="order")
router.register("cookies", CookieViewSet, basename="cookie")

urlpatterns = router.urls
