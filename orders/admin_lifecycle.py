"""The order admin's lifecycle pieces: the *cancel* action (with a confirmation page) and the *record shipment* form."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .models import Fulfilment, Order
from .services import OrderIsFinal, cancel_order, record_fulfilment

CANCELLED = "Cancelled {count} order(s)."
NOT_CANCELLED = "Not cancelled, as only placed orders can be: {orders}."
SHIPMENT_RECORDED = "Shipment recorded: order #{number} is fulfilled."


@admin.action(description="Cancel selected orders", permissions=["change"])
def cancel_orders(modeladmin, request, queryset):
    """Asks first (like Django's delete action); cancels the placed ones once confirmed."""
    orders = list(queryset.order_by("id"))
    if request.POST.get("confirm") != "yes":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": "Cancel orders?",
            "opts": modeladmin.model._meta,
            "placed": [order for order in orders if not order.is_final],
            "final": [order for order in orders if order.is_final],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/orders/order/cancel_confirmation.html", context)
    refused = []
    for order in orders:
        try:
            cancel_order(order=order)
        except OrderIsFinal:
            refused.append(f"#{order.pk}")
    if len(refused) < len(orders):
        modeladmin.message_user(request, CANCELLED.format(count=len(orders) - len(refused)), messages.SUCCESS)
    if refused:
        modeladmin.message_user(request, NOT_CANCELLED.format(orders=", ".join(refused)), messages.WARNING)
    return None


class ShipmentForm(forms.ModelForm):
    # Links without a scheme are https ones (the model accepts no other).
    tracking_url = forms.URLField(assume_scheme="https", max_length=500, required=False)

    class Meta:
        model = Fulfilment
        fields = ["carrier", "tracking_number", "tracking_url"]


def record_shipment_view(modeladmin, request, object_id):
    """The *record shipment* form of one placed order; saving it fulfils the order (record_fulfilment)."""
    order = get_object_or_404(Order, pk=object_id)
    if not modeladmin.has_change_permission(request, order):
        raise PermissionDenied
    form = ShipmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_fulfilment(order=order, **form.cleaned_data)
        except OrderIsFinal as error:
            form.add_error(None, str(error))
        else:
            modeladmin.message_user(request, SHIPMENT_RECORDED.format(number=order.pk), messages.SUCCESS)
            return redirect(reverse("admin:orders_order_change", args=[order.pk]))
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Record the shipment of order #{order.pk}",
        "opts": modeladmin.model._meta,
        "original": order,
        "form": form,
    }
    return TemplateResponse(request, "admin/orders/order/record_shipment.html", context)
