from django.http import HttpResponseNotAllowed


def post_only(request):
    """A 405 for anything but POST, to return AFTER the access check, so that another board's id is a 404
    whatever the method (Django's require_POST would answer 405 before looking)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])
