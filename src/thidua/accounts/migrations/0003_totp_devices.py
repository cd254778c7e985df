"""Move each user's TOTP secret (pyotp, base32) into a django-otp TOTPDevice (hex key).

Reversible: going back writes the device's key into ``totp_secret`` again. The key is the same
secret, so the authenticator apps already enrolled keep working.
"""

import base64

from django.db import migrations


def _to_hex(secret):
    secret = secret.strip().upper()
    secret += "=" * (-len(secret) % 8)
    return base64.b32decode(secret).hex()


def forward(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for user in User.objects.exclude(totp_secret=""):
        TOTPDevice.objects.create(
            user=user, name="default", confirmed=bool(user.totp_enabled), key=_to_hex(user.totp_secret),
            # The last step used stays used: no replay of a code across the upgrade.
            last_t=user.totp_last_step if user.totp_last_step is not None else -1,
        )


def backward(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.order_by("-confirmed", "pk"):
        user = User.objects.get(pk=device.user_id)
        if user.totp_secret:
            continue
        user.totp_secret = base64.b32encode(bytes.fromhex(device.key)).decode().rstrip("=")
        user.totp_last_step = device.last_t if device.last_t >= 0 else None
        user.totp_enabled = bool(device.confirmed)
        user.save(update_fields=["totp_secret", "totp_last_step", "totp_enabled"])


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_totp_last_step"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(forward, backward)]
