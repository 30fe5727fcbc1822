"""Admin for the catalogue: staff add, price and withdraw cookies."""

from django.contrib import admin

from .models import Cookie


@admin.register(Cookie)
class CookieAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "price", "is_available", "updated_at"]
    list_editable = ["price", "is_available"]
    list_filter = ["is_available"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
