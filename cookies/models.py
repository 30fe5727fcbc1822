"""The cookie catalogue: what the shop sells."""

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse

# Lower case letters and digits in dash-separated words: "double-chocolate-2".
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_FORMAT_MESSAGE = "Use lower-case letters, digits and single dashes only (e.g. 'oatmeal-raisin')."


class CookieQuerySet(models.QuerySet):
    def available(self):
        """Cookies that customers may order and partners see in the catalogue."""
        return self.filter(is_available=True)


class Cookie(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        validators=[RegexValidator(SLUG_PATTERN, SLUG_FORMAT_MESSAGE)],
    )
    price = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))])
    description = models.TextField(blank=True)
    is_available = models.BooleanField(
        "available", default=True, help_text="Unavailable cookies are hidden from the shop."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CookieQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gt=0), name="cookie_price_positive"),
            models.CheckConstraint(condition=models.Q(slug__regex=SLUG_PATTERN), name="cookie_slug_format"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cookies:detail", kwargs={"slug": self.slug})
