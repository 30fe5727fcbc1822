"""Storefront order URLs: the cart and its buttons."""

from django.urls import path

from .views import cart

app_name = "orders"

urlpatterns = [
    path("cart/", cart.CartView.as_view(), name="cart"),
    path("cart/add/", cart.CartAddView.as_view(), name="cart-add"),
    path("cart/update/", cart.CartUpdateView.as_view(), name="cart-update"),
    path("cart/remove/", cart.CartRemoveView.as_view(), name="cart-remove"),
]
