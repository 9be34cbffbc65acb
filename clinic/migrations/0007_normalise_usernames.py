"""Every login name in its one spelling (clinic/lib/identity.py), as new accounts are stored.

Two existing accounts whose names are two spellings of one address cannot both keep it: the
migration stops, naming them, and changes nothing. Merge or rename them, then migrate again.
"""

from django.db import migrations

from clinic.lib.identity import normalise_identity

COLLISION = (
    "These logins are spellings of the same address and would become one: {pairs}. "
    "Rename or remove all but one of each group (manage.py shell, or the admin), then migrate "
    "again."
)


def normalise_usernames(apps, schema_editor) -> None:
    User = apps.get_model("auth", "User")
    groups: dict[str, list[str]] = {}
    for username in User.objects.values_list("username", flat=True):
        groups.setdefault(normalise_identity(username), []).append(username)
    collisions = [names for names in groups.values() if len(names) > 1]
    if collisions:
        pairs = "; ".join(" and ".join(sorted(names)) for names in collisions)
        raise RuntimeError(COLLISION.format(pairs=pairs))
    for normalised, (username,) in groups.items():
        if username != normalised:
            User.objects.filter(username=username).update(username=normalised)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("clinic", "0006_login_throttle"),
    ]

    operations = [
        # Going back leaves the names as they are: the normalised spelling signs in either way.
        migrations.RunPython(normalise_usernames, migrations.RunPython.noop),
    ]
