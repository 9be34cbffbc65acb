"""A version on exercises and prescriptions, bumped by every UPDATE, and who saved them last
(see clinic/lib/versions.py)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from clinic.lib.versions import bump_version_sql


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0003_client_saved_by"),
        ("exercises", "0003_dose_limits_shared_with_treatment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="exercise",
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
        migrations.AddField(
            model_name="exercise",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="prescription",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="prescription",
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
        migrations.AddField(
            model_name="prescription",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.RunSQL(*bump_version_sql("exercises_exercise")),
        migrations.RunSQL(*bump_version_sql("exercises_prescription")),
    ]
