"""Storefront order URLs: the cart and its buttons, checkout and the confirmation."""

from django.urls import path

from .views import cart, checkout

app_name = "orders"

urlpatterns = [
    path("cart/", cart.CartView.as_view(), name="cart"),
    path("cart/add/", cart.CartAddView.as_view(), name="cart-add"),
    path("cart/update/", cart.CartUpdateView.as_view(), name="cart-update"),
    path("cart/remove/", cart.CartRemoveView.as_view(), name="cart-remove"),
    path("checkout/", checkout.CheckoutView.as_view(), name="checkout"),
    path("orders/<int:pk>/", checkout.ConfirmationView.as_view(), name="confirmation"),
]
