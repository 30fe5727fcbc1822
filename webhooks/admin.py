"""Admin for webhooks: endpoints (secret, rotate, send a test) and the delivery log (attempts, resend)."""

from django import forms
from django.contrib import admin, messages

from orders.models import EventType

from . import services
from .models import Attempt, Delivery, Endpoint


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label="URL", max_length=500, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="None chosen: every event type.",
    )

    class Meta:
        model = Endpoint
        fields = ["url", "description", "event_types", "enabled"]


def _report(modeladmin, request, action, objects):
    done = 0
    for obj in objects:
        try:
            action(obj)
            done += 1
        except services.WebhookError as exc:
            modeladmin.message_user(request, str(exc), messages.ERROR)
    return done


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    form = EndpointForm
    list_display = ["url", "enabled", "wanted_types", "disabled_reason", "created_at"]
    list_filter = ["enabled"]
    search_fields = ["url", "description"]
    readonly_fields = ["secret", "previous_secret_expires_at", "failing_since", "disabled_reason", "created_at"]
    actions = ["rotate_secret", "send_test_event"]

    @admin.display(description="event types")
    def wanted_types(self, obj):
        return ", ".join(obj.event_types) or "all"

    def save_model(self, request, obj, form, change):
        services.save_endpoint(endpoint=obj)

    @admin.action(description="Rotate the secret (the old one also signs for 24 hours)")
    def rotate_secret(self, request, queryset):
        for endpoint in queryset:
            services.rotate_secret(endpoint=endpoint)
        self.message_user(request, f"Rotated {len(queryset)} secret(s): hand the new one to the partner.")

    @admin.action(description="Send a test event")
    def send_test_event(self, request, queryset):
        done = _report(self, request, lambda endpoint: services.send_test(endpoint=endpoint), queryset)
        if done:
            self.message_user(request, f"Queued a test event for {done} endpoint(s).")


class AttemptInline(admin.TabularInline):
    model = Attempt
    extra = 0
    can_delete = False
    fields = ["number", "started_at", "status_code", "duration_ms", "error", "response_body"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "event_type", "message_id", "endpoint", "state", "attempts", "last_status", "created_at"]
    list_filter = ["endpoint", "state", "event_type"]
    list_select_related = ["endpoint"]
    search_fields = ["message_id"]
    fields = [
        "endpoint",
        "message_id",
        "event_type",
        "state",
        "attempts",
        "next_attempt_at",
        "finished_at",
        "last_status",
        "last_error",
        "created_at",
        "body",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["resend", "send_test_event"]

    def has_add_permission(self, request):
        return False  # deliveries are made by events (or the endpoint's send-test action)

    def has_change_permission(self, request, obj=None):
        return False  # the log is read-only; the actions below act on it

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("endpoint")

    @admin.action(description="Resend the selected deliveries", permissions=["view"])
    def resend(self, request, queryset):
        done = _report(self, request, lambda delivery: services.resend(delivery=delivery), queryset)
        if done:
            self.message_user(request, f"Queued {done} deliveries again.")

    @admin.action(description="Send a test event to their endpoints", permissions=["view"])
    def send_test_event(self, request, queryset):
        endpoints = {delivery.endpoint_id: delivery.endpoint for delivery in queryset}.values()
        done = _report(self, request, lambda endpoint: services.send_test(endpoint=endpoint), endpoints)
        if done:
            self.message_user(request, f"Queued a test event for {done} endpoint(s).")
