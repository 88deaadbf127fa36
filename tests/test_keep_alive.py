"""The idle warning's keep-alive, and the markup drafts.js reads: each progress form and the lead's sheet name
the draft the browser keeps (user, form, object); the page says the idle limit and where sign-in is."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from actions.models import Action

pytestmark = pytest.mark.django_db


def test_keep_alive_renews_the_session_by_post_only(login, lead):
    client = login(lead)
    url = reverse("keep_alive")
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 204
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE  # renewed


def test_keep_alive_signed_out_sends_to_sign_in(seed):
    response = Client().post(reverse("keep_alive"))
    assert response.status_code == 302
    assert response["Location"].startswith(settings.LOGIN_URL_PATH)


def test_progress_forms_and_the_lead_sheet_keep_a_draft_per_user_form_and_object(login, lead, kingston_in_force):
    action = Action.objects.filter(lead_user=lead).order_by("pk").first()
    client = login(lead)
    page = client.get(reverse("actions:progress", args=[action.pk])).content.decode()
    assert f'data-draft-key="{lead.pk}:progress:{action.pk}"' in page
    assert f'data-idle-seconds="{settings.SESSION_COOKIE_AGE}"' in page
    assert 'data-keepalive-url="/session/keep-alive/"' in page
    assert 'data-login-path="/accounts/login/"' in page
    assert "/static/js/drafts.js" in page or "js/drafts" in page
    page = client.get(reverse("actions:my_actions")).content.decode()
    assert f'data-draft-key="{lead.pk}:my-actions:sheet"' in page


def test_a_post_after_the_session_expired_returns_to_the_form_after_sign_in(lead, login):
    action = Action.objects.filter(lead_user=lead).order_by("pk").first()
    url = reverse("actions:progress", args=[action.pk])
    response = Client().post(url, {"narrative": "typed before the session expired"})
    assert response.status_code == 302
    assert response["Location"] == f"{settings.LOGIN_URL_PATH}?next={url}"
