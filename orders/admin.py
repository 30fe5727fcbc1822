"""Admin for orders: staff read and correct orders, their lines and addresses."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html

from .admin_lifecycle import cancel_orders, record_shipment_view
from .models import Address, CookieOrder, Order
from .selectors import orders_for_admin
from .services import edit_order, update_notes


class CookieOrderInline(admin.TabularInline):
    model = CookieOrder
    extra = 0
    min_num = 1
    fields = ["cookie", "number_of_cookies", "unit_price", "line_total"]
    readonly_fields = ["line_total"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cookie")

    # Fulfilled and cancelled orders keep their lines as they were.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_final)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_final)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_final)

    def get_formset(self, request, obj=None, **kwargs):
        # min_num alone only sets how many empty rows to show; an order keeps a line.
        return super().get_formset(request, obj, validate_min=True, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "cookie":
            # Every row's select would run its own query for the cookie list;
            # evaluate it once per request and share the choices between rows.
            if not hasattr(request, "_cookie_choices"):
                request._cookie_choices = list(field.choices)
            field.choices = request._cookie_choices
        return field

    @admin.display(description="line total")
    def line_total(self, obj):
        return obj.line_total if obj.pk else "—"


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["id", "date", "status", "customer_name", "city", "number_of_items", "total"]
    list_display_links = ["id", "date"]
    list_filter = ["status", "date", "address__country"]
    date_hierarchy = "date"
    search_fields = ["address__name", "address__city", "address__zip"]
    # The address is edited through its own form (the pencil next to it);
    # autocomplete renders only the chosen one instead of every address.
    autocomplete_fields = ["address"]
    # Set when the order is placed and by the services: partners sync by them.
    readonly_fields = ["date", "status", "updated_at", "shipment"]
    fields = ["date", "status", "updated_at", "shipment", "address", "notes"]
    inlines = [CookieOrderInline]
    actions = [cancel_orders]

    def get_readonly_fields(self, request, obj=None):
        if obj and obj.is_final:
            return [name for name in self.fields if name != "notes"]
        return self.readonly_fields

    def get_urls(self):
        ship = self.admin_site.admin_view(lambda request, object_id: record_shipment_view(self, request, object_id))
        return [path("<path:object_id>/ship/", ship, name="orders_order_ship"), *super().get_urls()]

    @admin.display(description="shipment")
    def shipment(self, obj):
        try:
            shipped = obj.fulfilment
        except Order.fulfilment.RelatedObjectDoesNotExist:
            if obj.is_final:
                return "—"
            return format_html('<a href="{}">Record shipment</a>', reverse("admin:orders_order_ship", args=[obj.pk]))
        return (
            f"{shipped.carrier} {shipped.tracking_number}, {shipped.fulfilled_at:%Y-%m-%d %H:%M} {shipped.tracking_url}"
        )

    def save_model(self, request, obj, form, change):
        """Saved in save_related, with the lines, through the services (orders.services)."""

    def save_related(self, request, form, formsets, change):
        order = form.instance
        if any(formset.has_changed() for formset in formsets) or set(form.changed_data) - {"notes"}:

            def save_changes():
                form.save()
                super(OrderAdmin, self).save_related(request, form, formsets, change)

            edit_order(order=order, save_changes=save_changes)
            return
        if "notes" in form.changed_data:
            # Staff-only notes are no change of the order that partners see.
            update_notes(order=order, notes=form.cleaned_data["notes"])
        # Saves nothing (no line changed); sets what the admin's change message reads.
        super().save_related(request, form, formsets, change)

    def has_add_permission(self, request):
        # Orders are placed through checkout (orders.services.place_order), which
        # prices the lines; staff correct them here.
        return False

    def has_delete_permission(self, request, obj=None):
        # Partners have synced the order: deleting it would vanish without a change
        # they can see (no updated_at, no event). Staff cancel a placed order instead.
        return False

    def get_queryset(self, request):
        return orders_for_admin()

    @admin.display(description="customer", ordering="address__name")
    def customer_name(self, obj):
        return obj.address.name

    @admin.display(ordering="address__city")
    def city(self, obj):
        return obj.address.city

    @admin.display(description="items", ordering="number_of_items")
    def number_of_items(self, obj):
        return obj.number_of_items

    @admin.display(ordering="total")
    def total(self, obj):
        return f"{obj.total:.2f}"  # SQLite sums in floating point: show cents


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "city", "zip", "country"]
    search_fields = ["name", "street", "city", "zip"]
    list_filter = ["country"]

    def has_change_permission(self, request, obj=None):
        # The address of a fulfilled or cancelled order stays as it was shipped (or not).
        order = _order_of(obj)
        return super().has_change_permission(request, obj) and not (order and order.is_final)

    def save_model(self, request, obj, form, change):
        order = _order_of(obj)
        if order is None:
            obj.save()
        else:
            edit_order(order=order, save_changes=obj.save)


def _order_of(address):
    return Order.objects.filter(address=address).first() if address and address.pk else None
