"""A board's members, kept by its managers: who holds which role, invitations by email, role changes and removals.
A new person's account has no password until they choose one from the invitation's link, which is allauth's
password-reset key (time-limited by PASSWORD_RESET_TIMEOUT, void once used: it signs the password hash). Every
change is a line in the security log (lscb.security.audit). Removing someone deletes their role only: their account
and what they recorded stay, attributed to them."""

import re

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from lscb.security import audit

from .access import Permissions, get_board_for_user
from .models import Membership

Role = Membership.Role
LAST_MANAGER = "A board needs at least one manager: make someone else its manager first."


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
    name = forms.CharField(label="Full name", max_length=150, required=False, help_text="For someone new.")
    role = forms.ChoiceField(label="Role", choices=Role.choices)

    def __init__(self, *args, board, **kwargs):
        self.board = board
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email:
            cleaned["user"] = find_user_by_email(email)
            if cleaned["user"] and cleaned["user"].memberships.filter(board=self.board).exists():
                held = cleaned["user"].memberships.get(board=self.board).get_role_display()
                self.add_error("email", f"{email} is already a member of this board ({held}): change their role below.")
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


def find_user_by_email(email):
    """The account with this email address (its allauth address or its own field), if any."""
    User = get_user_model()
    return (
        User.objects.filter(Q(emailaddress__email__iexact=email) | Q(email__iexact=email))
        .order_by("pk")
        .distinct()
        .first()
    )


def _manager_board(request, slug):
    """The board if the user holds a role on it (404 otherwise), and manages it (403 otherwise)."""
    board = get_board_for_user(request.user, slug)
    Permissions.of(board.role).require("manage_members")
    return board


def _new_username(email):
    User = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0])[:140] or "member"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


def _absolute(request, path):
    return request.build_absolute_uri(path)


def _send(template, to, context):
    subject, _, body = render_to_string(template, context).partition("\n")
    send_mail(subject.strip(), body.lstrip("\n"), None, [to])


def password_link(request, user):
    """allauth's own "set a new password" link for the user (the one its password reset emails)."""
    key = default_token_generator.make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    return _absolute(request, path)


@transaction.atomic
def invite(request, board, email, name, role, user=None):
    """Give `email` the role on the board: an existing account gains it and is told; otherwise an account is made,
    with no usable password, and its owner is sent the link to choose one."""
    created = user is None
    if created:
        first, _, last = name.strip().partition(" ")
        user = get_user_model().objects.create(
            username=_new_username(email), email=email, first_name=first[:150], last_name=last[:150]
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    membership = Membership.objects.create(user=user, board=board, role=role)
    context = {
        "board": board,
        "role": membership.get_role_display(),
        "inviter": request.user,
        "user": user,
        "board_url": _absolute(request, reverse("reporting:board", args=[board.slug])),
    }
    if created:
        context["password_url"] = password_link(request, user)
        transaction.on_commit(lambda: _send("boards/email/invitation.txt", email, context))
    else:
        transaction.on_commit(lambda: _send("boards/email/role_given.txt", email, context))
    audit(request, "member invited", board=board.slug, member=user.get_username(), role=role, new_account=created)
    return membership


def members(request, slug):
    """Who holds which role on the board, and the form to invite someone."""
    board = _manager_board(request, slug)
    form = InviteForm(request.POST or None, board=board)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            membership = invite(request, board, data["email"], data["name"], data["role"], data["user"])
            messages.success(
                request,
                f"{membership.user.email} is now {membership.get_role_display().lower()} of {board.short_name}"
                + (": we emailed them a link to choose a password." if data["user"] is None else "; we told them."),
            )
            return redirect("boards:members", board.slug)
    people = board.memberships.select_related("user").order_by("user__last_name", "user__first_name", "user__username")
    return render(
        request,
        "boards/members.html",
        {"board": board, "can": Permissions.of(board.role), "people": people, "form": form, "roles": Role.choices},
        status=400 if form.errors else 200,
    )


def _membership(request, slug, pk):
    board = _manager_board(request, slug)
    return board, get_object_or_404(Membership.objects.select_related("user"), pk=pk, board=board)


def _managers_left_without(board, membership):
    return board.memberships.filter(role=Role.MANAGER).exclude(pk=membership.pk).count()


def change_role(request, slug, pk):
    """A member's role on this board, changed; the board keeps at least one manager. Access first (404, 403), then
    the method, so that a GET reveals no more than a POST."""
    board, membership = _membership(request, slug, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RoleForm(request.POST)
    if not form.is_valid():
        choices = ", ".join(label for _, label in Role.choices)
        messages.error(request, f"Choose a role for {membership.user.get_username()}: {choices}.")
        return redirect("boards:members", board.slug)
    role = form.cleaned_data["role"]
    if membership.role == Role.MANAGER and role != Role.MANAGER and not _managers_left_without(board, membership):
        messages.error(request, LAST_MANAGER)
        return redirect("boards:members", board.slug)
    if role != membership.role:
        before = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit(
            request,
            "member role changed",
            board=board.slug,
            member=membership.user.get_username(),
            before=before,
            after=role,
        )
        messages.success(request, f"{membership.user.get_username()} is now {membership.get_role_display().lower()}.")
    return redirect("boards:members", board.slug)


def remove(request, slug, pk):
    """GET asks to confirm; POST takes the role away. The account and what it recorded stay."""
    board, membership = _membership(request, slug, pk)
    last_manager = membership.role == Role.MANAGER and not _managers_left_without(board, membership)
    if request.method == "POST":
        if last_manager:
            messages.error(request, LAST_MANAGER)
            return redirect("boards:members", board.slug)
        membership.delete()
        audit(request, "member removed", board=board.slug, member=membership.user.get_username(), role=membership.role)
        messages.success(request, f"{membership.user.get_username()} no longer holds a role on {board.short_name}.")
        return redirect("boards:members", board.slug)
    return render(
        request, "boards/member_remove.html", {"board": board, "membership": membership, "last_manager": last_manager}
    )
