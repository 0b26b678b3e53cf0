from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from areas.admin import AreaAdmin
from areas.history_admin import HistoryAdmin, KeptHistoryAdmin
from areas.models import Area
from progress.models import ForumResponse, Membership, ProgressUpdate


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = "member"
    verbose_name_plural = "members (area officers and forum representatives)"


# An area's page in the admin lists its members: areas sits below progress, so progress adds them.
admin.site.unregister(Area)


@admin.register(Area)
class AreaWithMembersAdmin(AreaAdmin):
    inlines = [*AreaAdmin.inlines, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "area", "role"]
    list_filter = ["role", "area__region"]
    list_select_related = ["user", "area"]
    search_fields = ["user__username", "user__email", "area__name"]
    autocomplete_fields = ["user", "area"]


class ForumResponseInline(admin.StackedInline):
    model = ForumResponse
    extra = 0
    can_delete = False  # withdraw instead: responses are kept
    readonly_fields = ["author", "created_at"]
    fields = ["text", "author", "created_at", "withdrawn_at"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(KeptHistoryAdmin):
    list_display = ["__str__", "area", "rag", "visibility", "author", "withdrawn_at"]
    list_filter = [
        "rag",
        "visibility",
        ("withdrawn_at", admin.EmptyFieldListFilter),
        "area__region",
    ]
    list_select_related = ["area", "weakness", "finding", "author"]
    search_fields = ["summary", "details", "area__name", "weakness__reference"]
    date_hierarchy = "date"
    autocomplete_fields = ["area", "weakness", "author"]
    raw_id_fields = ["finding"]
    readonly_fields = ["created_at", "updated_at", "withdrawn_at", "withdrawn_by"]
    inlines = [ForumResponseInline]
    actions = ["withdraw", "restore"]

    @admin.action(
        description="Withdraw the selected updates (hidden, kept)", permissions=["change"]
    )
    def withdraw(self, request: HttpRequest, queryset: QuerySet[ProgressUpdate]) -> None:
        assert not isinstance(request.user, AnonymousUser)  # only signed-in staff reach it
        for update in queryset.filter(withdrawn_at__isnull=True):
            update.withdrawn_at, update.withdrawn_by = timezone.now(), request.user
            update.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        self.message_user(request, "Withdrawn. They stay in the history.", messages.SUCCESS)

    @admin.action(description="Restore the selected withdrawn updates", permissions=["change"])
    def restore(self, request: HttpRequest, queryset: QuerySet[ProgressUpdate]) -> None:
        for update in queryset.filter(withdrawn_at__isnull=False):
            update.withdrawn_at, update.withdrawn_by = None, None
            update.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        self.message_user(request, "Restored.", messages.SUCCESS)


User = get_user_model()
admin.site.unregister(User)


class UserMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["area"]
    verbose_name = "area role"


@admin.register(User)
class PersonAdmin(UserAdmin):
    """Asks for an email address when adding someone: password resets are sent there."""

    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "first_name",
                    "last_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    inlines = [UserMembershipInline]
