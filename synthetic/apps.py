from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    """Synthetic history for benchmarks and scale tests: installed only in development."""

    name = "synthetic"
    verbose_name = "Synthetic data for benchmarks"
