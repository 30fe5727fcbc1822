"""Provides RowListSerializer: a page serialized from database rows, as its child declares it.

DRF serializes a list by building a model instance per row and per related row,
then calling every field on every object: for a page of orders with their address
and lines, that is most of a request's time. RowListSerializer reads the columns
its child ModelSerializer declares with `values_list()` (one query per level of
nesting, the related rows ordered and filtered as the queryset's `Prefetch` says)
and builds the very same dicts. The child stays the one declaration of the shape
and of the schema; a field that does not map to a column (a property, a method
field, a relation shown as an object) makes the whole list fall back to DRF.
"""

import operator
from collections import defaultdict
from datetime import tzinfo
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings


class NotCompilable(Exception):
    """The child declares a field that cannot be read from a column."""


class RowListSerializer(serializers.ListSerializer):
    """Serializes an unevaluated queryset (a page) from rows; anything else as DRF does."""

    def to_representation(self, data):
        if isinstance(data, QuerySet) and (plan := self.get_plan(data)) is not None:
            return plan.rows_to_dicts(data)
        return super().to_representation(data)

    def get_plan(self, queryset: QuerySet) -> "RowPlan | None":
        """The child's plan, compiled once per serializer class, model and settings; None if not compilable."""
        # The plan depends on these settings too (tests change them).
        key = (type(self.child), queryset.model, settings.USE_TZ, api_settings.DATETIME_FORMAT)
        if key not in _plans:
            try:
                _plans[key] = RowPlan(self.child, queryset.model)
            except NotCompilable:
                _plans[key] = None
        return _plans[key]


# Compiled plans: building a serializer's fields costs more than reading a small page.
_plans: dict[tuple, "RowPlan | None"] = {}


class RowPlan:
    """The columns a serializer reads from `model`, and how to turn a row into its dict."""

    def __init__(self, serializer, model):
        self.lookups: list[str] = []
        self.children: list[tuple[int, ChildPlan]] = []  # (index of the parent's pk column, plan)
        self.build = self._compile(serializer, model, prefix="")

    def rows_to_dicts(self, queryset: QuerySet) -> list[dict]:
        rows = list(queryset.prefetch_related(None).values_list(*self.lookups))
        page = PageContext(
            zone=timezone.get_current_timezone(),
            children=[child.dicts_by_parent({row[pk] for row in rows}, queryset) for pk, child in self.children],
        )
        build = self.build
        return [build(row, page) for row in rows]

    def _compile(self, serializer, model, prefix):
        readers = {}  # output key -> reader(row, page), in the declared order
        plain = {}  # output key -> column index, for values shown as the database returns them
        for name, field in serializer.fields.items():
            if isinstance(field, serializers.ListSerializer):
                if prefix:
                    raise NotCompilable(f"{name}: a list inside a nested object")
                readers[name] = self._child(field, model)
            elif isinstance(field, serializers.BaseSerializer):
                related = _related_model(model, field.source_attrs)
                readers[name] = self._compile(field, related, prefix + _lookup(field.source_attrs) + "__")
            else:
                _check_column(model, field.source_attrs)
                self.lookups.append(prefix + _lookup(field.source_attrs))
                readers[name] = _column_reader(len(self.lookups) - 1, field)
                if _shown_as_stored(field):
                    plain[name] = len(self.lookups) - 1
        names = tuple(readers)
        if len(plain) == len(readers) > 1:
            # Only plain columns (an address, an order line): zip them in C.
            columns = operator.itemgetter(*plain.values())
            return lambda row, page: dict(zip(names, columns(row), strict=True))
        parts = tuple(readers.items())
        return lambda row, page: {name: read(row, page) for name, read in parts}

    def _child(self, list_field, model):
        self.children.append((len(self.lookups), ChildPlan(list_field.child, model, list_field.source_attrs)))
        self.lookups.append("pk")
        position = len(self.children) - 1
        pk = operator.itemgetter(self.children[position][0])
        return lambda row, page: page.children[position].get(pk(row), [])


class PageContext(NamedTuple):
    """What every row of one page shares: the time zone, the related rows by parent."""

    zone: tzinfo
    children: list[dict]


class ChildPlan:
    """The related rows of a page, read in one query and grouped by parent.

    The rows are those of the page's `Prefetch` for the relation when it has one
    (its ordering and filters apply), else of the related model's default manager.
    """

    def __init__(self, serializer, model, source_attrs):
        relation = _reverse_relation(model, source_attrs)
        self.accessor = relation.get_accessor_name()
        self.manager = relation.related_model._default_manager
        self.parent_field = relation.field.name
        self.plan = RowPlan(serializer, relation.related_model)
        if self.plan.children:
            raise NotCompilable("lists nested more than one level deep")

    def dicts_by_parent(self, parent_ids, page_queryset: QuerySet) -> dict:
        queryset = _prefetches(page_queryset).get(self.accessor)
        if queryset is None:
            queryset = self.manager.all()
        rows = queryset.filter(**{f"{self.parent_field}__in": parent_ids}).values_list(
            self.parent_field, *self.plan.lookups
        )
        grouped = defaultdict(list)
        build, page = self.plan.build, PageContext(zone=timezone.get_current_timezone(), children=[])
        for parent_id, *columns in rows:
            grouped[parent_id].append(build(columns, page))
        return grouped


def _shown_as_stored(field) -> bool:
    """Whether DRF shows the column's value as the database returns it (int(int), str(str))."""
    return type(field) in (serializers.IntegerField, serializers.CharField)


def _column_reader(index, field):
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if isinstance(field, serializers.DateTimeField) and output_format not in (None, ISO_8601):
        # DRF's DateTimeField shows an aware value in the field's time zone (by
        # default the current one), then formats it.
        if not settings.USE_TZ:
            raise NotCompilable("naive datetimes (USE_TZ = False)")
        fixed_zone = getattr(field, "timezone", None)

        def read_datetime(row, page):
            value = row[index]
            return None if value is None else value.astimezone(fixed_zone or page.zone).strftime(output_format)

        return read_datetime
    if _shown_as_stored(field):
        return lambda row, page: row[index]
    to_representation = field.to_representation
    return lambda row, page: None if row[index] is None else to_representation(row[index])


def _prefetches(queryset: QuerySet) -> dict[str, QuerySet]:
    return {
        lookup.prefetch_through: lookup.queryset
        for lookup in queryset._prefetch_related_lookups
        if isinstance(lookup, Prefetch) and lookup.queryset is not None
    }


def _lookup(source_attrs) -> str:
    if not source_attrs:
        raise NotCompilable("source='*'")
    return "__".join(source_attrs)


def _get_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        raise NotCompilable(f"{model.__name__}.{name} is not a field") from None


def _related_model(model, source_attrs):
    for name in source_attrs:
        field = _get_field(model, name)
        if not (field.many_to_one or field.one_to_one) or not field.concrete or field.null:
            raise NotCompilable(f"{model.__name__}.{name} is not a required forward relation")
        model = field.related_model
    return model


def _check_column(model, source_attrs):
    model = _related_model(model, source_attrs[:-1])
    field = _get_field(model, _lookup(source_attrs[-1:]))
    shown_as_object = field.is_relation and source_attrs[-1] != field.attname
    if not field.concrete or shown_as_object:
        raise NotCompilable(f"{model.__name__}.{source_attrs[-1]} is not a column")


def _reverse_relation(model, source_attrs):
    if len(source_attrs) != 1:
        raise NotCompilable("a list across several relations")
    relation = _get_field(model, source_attrs[0])
    if not relation.one_to_many:
        raise NotCompilable(f"{model.__name__}.{source_attrs[0]} is not a reverse foreign key")
    return relation
