"""App configuration for the cookie catalogue."""

from django.apps import AppConfig


class CookiesConfig(AppConfig):
    name = "cookies"
    verbose_name = "Cookie catalogue"
