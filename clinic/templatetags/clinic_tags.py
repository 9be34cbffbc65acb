import datetime

from django import template

from clinic.models import Client

register = template.Library()


@register.filter
def age_on(client: Client, day: datetime.date) -> int | None:
    return client.age_on(day)
