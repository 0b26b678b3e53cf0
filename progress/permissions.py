"""Who may write what. Every write view asks here; hidden buttons are only a courtesy."""

from django.core.exceptions import PermissionDenied

from areas.models import Area
from progress.models import Membership, ProgressUpdate, Role, Visibility


def has_role(user, area: Area, role: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return role in roles_in(user, area)


def roles_in(user, area: Area) -> set[str]:
    """The user's roles in an area, asked of the database once per user object."""
    cache = user.__dict__.setdefault("_area_roles", {})
    if area.pk not in cache:
        cache[area.pk] = set(
            Membership.objects.filter(user=user, area=area).values_list("role", flat=True)
        )
    return cache[area.pk]


def can_log_progress(user, area: Area) -> bool:
    return has_role(user, area, Role.OFFICER)


def can_respond(user, update: ProgressUpdate) -> bool:
    return update.visibility == "public" and has_role(user, update.area, Role.FORUM)


def can_read_history(user, update: ProgressUpdate) -> bool:
    """Whoever cannot see an update cannot see its history.

    Earlier wording may have been corrected for a reason (a child's name, say): the versions are
    for the area's officers and admins, and for its forum while the update is public and current.
    """
    if can_log_progress(user, update.area):
        return True
    return (
        update.visibility == Visibility.PUBLIC
        and not update.is_withdrawn
        and has_role(user, update.area, Role.FORUM)
    )


def require_officer(user, area: Area) -> None:
    if not can_log_progress(user, area):
        raise PermissionDenied(f"Only {area.name}'s officers can log its progress.")


def require_forum(user, update: ProgressUpdate) -> None:
    if not can_respond(user, update):
        raise PermissionDenied("Only the area's parent carer forum can respond to its updates.")
