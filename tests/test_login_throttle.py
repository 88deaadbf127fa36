"""Sign-in throttling behind the documented TLS proxy: the lockout is keyed on the client's address, not the
proxy's, so an attacker cannot lock a named user out for everyone; and one address cannot spray passwords across
usernames."""

import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
PROXY = "10.0.0.2"  # the TLS proxy in front of the app: every request arrives from it
ATTACKER = "203.0.113.66"
COLLEAGUE = "198.51.100.20"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def through_proxy(client_address, sent_header=None):
    """A browser at client_address, its request passed on by our proxy, which appends the address it saw to
    whatever X-Forwarded-For the client sent."""
    forwarded = f"{sent_header}, {client_address}" if sent_header else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def sign_in(client, username, password):
    return client.post(LOGIN, {"login": username, "password": password})


def test_an_attacker_behind_the_proxy_is_throttled_and_the_real_user_still_gets_in(seed, behind_proxy):
    attacker = through_proxy(ATTACKER)
    for _ in range(9):
        assert sign_in(attacker, "kingston-chair", "wrong").status_code == 200
    assert sign_in(attacker, "kingston-chair", "wrong").status_code == 429
    assert sign_in(attacker, "kingston-chair", "safeguarding").status_code == 429  # the attacker's address is locked
    # the chair at their own desk, through the same proxy, signs in
    assert sign_in(through_proxy(COLLEAGUE), "kingston-chair", "safeguarding").status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_lockout(seed, behind_proxy):
    """The client may put anything in X-Forwarded-For; only the entry our proxy appended counts."""
    for n in range(10):
        sign_in(through_proxy(ATTACKER, sent_header=f"192.0.2.{n}"), "kingston-chair", "wrong")
    assert (
        sign_in(through_proxy(ATTACKER, sent_header="192.0.2.99"), "kingston-chair", "safeguarding").status_code == 429
    )


def test_the_security_log_names_the_client_not_the_proxy(seed, behind_proxy, caplog):
    caplog.set_level(logging.INFO, logger="lscb.security")
    sign_in(through_proxy(COLLEAGUE), "kingston-chair", "wrong")
    assert any(f"user=kingston-chair ip={COLLEAGUE} " in r.getMessage() for r in caplog.records)


def test_spraying_passwords_across_usernames_from_one_address_is_limited(seed, behind_proxy):
    attacker = through_proxy(ATTACKER)
    for n in range(29):  # about three wrong passwords each for ten usernames: no pair reaches its own limit of ten
        assert sign_in(attacker, f"user{n % 10}", "wrong").status_code == 200
    assert sign_in(attacker, "user9", "wrong").status_code == 429  # the address's thirtieth failure locks it
    refused = sign_in(attacker, "kingston-chair", "safeguarding")
    assert refused.status_code == 429
    assert "locked for 15 minutes" in refused.content.decode()
    # the address is locked, not the accounts: the chair from elsewhere gets in
    assert sign_in(through_proxy(COLLEAGUE), "kingston-chair", "safeguarding").status_code == 302


def test_a_few_typos_across_an_office_do_not_lock_the_office(seed, behind_proxy):
    office = through_proxy(COLLEAGUE)
    for n in range(29):
        sign_in(office, f"colleague{n}", "wrong")
    assert sign_in(office, "kingston-chair", "safeguarding").status_code == 302


def test_a_client_address_that_is_not_an_address_falls_back_to_the_proxys(seed, settings):
    """Two proxies configured but one in front: the second entry from the right is what the client sent."""
    settings.TRUSTED_PROXY_COUNT = 2
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address, 203.0.113.5")
    assert sign_in(client, "kingston-chair", "wrong").status_code == 200  # not a 500 from storing the address
