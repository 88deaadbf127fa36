from django.db.models import Count
from django.shortcuts import render

from .models import Membership


def board_list(request):
    """The boards the user holds a role on, with that role: the home page."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("board")
        .annotate(plan_count=Count("board__plans", distinct=True))
        .order_by("board__name")
    )
    return render(request, "boards/board_list.html", {"memberships": memberships})
