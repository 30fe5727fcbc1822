"""Catalogue pages: the cookies on sale and one cookie with its add-to-cart form."""

from django.views.generic import DetailView, ListView

from .models import Cookie


class CookieListView(ListView):
    """The home page: every cookie on sale."""

    context_object_name = "cookies"

    def get_queryset(self):
        return Cookie.objects.available()


class CookieDetailView(DetailView):
    """One cookie; its form posts to `orders:cart-add`, where the orders app validates it."""

    context_object_name = "cookie"

    def get_queryset(self):
        # A withdrawn cookie's page is a 404, like one that never existed.
        return Cookie.objects.available()
