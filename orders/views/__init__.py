"""Storefront order pages: the cart in `cart`, checkout and its confirmation in `checkout`."""
