"""Admin for partner API keys: drf-api-key's admin, on the project's key model, with scopes."""

from django import forms
from django.contrib import admin
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey as StockAPIKey

from .models import READ_ORDERS, SCOPES, APIKey, granted

# The project's key model replaces the library's (whose rows migrated to it).
if admin.site.is_registered(StockAPIKey):
    admin.site.unregister(StockAPIKey)


class APIKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=list(SCOPES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=[READ_ORDERS],
        help_text=f"Every key has {READ_ORDERS}; grant orders:write to a partner that records shipments.",
    )

    class Meta:
        model = APIKey
        fields = ["name", "scopes", "expiry_date", "revoked"]

    def clean_scopes(self):
        return granted(self.cleaned_data["scopes"])


class ExposedFilter(admin.SimpleListFilter):
    """Keys sent in a URL: they sit in some log, so staff replace and revoke them."""

    title = "exposed in a URL"
    parameter_name = "exposed"

    def lookups(self, request, model_admin):
        return [("yes", "Exposed"), ("no", "Not exposed")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(exposed_at__isnull=self.value() == "no")
        return queryset


@admin.register(APIKey)
class ProjectAPIKeyAdmin(APIKeyModelAdmin):
    form = APIKeyForm
    list_display = [
        "prefix",
        "name",
        "scope_list",
        "created",
        "expiry_date",
        "_has_expired",
        "revoked",
        "last_used_at",
        "exposed_at",
    ]
    list_filter = [*APIKeyModelAdmin.list_filter, ExposedFilter]
    readonly_fields = [*APIKeyModelAdmin.readonly_fields, "last_used_at", "exposed_at"]

    @admin.display(description="scopes")
    def scope_list(self, obj):
        return ", ".join(obj.scopes)
