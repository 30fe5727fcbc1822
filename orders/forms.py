"""Storefront forms: what may go in the cart, and the address an order is sent to."""

from django import forms
from django.core.exceptions import ValidationError

from cookies.models import Cookie

from .cart import MAX_QUANTITY, Cart
from .models import Address

QUANTITY_NOT_A_NUMBER = "Enter the number of cookies as a whole number, such as 2."
QUANTITY_OUT_OF_RANGE = f"Choose from 1 to {MAX_QUANTITY} cookies."
TOO_MANY_IN_CART = "You can order at most {max} of each cookie, and your cart already holds {current} {name}."
COOKIE_NOT_ON_SALE = "That cookie is not on sale. Please choose one from the list."
COOKIE_NOT_IN_CART = "That cookie is not in your cart."
ADDRESS_FIELD_REQUIRED = "{label} is required."


def quantity_field() -> forms.IntegerField:
    return forms.IntegerField(
        min_value=1,
        max_value=MAX_QUANTITY,
        error_messages={
            "required": QUANTITY_NOT_A_NUMBER,
            "invalid": QUANTITY_NOT_A_NUMBER,
            "min_value": QUANTITY_OUT_OF_RANGE,
            "max_value": QUANTITY_OUT_OF_RANGE,
        },
    )


class AddToCartForm(forms.Form):
    """A cookie on sale and how many more of it; posted from the cookie's page."""

    cookie = forms.ModelChoiceField(
        queryset=Cookie.objects.available(),
        error_messages={"required": COOKIE_NOT_ON_SALE, "invalid_choice": COOKIE_NOT_ON_SALE},
    )
    quantity = quantity_field()

    def __init__(self, *args, cart: Cart, **kwargs):
        super().__init__(*args, **kwargs)
        self.cart = cart

    def clean(self):
        cleaned = super().clean()
        cookie, quantity = cleaned.get("cookie"), cleaned.get("quantity")
        if cookie and quantity and self.cart.quantity(cookie.pk) + quantity > MAX_QUANTITY:
            raise ValidationError(
                TOO_MANY_IN_CART.format(max=MAX_QUANTITY, current=self.cart.quantity(cookie.pk), name=cookie)
            )
        return cleaned


class CartCookieForm(forms.Form):
    """Names a cookie that is in the cart, on sale or not: the cart page's remove button."""

    cookie = forms.ModelChoiceField(
        queryset=Cookie.objects.all(),
        error_messages={"required": COOKIE_NOT_IN_CART, "invalid_choice": COOKIE_NOT_IN_CART},
    )

    def __init__(self, *args, cart: Cart, **kwargs):
        super().__init__(*args, **kwargs)
        self.cart = cart

    def clean_cookie(self):
        cookie = self.cleaned_data["cookie"]
        if cookie.pk not in self.cart:
            raise ValidationError(COOKIE_NOT_IN_CART)
        return cookie


class CartQuantityForm(CartCookieForm):
    """A new quantity for a cookie in the cart."""

    quantity = quantity_field()


class CheckoutForm(forms.ModelForm):
    """The address the order goes to; state may be blank, the rest is required (as on Address)."""

    class Meta:
        model = Address
        fields = ["name", "street", "city", "state", "zip", "country"]
        labels = {"name": "Full name", "street": "Street and number", "state": "State / province"}
        help_texts = {"state": "Optional."}
        # Let phones and browsers fill the address in.
        widgets = {
            field: forms.TextInput(attrs={"autocomplete": autocomplete})
            for field, autocomplete in [
                ("name", "name"),
                ("street", "street-address"),
                ("city", "address-level2"),
                ("state", "address-level1"),
                ("zip", "postal-code"),
                ("country", "country-name"),
            ]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = ADDRESS_FIELD_REQUIRED.format(label=field.label)
