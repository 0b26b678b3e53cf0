"""Random tokens for the confirmation and unsubscribe links (they carried the address)."""

import django.utils.timezone
from django.db import migrations, models

import alerts.models


def give_each_subscription_its_tokens(apps, schema_editor):
    Subscription = apps.get_model("alerts", "Subscription")
    for subscription in Subscription.objects.all():
        subscription.confirm_token = alerts.models.new_token()
        subscription.unsubscribe_token = alerts.models.new_token()
        # Links already sent were signed and are no longer read: a waiting address asks again.
        subscription.confirm_sent_at = django.utils.timezone.now()
        subscription.save(update_fields=["confirm_token", "unsubscribe_token", "confirm_sent_at"])


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="confirm_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="subscription",
            name="unsubscribe_token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="subscription",
            name="confirm_sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(give_each_subscription_its_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="subscription",
            name="confirm_token",
            field=models.CharField(
                default=alerts.models.new_token, editable=False, max_length=64, unique=True
            ),
        ),
        migrations.AlterField(
            model_name="subscription",
            name="unsubscribe_token",
            field=models.CharField(
                default=alerts.models.new_token, editable=False, max_length=64, unique=True
            ),
        ),
    ]
