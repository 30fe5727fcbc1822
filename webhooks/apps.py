"""App configuration for webhooks."""

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from orders import events

        from .dispatch import on_event

        # Events are fanned out to endpoints after the change's transaction commits.
        events.add_listener(on_event)
