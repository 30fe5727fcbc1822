"""The project's URLs plus two views whose database is down, one under /api/ and one outside it."""

from django.db import OperationalError
from django.urls import include, path


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def session_then_database_down(request):
    request.session["cart"] = {"1": 2}
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [
    path("shelf/", database_down),
    path("cart-probe/", session_then_database_down),
    path("api/probe/", database_down),
    path("", include("cookieshop.urls")),
]
