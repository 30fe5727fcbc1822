"""Checkout (the address form that places the order through place_order) and the confirmation page."""

import logging

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError
from django.shortcuts import redirect
from django.views.generic import DetailView, FormView

from ..checkout import CheckoutSession
from ..forms import CheckoutForm
from ..selectors import orders_placed_by
from ..services import EMPTY_CART, OrderError, place_order
from .cart import CartMixin

logger = logging.getLogger(__name__)

CHECK_THE_FORM = "Please correct the errors below."
ORDER_PLACED = "Thank you! Your order number is {number}."
ALREADY_PLACED = "This order was already placed; here it is."
ORDER_IN_PROGRESS = "Your order is still being placed. Please wait a moment and send the form again."
ORDER_FAILED = "We could not place your order. Nothing was saved; please try again."
CHECKOUT_EXPIRED = "This checkout form has expired. Please check your details and place the order again."


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
        if not self.checkout.claim(self.token):
            return self.await_twin(form)
        try:
            order = place_order(cart=dict(self.cart.items), address=form.save(commit=False))
        except Exception as error:
            # Nothing was saved: give the token back so that the form can be sent again.
            self.checkout.release(self.token)
            if isinstance(error, OrderError):
                return self.refuse(form, str(error))
            if isinstance(error, DatabaseError):
                logger.exception("Placing an order failed; it was rolled back")
                return self.refuse(form, ORDER_FAILED)
            raise
        messages.success(self.request, ORDER_PLACED.format(number=order.pk))
        return self.confirm(order.pk)

    def await_twin(self, form):
        """A copy of this form sent at the same moment holds the claim: show its order once placed."""
        order_id = self.checkout.wait_for_order(self.token)
        if order_id is None:
            return self.refuse(form, ORDER_IN_PROGRESS)
        return self.confirm(order_id)

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


class ConfirmationView(DetailView):
    """An order's confirmation, shown only to the session that placed it (ids are guessable)."""

    template_name = "orders/confirmation.html"
    context_object_name = "order"

    def get_queryset(self):
        return orders_placed_by(order_ids=CheckoutSession(self.request.session).placed_orders().values())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, total=self.object.total)
