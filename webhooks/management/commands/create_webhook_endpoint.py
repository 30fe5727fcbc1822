"""manage.py create_webhook_endpoint URL [--event TYPE]...: an enabled endpoint, and its secret printed once."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from orders.models import EventType
from webhooks.services import create_endpoint


class Command(BaseCommand):
    help = "Adds an enabled webhook endpoint (same address rules as the admin) and prints its signing secret."

    def add_arguments(self, parser):
        parser.add_argument("url", help="https:// URL that receives the POSTs")
        parser.add_argument(
            "--event",
            action="append",
            default=[],
            choices=EventType.values,
            dest="events",
            help="an event type it wants (repeat for several); none: every type",
        )

    def handle(self, *args, url, events, **options):
        try:
            endpoint = create_endpoint(url=url, event_types=events)
        except ValidationError as exc:
            messages = [f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items()]
            raise CommandError("; ".join(messages)) from None
        self.stdout.write(f"endpoint: {endpoint.pk} {endpoint.url}")
        self.stdout.write(f"secret: {endpoint.secret}")
