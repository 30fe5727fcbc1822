"""Storefront order pages: the cart in `cart`."""
