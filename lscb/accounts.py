"""The accounts adapter (django-allauth): nobody signs themselves up, and allauth sees the client's address as the
rest of the site does (behind TRUSTED_PROXY_COUNT proxies: lscb.security.client_ip)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.views import ActivateTOTPView as AllauthActivateTOTPView

from .security import client_ip


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # the words the site's sign-in page has always used
        "username_password_mismatch": (
            "Please enter a correct username and password. Note that both fields may be case-sensitive."
        ),
    }

    def is_open_for_signup(self, request):
        """People are added by a site administrator or invited by a board's manager, never by themselves."""
        return False

    def get_client_ip(self, request):
        return client_ip(request)

    def pre_authenticate(self, request, **credentials):
        """Password guessing is django-axes' to throttle (lscb.login_throttle: per username+address and per address,
        never per username alone, which would let anyone lock a named user out). allauth's own "login_failed" limit
        is left to what else uses it: wrong two-factor codes, per user."""


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form, its "forgotten password" link moved below the Sign in button (the template), so that
    Tab goes from the password straight to the button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class ActivateTOTPView(AllauthActivateTOTPView):
    """allauth's TOTP set-up; the code just entered from the app counts as this session's MFA step, so a manager sent
    to set it up (boards.mfa) goes on using the site without signing in again."""

    def form_valid(self, form):
        response = super().form_valid(form)
        totp = Authenticator.objects.get(user=self.request.user, type=Authenticator.Type.TOTP)
        record_authentication(self.request, self.request.user, "mfa", type=totp.type, id=totp.pk)
        return response
