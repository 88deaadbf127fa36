"""Django's admin, where the site's administrators keep the national reviews and whatever no page edits: every model
registered there lists, offers its add form and opens a row's change form, each as the admin renders it (its own
widgets: dates, related objects, filter_horizontal). The project's form renderer draws Django's widgets from Jinja2
copies and the admin's from Django's templates (lscb.forms.WidgetRenderer): before, any change form with a date
answered 500. Only a superuser gets in."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def site_admin(seed):
    return get_user_model().objects.create_superuser(username="site-admin", password="x" * 20)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_admin_page_of_a_model_renders(login, site_admin, model):
    client, model_admin, request = login(site_admin), admin.site._registry[model], RequestFactory().get("/")
    request.user = site_admin
    meta = model._meta
    name = f"admin:{meta.app_label}_{meta.model_name}"
    assert client.get(reverse(f"{name}_changelist")).status_code == 200
    if model_admin.has_add_permission(request):
        assert 'name="_save"' in client.get(reverse(f"{name}_add")).content.decode()
    row = model._default_manager.order_by("pk").first()
    if row is not None:  # a change form, or the row on view only where it may not change (a progress update)
        page = client.get(reverse(f"{name}_change", args=[row.pk]))
        assert page.status_code == 200
        assert ('name="_save"' in page.content.decode()) == model_admin.has_change_permission(request, row)


def test_the_admin_is_for_superusers_only(login, manager, auditor):
    for user in (manager, auditor):
        response = login(user).get(reverse("admin:plans_plan_changelist"))
        assert response.status_code == 302 and "/login/" in response["Location"]
