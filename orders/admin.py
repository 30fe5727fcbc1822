"""Admin for orders: staff read and correct orders, their lines and addresses."""

from django.contrib import admin

from .models import Address, CookieOrder, Order
from .selectors import orders_for_admin


class CookieOrderInline(admin.TabularInline):
    model = CookieOrder
    extra = 0
    min_num = 1
    fields = ["cookie", "number_of_cookies", "unit_price", "line_total"]
    readonly_fields = ["line_total"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cookie")

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
    list_display = ["id", "date", "customer_name", "city", "number_of_items", "total"]
    list_display_links = ["id", "date"]
    list_filter = ["date", "address__country"]
    date_hierarchy = "date"
    search_fields = ["address__name", "address__city", "address__zip"]
    # The address is edited through its own form (the pencil next to it);
    # autocomplete renders only the chosen one instead of every address.
    autocomplete_fields = ["address"]
    # Set when the order is placed: partners sync by it.
    readonly_fields = ["date"]
    inlines = [CookieOrderInline]

    def has_add_permission(self, request):
        # Orders are placed through checkout (orders.services.place_order), which
        # prices the lines; staff correct them here.
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
