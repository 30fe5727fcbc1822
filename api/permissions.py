"""Provides the API's permissions: a valid API key or a staff session allowed to view orders; write scopes."""

from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAdminUser
from rest_framework_api_key.permissions import BaseHasAPIKey

from api.models import WRITE_ORDERS, APIKey

# The admin shows orders to a clerk holding either permission (it treats "change" as
# including "view"): the API grants and refuses exactly the same clerks.
VIEW_ORDERS = "orders.view_order"
CHANGE_ORDERS = "orders.change_order"


class HasAPIKey(BaseHasAPIKey):
    """Grants access when ApiKeyAuthentication has already validated a key.

    The stock permission would parse, look up and hash the key a second time.
    """

    model = APIKey

    def has_permission(self, request, view):
        return isinstance(request.auth, APIKey)


class IsStaffWhoMayViewOrders(BasePermission):
    """Grants a staff session holding the admin's permission to view or to change orders (superusers hold all).

    IsAdminUser checks `is_staff` alone, which would show every customer's address
    to a clerk the admin itself refuses.
    """

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_staff and (user.has_perm(VIEW_ORDERS) or user.has_perm(CHANGE_ORDERS)))


class IsReadOnly(BasePermission):
    """Grants reading (GET, HEAD, OPTIONS) to anyone."""

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS


MISSING_SCOPE = "This API key may only read: ask the shop to grant it the orders:write scope to record shipments."
MAY_NOT_CHANGE_ORDERS = "You may read orders but not change them: that needs the admin's permission to change orders."


class HasScope(BasePermission):
    """Grants a write to a key holding `scope` (orders:write), or to staff holding `permission`.

    Reading stays as for the rest of the API (HasAPIKeyOrIsStaff).
    """

    scope = WRITE_ORDERS
    permission = CHANGE_ORDERS
    message = MISSING_SCOPE

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return HasAPIKeyOrIsStaff().has_permission(request, view)
        if isinstance(request.auth, APIKey):
            return request.auth.has_scope(self.scope)
        user = request.user
        if user and user.is_staff:
            self.message = MAY_NOT_CHANGE_ORDERS
            return user.has_perm(self.permission)
        return False


HasAPIKeyOrIsStaff = HasAPIKey | IsStaffWhoMayViewOrders
# The public catalogue: anyone reads; a write needs a key or a staff session first (401),
# then is refused (405). It shows no order, so any staff session counts.
PublicReadOnly = IsReadOnly | HasAPIKey | IsAdminUser
