"""`create_api_key NAME [--expires DATE] [--scope orders:write]`: issue a partner API key and print it once."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from api.dateformats import DATE_FORMAT_HELP, parse_instant
from api.models import SCOPES, APIKey, granted


class Command(BaseCommand):
    help = "Create an API key for a partner. The key is printed once and stored only hashed."

    def add_arguments(self, parser):
        parser.add_argument("name", help='who the key is for, e.g. "Fulfilment partner"')
        parser.add_argument(
            "--expires",
            metavar="DATE",
            help="when the key stops working: YYYY-MM-DD (midnight, shop time) or an RFC 3339 date-time",
        )
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            choices=list(SCOPES),
            dest="scopes",
            help="grant a scope beyond orders:read (which every key has), e.g. orders:write; repeatable",
        )

    def handle(self, *args, name, expires, scopes, **options):
        if not name.strip():
            raise CommandError("NAME must not be blank.")
        expiry_date = None
        if expires is not None:
            expiry_date = parse_instant(expires)
            if expiry_date is None:
                raise CommandError(f"--expires {expires!r} is not a date. {DATE_FORMAT_HELP}")
            if expiry_date <= timezone.now():
                raise CommandError(f"--expires {expires!r} is in the past: the key would never work.")
        api_key, key = APIKey.objects.create_key(name=name, expiry_date=expiry_date, scopes=granted(scopes))
        expiry = f", expires {expiry_date.isoformat()}" if expiry_date else ""
        scope_list = ", ".join(api_key.scopes)
        self.stdout.write(
            f"API key for {name!r} (prefix {api_key.prefix}, scopes {scope_list}{expiry}). It is shown only once:"
        )
        self.stdout.write(key)
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"Try it: curl -H 'X-API-Key: {key}' http://127.0.0.1:{port}/api/v1/orders/")
