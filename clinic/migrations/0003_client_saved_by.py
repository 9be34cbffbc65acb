"""Who saved a client last, and every UPDATE of a client bumps its version (see
clinic/lib/versions.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from clinic.lib.versions import bump_version_sql


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0002_login_failures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="updated_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunSQL(*bump_version_sql("clinic_client")),
    ]
