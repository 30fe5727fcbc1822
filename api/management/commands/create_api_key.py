"""`create_api_key NAME [--expires DATE]`: issue a partner API key and print it once."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rest_framework_api_key.models import APIKey

from api.dateformats import DATE_FORMAT_HELP, parse_instant


class Command(BaseCommand):
    help = "Create an API key for a partner. The key is printed once and stored only hashed."

    def add_arguments(self, parser):
        parser.add_argument("name", help='who the key is for, e.g. "Fulfilment partner"')
        parser.add_argument(
            "--expires",
            metavar="DATE",
            help="when the key stops working: YYYY-MM-DD (midnight, shop time) or an RFC 3339 date-time",
        )

    def handle(self, *args, name, expires, **options):
        if not name.strip():
            raise CommandError("NAME must not be blank.")
        expiry_date = None
        if expires is not None:
            expiry_date = parse_instant(expires)
            if expiry_date is None:
                raise CommandError(f"--expires {expires!r} is not a date. {DATE_FORMAT_HELP}")
            if expiry_date <= timezone.now():
                raise CommandError(f"--expires {expires!r} is in the past: the key would never work.")
        api_key, key = APIKey.objects.create_key(name=name, expiry_date=expiry_date)
        expiry = f", expires {expiry_date.isoformat()}" if expiry_date else ""
        self.stdout.write(f"API key for {name!r} (prefix {api_key.prefix}{expiry}). It is shown only once:")
        self.stdout.write(key)
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"Try it: curl -H 'X-API-Key: {key}' http://127.0.0.1:{port}/api/v1/orders/")
