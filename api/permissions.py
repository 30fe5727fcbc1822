"""Provides the API's permissions: a valid API key, or a staff session the admin would let see orders."""

from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAdminUser
from rest_framework_api_key.models import APIKey
from rest_framework_api_key.permissions import BaseHasAPIKey

# The admin's "view order" permission: a clerk the admin refuses orders is refused them here too.
VIEW_ORDERS = "orders.view_order"


class HasAPIKey(BaseHasAPIKey):
    """Grants access when ApiKeyAuthentication has already validated a key.

    The stock permission would parse, look up and hash the key a second time.
    """

    model = APIKey

    def has_permission(self, request, view):
        return isinstance(request.auth, APIKey)


class IsStaffWhoMayViewOrders(BasePermission):
    """Grants a staff session holding the admin's permission to view orders (superusers hold every one).

    IsAdminUser checks `is_staff` alone, which would show every customer's address
    to a clerk the admin itself refuses.
    """

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_staff and user.has_perm(VIEW_ORDERS))


class IsReadOnly(BasePermission):
    """Grants reading (GET, HEAD, OPTIONS) to anyone."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


HasAPIKeyOrIsStaff = HasAPIKey | IsStaffWhoMayViewOrders
# The public catalogue: anyone reads; a write needs a key or a staff session first (401),
# then is refused (405). It shows no order, so any staff session counts.
PublicReadOnly = IsReadOnly | HasAPIKey | IsAdminUser
