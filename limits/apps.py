from django.apps import AppConfig


class LimitsConfig(AppConfig):
    """Who is asking (behind trusted proxies) and how often: the limits on public forms."""

    name = "limits"
    verbose_name = "Rate limits"
