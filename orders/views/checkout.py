"""Checkout (the address form that places the order through place_order) and the confirmation page."""

import logging
import math

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.views.generic import DetailView, FormView

from ..checkout_limit import CheckoutLimit
from ..checkout_session import CheckoutSession
from ..forms import CheckoutForm
from ..selectors import orders_placed_by
from ..services import EMPTY_CART, OrderError, place_order
from .cart import CartMixin

logger = logging.getLogger(__name__)

CHECK_THE_FORM = "Please correct the errors below."
ORDER_PLACED = "Thank you! Your order number is {number}."
ALREADY_PLACED = "This order was already placed; here it is."
ORDER_FAILED = "We could not place your order. Nothing was saved; please try again."
CHECKOUT_EXPIRED = "This checkout form has expired. Please check your details and place the order again."
CHECKOUT_LIMITED = "Too many orders from your address in a short time. Please try again in {wait}."


class CheckoutView(CartMixin, FormView):
    """The address form; a valid one places the order through place_order, once per form token."""

    form_class = CheckoutForm
    template_name = "orders/checkout.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.checkout = CheckoutSession(request.session)

    def get(self, request, *args, **kwargs):
        if not self.cart:
            return self.empty_cart()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.token = request.POST.get("token", "")
        order_id = self.checkout.order_for(self.token)
        if order_id is not None:
            # The same form again (a reload, the back button, a double click): show its order.
            messages.info(request, ALREADY_PLACED)
            return self.confirm(order_id)
        if not self.cart:
            return self.empty_cart()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if not self.checkout.is_pending(self.token):
            return self.refuse(form, CHECKOUT_EXPIRED)
        verdict = CheckoutLimit(self.request).check(self.token)
        if not verdict.allowed:
            return self.limited(verdict.retry_after)
        try:
            # A copy of this form already placed (or placing) its order: place_order returns that one.
            order = place_order(cart=dict(self.cart.items), address=form.save(commit=False), checkout_token=self.token)
        except OrderError as error:
            return self.refuse(form, str(error))
        except DatabaseError:
            # Rolled back, nothing saved: the same form can be sent again.
            logger.exception("Placing an order failed; it was rolled back")
            return self.refuse(form, ORDER_FAILED)
        messages.success(self.request, ORDER_PLACED.format(number=order.pk))
        return self.confirm(order.pk)

    def limited(self, retry_after: int):
        """The 429 page: nothing was saved, and the cart stays for later."""
        message = CHECKOUT_LIMITED.format(wait=wait_text(retry_after))
        response = render(self.request, "orders/checkout_limited.html", {"message": message}, status=429)
        response["Retry-After"] = str(retry_after)
        return response

    def confirm(self, order_id):
        self.checkout.settle(self.token, order_id)
        self.cart.clear()
        return redirect("orders:confirmation", pk=order_id)

    def refuse(self, form, message):
        form.add_error(None, message)
        return self.form_invalid(form)

    def empty_cart(self):
        messages.error(self.request, EMPTY_CART)
        return redirect("orders:cart")

    def form_invalid(self, form):
        # Errors about the whole order go on top; field errors stay next to their field.
        for error in form.non_field_errors():
            messages.error(self.request, error)
        if set(form.errors) - {NON_FIELD_ERRORS}:
            messages.error(self.request, CHECK_THE_FORM)
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, **self.cart_lines(), token=self.checkout.token())


def wait_text(seconds: int) -> str:
    """`59 minutes`, `1 minute`, `30 seconds`: how long to wait, rounded up."""
    amount, unit = (seconds, "second") if seconds < 60 else (math.ceil(seconds / 60), "minute")
    return f"{amount} {unit}{'' if amount == 1 else 's'}"


class ConfirmationView(DetailView):
    """An order's confirmation, shown only to the session that placed it (ids are guessable)."""

    template_name = "orders/confirmation.html"
    context_object_name = "order"

    def get_queryset(self):
        return orders_placed_by(order_ids=CheckoutSession(self.request.session).placed_orders().values())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, total=self.object.total)
