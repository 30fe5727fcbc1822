"""Provides page-number pagination that keeps the body a bare list.

Where the page is and how many there are travel in headers: `Link` (RFC 8288:
first, prev, next, last) and `X-Total-Count`.
"""

import re
from urllib import parse

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.utils.functional import cached_property
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from orders.selectors import count_of, slice_of

NOT_A_POSITIVE_INTEGER = "must be a positive whole number of at most 9 digits 0-9, such as 1 or 25."
PAGE_SIZE_NOT_A_POSITIVE_INTEGER = (
    "must be a positive whole number in digits 0-9, such as 25 (sizes above the maximum are capped)."
)
PAGE_SIZE_DESCRIPTION = (
    "Results per page: {default} unless given. Sizes above {maximum} (API_MAX_PAGE_SIZE) are served as {maximum}."
)
# Larger numbers are all "more than any page or page size there can be".
HUGE = 10**9

_ASCII_DIGITS = re.compile(r"[0-9]+\Z")


def positive_integer(request, name: str, *, message: str = NOT_A_POSITIVE_INTEGER) -> int | None:
    """The query parameter `name` as an int ≥ 1 (at most HUGE), None when absent; else a 400 naming it."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    digits = raw.lstrip("0")
    if not _ASCII_DIGITS.match(raw) or not digits:
        raise ValidationError({name: [message]})
    # int() of thousands of digits is slow (and refused past 4300): compare lengths first.
    return HUGE if len(digits) > len(str(HUGE)) else min(int(digits), HUGE)


class SettingsPageSizeMixin:
    """`?page_size=M`, a positive integer; default and maximum are settings (the maximum caps)."""

    page_size_query_param = "page_size"

    def get_page_size(self, request):
        requested = positive_integer(request, self.page_size_query_param, message=PAGE_SIZE_NOT_A_POSITIVE_INTEGER)
        if requested is None:
            return api_settings.PAGE_SIZE
        return min(requested, settings.API_MAX_PAGE_SIZE)

    def get_schema_operation_parameters(self, view):
        """No `maximum`: a larger size is served (capped), not refused; the cap of this server is in the text."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = PAGE_SIZE_DESCRIPTION.format(
                    default=api_settings.PAGE_SIZE, maximum=settings.API_MAX_PAGE_SIZE
                )
        return parameters


class SelectorPaginator(Paginator):
    """Django's Paginator, which asks orders.selectors for the count and the page's rows.

    For the list of every order by id both cost the same at any size and depth;
    anything else is counted and sliced as Django would.
    """

    @cached_property
    def count(self):
        return count_of(self.object_list)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count) if self.orphans == 0 else None
        if top is None:
            return super().page(number)
        return self._get_page(slice_of(self.object_list, bottom, top, total=self.count), number, self)


class HeaderPageNumberPagination(SettingsPageSizeMixin, pagination.PageNumberPagination):
    """`?page=N&page_size=M` with the body a bare list; page links and total in headers."""

    django_paginator_class = SelectorPaginator

    invalid_page_message = "page {page_number} does not exist: {message}."
    last_page_strings = ()

    def paginate_queryset(self, queryset, request, view=None):
        """DRF's, but the page is handed over unevaluated (a sliced queryset), not as a list of instances.

        A plain ListSerializer iterates it all the same; a list serializer that reads
        rows instead of instances can take it as it is (API v1 does).
        """
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as exc:
            raise NotFound(self.invalid_page_message.format(page_number=page_number, message=exc)) from None
        self.display_page_controls = paginator.num_pages > 1
        return self.page.object_list

    def get_page_number(self, request, paginator):
        return positive_integer(request, self.page_query_param) or 1

    def get_paginated_response(self, data):
        return Response(data, headers=self.get_headers())

    def get_headers(self) -> dict[str, str]:
        page, paginator = self.page, self.page.paginator
        links = {"first": 1, "last": paginator.num_pages}
        if page.has_previous():
            links["prev"] = page.previous_page_number()
        if page.has_next():
            links["next"] = page.next_page_number()
        order = ("first", "prev", "next", "last")
        page_url = self.page_urls()
        link = ", ".join(f'<{page_url(links[rel])}>; rel="{rel}"' for rel in order if rel in links)
        return {"Link": link, "X-Total-Count": str(paginator.count)}

    def page_urls(self):
        """A function from a page number to this request's URL for it, showing the page size actually used.

        DRF's replace_query_param() for the page, then the size, once per link, parsed the
        URL eight times a request; this parses it once and gives the same URLs.
        """
        scheme, netloc, path, query, fragment = parse.urlsplit(self.request.build_absolute_uri())
        params = parse.parse_qs(query, keep_blank_values=True)
        params[self.page_size_query_param] = [str(self.page.paginator.per_page)]

        def page_url(number: int) -> str:
            params[self.page_query_param] = [str(number)]
            query = parse.urlencode(sorted(params.items()), doseq=True)
            return parse.urlunsplit((scheme, netloc, path, query, fragment))

        return page_url

    def get_paginated_response_schema(self, schema):
        return schema

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters
