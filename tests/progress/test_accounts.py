"""Sign in, out and reset a password in the site's look; repeated failures lock out."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_the_sign_in_page_is_a_gov_uk_form(client):
    page = client.get(reverse("login")).text
    assert "govuk-input" in page and "Forgotten your password?" in page


def test_a_wrong_password_gets_a_gov_uk_error(client, olivia):
    page = client.post(reverse("login"), {"username": "olivia", "password": "wrong"}).text
    assert "There is a problem" in page and "Error: Sign in" in page


def test_an_officer_signs_in_to_their_dashboard_and_out_again(client, olivia):
    response = client.post(reverse("login"), {"username": "olivia", "password": "pw-for-tests-1"})
    assert response.status_code == 302 and response.url == reverse("progress:dashboard")
    assert "Sign out" in client.get(reverse("progress:dashboard")).text
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("progress:dashboard")).status_code == 302


def test_repeated_failed_sign_ins_lock_the_account_out(client, olivia, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "olivia", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "olivia", "password": "pw-for-tests-1"})
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.text


def test_a_password_reset_is_sent_by_email(client, olivia):
    response = client.post(reverse("password_reset"), {"email": "olivia@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def test_every_page_carries_a_content_security_policy_without_unsafe_inline(client):
    import base64
    import hashlib
    import re

    first = client.get("/areas/central-bedfordshire/")
    policy = first.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    # The one inline script runs because the policy names its exact text's hash; no other
    # inline script is on the page, and no nonce, so one rendering can serve every visitor.
    inline = re.findall(r"<script>(.*?)</script>", first.text, re.S)
    assert len(inline) == 1 and inline[0].startswith("document.body.className")
    digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
    assert f"script-src 'self' 'sha256-{digest}'" in policy
    assert "nonce" not in policy and "nonce=" not in first.text
    # The one inline style (the site's address, which a printed page writes before each
    # path) runs by its hash too.
    styles = re.findall(r"<style>(.*?)</style>", first.text, re.S)
    assert len(styles) == 1 and styles[0].startswith(":root{--app-site-url:")
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in policy
    assert client.get("/areas/luton/").headers["Content-Security-Policy"] == policy


def test_check_deploy_is_clean_under_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "send-tracker.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_an_empty_sign_in_says_which_boxes_to_fill(client):
    page = client.post(reverse("login"), {}).text
    assert "Enter your username" in page and "Enter your password" in page


def test_adding_a_person_in_the_admin_asks_for_their_email(admin_client):
    page = admin_client.get(reverse("admin:auth_user_add")).text
    assert 'name="email"' in page


def test_a_password_reset_lifts_a_lock_out(client, olivia, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "olivia", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "olivia", "password": "pw-for-tests-1"})
    assert locked.status_code == 429 and "reset your password" in locked.text

    client.post(reverse("password_reset"), {"email": "olivia@example.org"})
    link = re.search(r"http://127.0.0.1:8000(/accounts/reset/\S+/)", mail.outbox[0].body)[1]
    form = client.get(link, follow=True)
    new = {"new_password1": "a-new-pass-phrase-7", "new_password2": "a-new-pass-phrase-7"}
    assert client.post(form.redirect_chain[-1][0], new).status_code == 302

    signed_in = client.post(
        reverse("login"), {"username": "olivia", "password": "a-new-pass-phrase-7"}
    )
    assert signed_in.status_code == 302 and signed_in.url == reverse("progress:dashboard")


def test_the_reset_link_uses_the_sites_address_whatever_host_the_request_names(
    client, olivia, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "attacker.example"]
    settings.SITE_URL = "https://send-tracker.example.org"
    client.post(
        reverse("password_reset"),
        {"email": "olivia@example.org"},
        headers={"Host": "attacker.example"},
    )
    (email,) = mail.outbox
    assert "https://send-tracker.example.org/accounts/reset/" in email.body
    assert "attacker.example" not in email.body + email.subject


def test_signed_in_pages_are_kept_by_no_cache_and_sessions_last_a_working_day(
    client, olivia, settings
):
    signed_in = client.post(reverse("login"), {"username": "olivia", "password": "pw-for-tests-1"})
    assert signed_in.status_code == 302
    assert signed_in.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 60 * 60
    for url in (reverse("progress:dashboard"), "/areas/central-bedfordshire/"):
        response = client.get(url)
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url
        assert "camera=()" in response["Permissions-Policy"]


def test_public_pages_stay_cacheable_and_carry_the_permissions_policy(client):
    response = client.get("/areas/central-bedfordshire/")
    assert "no-store" not in response["Cache-Control"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "geolocation=()" in client.get("/areas/central-bedfordshire/")["Permissions-Policy"]
