"""Routes of API v1: /api/v1/orders and /api/v1/cookies, and the browsable root."""

from api.routers import version_router

from .views import CookieViewSet, OrderViewSet

router = version_router(orders=OrderViewSet, cookies=CookieViewSet)
urlpatterns = router.urls
