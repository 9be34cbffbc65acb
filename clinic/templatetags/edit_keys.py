import uuid

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from clinic.idempotency import FIELD

register = template.Library()


@register.simple_tag
def edit_key() -> SafeString:
    """A new key for the next edit this form sends (clinic/idempotency.py). Every rendering
    makes a new one; the page's script (static/js/saves.js) sends a value again with the key
    it first went with, and makes a new key when the values change."""
    return format_html(
        '<input type="hidden" name="{}" value="{}" data-edit-key>', FIELD, uuid.uuid4()
    )
