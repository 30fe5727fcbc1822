"""The admin is for staff only, and django-axes stops password guessing on its login."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
LOCKED_OUT = "Account locked: too many login attempts. Please try again later."


@pytest.fixture
def guessed(staff_user):
    """Posts wrong passwords for the staff user (the failure limit's number by default); returns the statuses."""

    def guess(client, *, times=settings.AXES_FAILURE_LIMIT, **extra):
        data = {"username": staff_user.username, "password": "wrong"}
        return [client.post(LOGIN, data, **extra).status_code for _ in range(times)]

    return guess


def log_in(client, **extra):
    return client.post(LOGIN, {"username": "staff", "password": "staff-password"}, **extra)


def test_the_admin_sends_anonymous_visitors_to_its_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_the_admin_refuses_a_logged_in_user_who_is_not_staff(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="customer", password="x"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_staff_log_in_with_the_right_password(client, staff_user):
    response = log_in(client)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


@pytest.mark.parametrize("query", ["", "?next=", "?next=https://evil.example/"])
def test_a_login_without_a_safe_next_goes_to_the_admin_index(staff_user, query):
    client = Client(enforce_csrf_checks=True)
    form = client.get(LOGIN + query)
    assert form.status_code == 200
    data = {"username": "staff", "password": "staff-password", "csrfmiddlewaretoken": form.context["csrf_token"]}
    response = client.post(LOGIN + query, data)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_the_login_url_is_the_admin_login(client):
    assert client.get(resolve_url(settings.LOGIN_URL)).status_code == 200
    assert resolve_url(settings.LOGIN_URL) == LOGIN


def test_the_failure_that_reaches_the_limit_locks_the_login_out(client, guessed):
    # The form again, with its error, until the last failure.
    assert guessed(client) == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]


def test_once_locked_out_even_the_right_password_is_refused(client, guessed):
    guessed(client)
    response = log_in(client)
    assert response.status_code == 429
    assert response.content.decode() == LOCKED_OUT
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("staff", "127.0.0.1")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT + 1


def test_one_failure_less_than_the_limit_still_lets_staff_in(client, guessed):
    guessed(client, times=settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client).status_code == 302


def test_a_successful_login_starts_the_count_again(client, guessed):
    guessed(client, times=settings.AXES_FAILURE_LIMIT - 1)
    log_in(client)
    assert guessed(Client(), times=settings.AXES_FAILURE_LIMIT - 1) == [200] * (settings.AXES_FAILURE_LIMIT - 1)


def test_a_lockout_does_not_lock_the_same_user_out_from_another_address(guessed):
    guessed(Client(REMOTE_ADDR="198.51.100.1"))
    assert log_in(Client(REMOTE_ADDR="198.51.100.1")).status_code == 429
    assert log_in(Client(REMOTE_ADDR="198.51.100.2")).status_code == 302


def test_the_lockout_lifts_after_the_cooloff(client, guessed):
    guessed(client)
    assert log_in(client).status_code == 429
    # Move the failures back in time rather than wait: the clock is the data's.
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME)
    assert log_in(client).status_code == 302


def test_behind_proxies_the_client_address_comes_from_x_forwarded_for(guessed, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    guessed(Client(), HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert log_in(Client(), HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert log_in(Client(), HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302
    assert AccessAttempt.objects.get().ip_address == "198.51.100.1"


def test_by_default_five_failures_lock_out_for_fifteen_minutes():
    limits = (settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME)
    assert limits == (5, timedelta(minutes=15))


def test_an_address_guessing_across_usernames_is_locked_out_and_another_address_is_not(staff_user):
    # 4 passwords on each of 30 usernames: never the pair's limit, 120 failures from one address.
    guesser = Client(REMOTE_ADDR="198.51.100.1")
    statuses = [
        guesser.post(LOGIN, {"username": f"user{n}", "password": f"guess{g}"}).status_code
        for n in range(30)
        for g in range(4)
    ]
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    assert statuses == [200] * (limit - 1) + [429] * (120 - limit + 1)
    locked = log_in(guesser)
    assert (locked.status_code, locked.content.decode()) == (429, LOCKED_OUT)
    assert log_in(Client(REMOTE_ADDR="198.51.100.2")).status_code == 302


def test_the_address_limit_is_higher_than_the_pair_limit_by_default():
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_ADDRESS_FAILURE_LIMIT) == (5, 50)
