"""`seed_demo`: the demo catalogue and N demo orders, the same every time."""

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from cookies.models import Cookie
from orders.models import Address, Order
from orders.services import place_order

COOKIES = [
    ("Chocolate Chip", "chocolate-chip", "2.50", "The classic: butter, brown sugar, dark chocolate."),
    ("Oatmeal Raisin", "oatmeal-raisin", "2.25", "Rolled oats, plump raisins, a little cinnamon."),
    ("Peanut Butter", "peanut-butter", "2.75", "Crisscrossed and salty-sweet."),
    ("Snickerdoodle", "snickerdoodle", "2.00", "Rolled in cinnamon sugar."),
    ("Double Chocolate", "double-chocolate", "3.00", "Cocoa dough, chocolate chunks."),
    ("White Chocolate Macadamia", "white-chocolate-macadamia", "3.25", "Buttery nuts, creamy chips."),
    ("Ginger Snap", "ginger-snap", "2.10", "Crisp, with fresh and candied ginger."),
    ("Lemon Sugar", "lemon-sugar", "2.40", "Soft, bright and zesty."),
]
NAMES = ["Jane Doe", "John Smith", "Ada Lovelace", "Alan Turing", "Grace Hopper", "Linus Pauling"]
CITIES = [
    ("Anytown", "CA", "12345", "US"),
    ("Springfield", "IL", "62701", "US"),
    ("Portland", "OR", "97201", "US"),
    ("Toronto", "ON", "M5H 2N2", "CA"),
    ("Lyon", "", "69001", "FR"),
]
# Demo orders are spread one hour apart from this instant, oldest first.
FIRST_ORDER_AT = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
PROGRESS_EVERY = 1000
# At most this many different cookies in one demo order.
MAX_COOKIES_PER_ORDER = 5
NOTHING_TO_ORDER = "No demo cookie is available (staff withdrew them all): make one available, or use --orders 0."


class Command(BaseCommand):
    help = "Load the demo cookies and demo orders. Idempotent: run it again and nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument("--orders", type=int, default=50, help="how many demo orders there should be (default 50)")

    def handle(self, *args, orders, **options):
        if orders < 0:
            raise CommandError("--orders must be 0 or more.")
        # Staff may have withdrawn demo cookies: orders are placed only of those on sale.
        cookies = [cookie for cookie in self.seed_cookies() if cookie.is_available]
        existing = Order.objects.count()
        if existing < orders and not cookies:
            raise CommandError(NOTHING_TO_ORDER)
        for number in range(existing, orders):
            self.place_demo_order(number, cookies)
            done = number + 1
            if done % PROGRESS_EVERY == 0 or done == orders:
                self.stdout.write(f"  orders: {done}/{orders}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {Cookie.objects.count()} cookies, {Order.objects.count()} orders.")
        )

    def seed_cookies(self) -> list[Cookie]:
        cookies = []
        for name, slug, price, description in COOKIES:
            # Only missing cookies are created: staff's later edits to a demo cookie stay.
            cookie, _ = Cookie.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "price": Decimal(price), "description": description},
            )
            cookies.append(cookie)
        return cookies

    def place_demo_order(self, number: int, cookies: list[Cookie]) -> None:
        """Order `number` is always the same for the same cookies on sale: its randomness is seeded by its number."""
        rng = random.Random(number)
        city, state, zip_code, country = rng.choice(CITIES)
        address = Address(
            name=rng.choice(NAMES),
            street=f"{rng.randint(1, 999)} Main St",
            city=city,
            state=state,
            zip=zip_code,
            country=country,
        )
        chosen = rng.sample(cookies, k=min(rng.randint(1, MAX_COOKIES_PER_ORDER), len(cookies)))
        place_order(
            cart={cookie.pk: rng.randint(1, 24) for cookie in chosen},
            address=address,
            placed_at=FIRST_ORDER_AT + timedelta(hours=number),
        )
