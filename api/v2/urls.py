"""Routes of API v2: /api/v2/orders and /api/v2/cookies (v1's catalogue as it is), and the browsable root."""

from api.routers import version_router
from api.v1.views import CookieViewSet

from .views import OrderViewSet

router = version_router(orders=OrderViewSet, cookies=CookieViewSet)
urlpatterns = router.urls
