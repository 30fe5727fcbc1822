"""Provides POST /api/v2/orders/{id}/fulfillment: a partner (or staff) records the shipment of an order."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from api import idempotency
from api.permissions import HasScope
from orders.selectors import orders_for_partners
from orders.services import OrderIsFinal, record_fulfilment

from .ratelimit import RateLimitHeadersMixin
from .serializers import FulfillmentSerializer, OrderSerializer

IDEMPOTENCY_KEY = OpenApiParameter(
    idempotency.HEADER,
    location=OpenApiParameter.HEADER,
    required=False,
    pattern=idempotency.HEADER_PATTERN,
    description=(
        "Optional, 1-255 printable ASCII characters, unique per write: a repeat with the same key and body "
        "within 24 hours gets the first answer again (Idempotent-Replayed: true) and changes nothing."
    ),
)

RECORDED = OpenApiResponse(OrderSerializer, description="The shipment is recorded: the whole order, now fulfilled.")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The order cannot change."


class OrderFulfillmentView(RateLimitHeadersMixin, generics.GenericAPIView):
    """GET shows the order (with the form, in the browsable API); POST records its shipment.

    Writing needs a key with the orders:write scope, or a staff session (with CSRF)
    allowed to change orders.
    """

    serializer_class = FulfillmentSerializer
    permission_classes = [HasScope]
    parser_classes = [JSONParser]

    def get_queryset(self):
        return orders_for_partners(with_totals=True)

    @extend_schema(responses=OrderSerializer)
    def get(self, request, *args, **kwargs):
        return Response(OrderSerializer(self.get_object(), context=self.get_serializer_context()).data)

    @extend_schema(request=FulfillmentSerializer, responses={201: RECORDED}, parameters=[IDEMPOTENCY_KEY])
    @idempotency.idempotent
    def post(self, request, *args, **kwargs):
        order = self.get_object()
        shipment = self.get_serializer(data=request.data)
        shipment.is_valid(raise_exception=True)
        try:
            record_fulfilment(order=order, **shipment.validated_data)
        except OrderIsFinal as error:
            raise Conflict(str(error)) from None
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        fulfilled = OrderSerializer(self.get_object(), context=self.get_serializer_context())
        return Response(fulfilled.data, status=status.HTTP_201_CREATED)
