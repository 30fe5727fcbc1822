"""Template context for every page: the cart's size for the header."""

from .cart import MAX_QUANTITY, Cart


def cart(request):
    """`cart_count` for the header and `cart_max_quantity` for quantity inputs; reads only the session."""
    return {"cart_count": len(Cart(request.session)), "cart_max_quantity": MAX_QUANTITY}
