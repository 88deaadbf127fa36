"""The project's URLs plus `bench/hello/`: the floor a page is compared with (the same client, middleware, session
and user lookups, nothing else)."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("Hello, world")


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path("", include("lscb.urls")),
]
