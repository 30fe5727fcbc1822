"""The admin shows a new key once, in a message kept in the session (a database row), never in a cookie."""

import pytest
from django.contrib.sessions.models import Session

from api.models import APIKey

pytestmark = pytest.mark.django_db


def test_a_new_key_is_shown_from_the_session_and_never_set_in_a_cookie(staff_client):
    response = staff_client.post("/admin/api/apikey/add/", {"name": "Fulfilment partner"})
    assert response.status_code == 302
    assert "messages" not in response.cookies
    api_key = APIKey.objects.get(name="Fulfilment partner")
    session = Session.objects.get().get_decoded()
    assert api_key.prefix in str(session["_messages"])  # the message with the key waits in the session row

    page = staff_client.get(response["Location"])
    assert f"{api_key.prefix}." in page.content.decode()  # shown to staff, once
    assert "messages" not in page.cookies
    assert "_messages" not in Session.objects.get().get_decoded()  # shown once, then gone
