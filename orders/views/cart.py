"""The cart page and its buttons (add, change quantity, remove); every button answers with a message."""

from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.views.generic import FormView, TemplateView

from ..cart import MAX_QUANTITY, Cart
from ..forms import AddToCartForm, CartCookieForm, CartQuantityForm
from ..services import UNAVAILABLE_COOKIES

ADDED_TO_CART = "Added {quantity} × {name} to your cart."
QUANTITY_CHANGED = "You now have {quantity} × {name} in your cart."
REMOVED_FROM_CART = "Removed {name} from your cart."
CART_REPAIRED = "Part of your cart could not be read and was removed. Please check your cart."
COOKIES_GONE = "Some cookies in your cart are no longer sold and were removed."


class CartMixin:
    """Gives the view the session's cart, and tells the customer when it had to be repaired."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.cart = Cart(request.session)
        if self.cart.was_repaired:
            self.cart.save()
            messages.warning(request, CART_REPAIRED)

    def cart_lines(self):
        """The cart's lines and total; deleted cookies are dropped and unavailable ones reported."""
        lines = self.cart.lines()
        gone = set(self.cart.items) - {line.cookie.pk for line in lines}
        if gone:
            self.cart.remove(*gone)
            messages.warning(self.request, COOKIES_GONE)
        unavailable = [str(line.cookie) for line in lines if not line.cookie.is_available]
        # On a POST, place_order's error already says so.
        if unavailable and self.request.method == "GET":
            messages.warning(self.request, UNAVAILABLE_COOKIES.format(names=", ".join(unavailable)))
        return {"lines": lines, "total": sum(line.line_total for line in lines)}


class CartView(CartMixin, TemplateView):
    template_name = "orders/cart.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, **self.cart_lines(), max_quantity=MAX_QUANTITY)


class CartActionView(CartMixin, SuccessMessageMixin, FormView):
    """Base of the cart's buttons: POST only; every outcome is a message and a redirect.

    A button changes the cart in form_valid; its success_message names {name} and {quantity}.
    """

    http_method_names = ["post"]
    success_url = reverse_lazy("orders:cart")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cart": self.cart}

    def get_success_message(self, cleaned_data):
        return self.success_message.format(name=cleaned_data["cookie"], quantity=cleaned_data.get("quantity"))

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return redirect(self.get_failure_url(form))

    def get_failure_url(self, form):
        return self.success_url


class CartAddView(CartActionView):
    form_class = AddToCartForm
    success_message = ADDED_TO_CART

    def form_valid(self, form):
        self.cart.add(form.cleaned_data["cookie"].pk, form.cleaned_data["quantity"])
        return super().form_valid(form)

    def get_failure_url(self, form):
        cookie = form.cleaned_data.get("cookie")
        return cookie.get_absolute_url() if cookie else reverse("cookies:list")


class CartUpdateView(CartActionView):
    form_class = CartQuantityForm
    success_message = QUANTITY_CHANGED

    def form_valid(self, form):
        self.cart.set(form.cleaned_data["cookie"].pk, form.cleaned_data["quantity"])
        return super().form_valid(form)


class CartRemoveView(CartActionView):
    form_class = CartCookieForm
    success_message = REMOVED_FROM_CART

    def form_valid(self, form):
        self.cart.remove(form.cleaned_data["cookie"].pk)
        return super().form_valid(form)
