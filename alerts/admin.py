from django.contrib import admin
from django.http import HttpRequest

from alerts.models import SentAlert, Subscription


class SentAlertInline(admin.TabularInline):
    model = SentAlert
    extra = 0
    readonly_fields = ["item", "emailed", "sent_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "area", "created_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["area__region"]
    search_fields = ["email", "area__name"]
    readonly_fields = ["created_at", "confirmed_at"]
    inlines = [SentAlertInline]
