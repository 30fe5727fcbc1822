"""Catalogue URLs: the home page and one page per cookie."""

from django.urls import path

from . import views

app_name = "cookies"

urlpatterns = [
    path("", views.CookieListView.as_view(), name="list"),
    path("cookies/<slug:slug>/", views.CookieDetailView.as_view(), name="detail"),
]
