"""The set-up QR code, drawn on the server as inline SVG: no image service, nothing for the
Content-Security-Policy to allow."""

from base64 import b32encode

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address of the device as an SVG element, scaled by CSS."""
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(
        scale=4,
        border=4,
        omitsize=True,
        svgclass="qr-code",
        lineclass=None,
        title="QR code for your authenticator app",
        dark="#000",
        light="#fff",
    )
    # With role="img", screen readers read the title rather than the drawing's paths.
    return svg.replace("<svg ", '<svg role="img" ', 1)


def secret_for_typing(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for an app that cannot scan."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
