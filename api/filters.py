"""Provides the filter types the API versions build their FilterSets from.

Each refuses a malformed value with a message that says what is expected; the
filter backend turns that into a 400 naming the parameter.
"""

import django_filters
from django import forms
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from api.dateformats import DATE_FORMAT_HELP, parse_instant
from cookies.models import SLUG_PATTERN, Cookie

UNKNOWN_COOKIE = "no cookie has the slug %(value)s."
MALFORMED_SLUG = "is not a cookie slug: use lower-case letters, digits and dashes, such as chocolate-chip."
SLUG_MAX_LENGTH = 100

# What the filters take, exactly, for the OpenAPI schema; an empty value is no filter.
EMPTY = {"type": "string", "maxLength": 0}
INSTANT_SCHEMA = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}, EMPTY],
}
# api.schema adds the slugs of the cookies there are, which only the database knows.
COOKIE_SLUG_SCHEMA = {
    "anyOf": [{"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX_LENGTH}, EMPTY],
}


def declare_schema(filter_, schema: dict) -> None:
    """drf-spectacular takes this schema for the filter, with its label as the description."""
    extend_schema_field({**schema, "description": str(filter_.label or "")})(filter_)


class InstantField(forms.Field):
    """A YYYY-MM-DD date or an RFC 3339 date-time, as an aware datetime (see api.dateformats)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        instant = parse_instant(value)
        if instant is None:
            # The value goes in params, never into the message itself: DRF formats the
            # message with %, and a "%" in the value would make that raise (a 500).
            raise forms.ValidationError(
                "%(value)r is not a date. " + DATE_FORMAT_HELP, code="invalid", params={"value": value}
            )
        return instant


class InstantFilter(django_filters.Filter):
    field_class = InstantField

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        declare_schema(self, {**INSTANT_SCHEMA, "example": "2024-03-14"})


class CookieSlugField(forms.ModelChoiceField):
    """A cookie named by its slug; the format is checked before the database is asked."""

    default_error_messages = {"invalid_choice": UNKNOWN_COOKIE}
    slug_validator = forms.RegexField(regex=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            self.slug_validator.clean(value)
        except forms.ValidationError:
            raise forms.ValidationError(MALFORMED_SLUG, code="invalid") from None
        return super().to_python(value)


class CookieFilter(django_filters.ModelChoiceFilter):
    """Orders that have a line for the cookie with this slug (any cookie, available or not)."""

    field_class = CookieSlugField

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Cookie.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("field_name", "cookie_orders__cookie")
        super().__init__(**kwargs)
        declare_schema(self, COOKIE_SLUG_SCHEMA)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Orders by the requested field, then by id, so that ties never shuffle between pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = ", ".join(value for value, _ in self.extra["choices"])
        self.extra["error_messages"] = {"invalid_choice": f"unknown field %(value)s: use {choices}."}

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            descending = value[0].startswith("-")
            qs = qs.order_by(*qs.query.order_by, "-id" if descending else "id")
        return qs


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which skips building the filter form when it would have no effect.

    A FilterSet deep-copies its filters and validates a form on every request; for
    a partner paging through everything (no filter parameter set) that was the
    largest fixed cost of a list request after the database.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and request.query_params.keys().isdisjoint(filterset_class.base_filters):
            return queryset
        return super().filter_queryset(request, queryset, view)
