from django import template
from django.utils.safestring import SafeString

from exercises.dose import Dose, dose_html

register = template.Library()


@register.filter(name="dose_html")
def dose_html_filter(dose: Dose) -> SafeString:
    """`{{ prescription.dose|dose_html }}`: the one dose text, with its numbers marked up."""
    return dose_html(dose)
