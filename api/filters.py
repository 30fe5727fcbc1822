"""Provides the filter types the API versions build their FilterSets from.

Each refuses a malformed value with a message that says what is expected; the
filter backend turns that into a 400 naming the parameter.
"""

import functools

import django_filters
from django import forms
from django.http import QueryDict
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field

from api.dateformats import DATE_FORMAT_HELP, parse_instant
from cookies.models import SLUG_PATTERN, Cookie
from orders.models import Order

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


class OrderFilterSet(django_filters.FilterSet):
    """What every version's order filters share; a version adds its own and lists them all in Meta.fields.

    Meta.fields orders the form's fields, and so the parameters named by an error message.
    """

    cookie = CookieFilter(label="Orders with a line for the cookie with this slug.")

    class Meta:
        model = Order
        fields = ["cookie"]


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, which leaves the FilterSet out when the request cannot change the result.

    A FilterSet deep-copies its filters and validates a form on every request; for
    a partner paging through everything (no filter parameter set) that was the
    largest fixed cost of a list request after the database. It is left out only
    when both hold, each asked of the FilterSet itself rather than guessed from
    its filters' names:

    - every form field's widget says the request omits its value (Django's
      `value_omitted_from_data`, which knows a range widget's `_after`/`_before`);
    - the FilterSet, bound to no parameters, hands back the very queryset it was
      given: no filter has a default or acts on an empty value. This is checked
      once per FilterSet class; one that fails it always runs.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            widgets = skippable_widgets(filterset_class, queryset.model)
            params = request.query_params
            if widgets is not None and all(w.value_omitted_from_data(params, {}, name) for name, w in widgets):
                return queryset
        return super().filter_queryset(request, queryset, view)


# Bounded: DjangoFilterBackend makes a new class per request for a view with `filterset_fields`.
@functools.lru_cache(maxsize=64)
def skippable_widgets(filterset_class, model) -> tuple | None:
    """The (parameter name, widget) pairs of the FilterSet's form; None when no parameters still filter."""
    empty = filterset_class(data=QueryDict(), queryset=model._default_manager.none())
    if not empty.is_valid():
        return None  # a required filter: every request must go through the form
    untouched = empty.queryset
    if empty.filter_queryset(untouched) is not untouched:
        return None
    form = empty.form
    return tuple((form.add_prefix(name), field.widget) for name, field in form.fields.items())
