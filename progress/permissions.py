"""Who may do what. Every view asks here; hidden buttons are only a courtesy.

Powers come from two places and nowhere else. An area role (a membership) gives that role's
powers in that area. A Django model permission, the same one that opens the admin's progress
pages, gives the matching power in every area: adding updates, changing them (edit, withdraw,
restore), viewing them all (internal ones and their history) or adding forum responses.
Superusers hold every permission. Being staff alone gives nothing here.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied

from areas.models import Area
from progress.models import Membership, ProgressUpdate, Role, Visibility, sees_every_update

# Whoever is asking: signed in, or not.
Person = User | AnonymousUser


def has_role(user: Person, area: Area, role: str) -> bool:
    if isinstance(user, AnonymousUser):  # not signed in
        return False
    return role in roles_in(user, area)


def roles_in(user: User, area: Area) -> set[str]:
    """The user's roles in an area, asked of the database once per user object."""
    cache: dict[int, set[str]] = user.__dict__.setdefault("_area_roles", {})
    if area.pk not in cache:
        cache[area.pk] = set(
            Membership.objects.filter(user=user, area=area).values_list("role", flat=True)
        )
    return cache[area.pk]


def can_log_progress(user: Person, area: Area) -> bool:
    return has_role(user, area, Role.OFFICER) or user.has_perm("progress.add_progressupdate")


def can_change_progress(user: Person, area: Area) -> bool:
    """Edit and withdraw the area's updates."""
    return has_role(user, area, Role.OFFICER) or user.has_perm("progress.change_progressupdate")


def can_restore(user: Person) -> bool:
    return user.has_perm("progress.change_progressupdate")


def can_respond(user: Person, update: ProgressUpdate) -> bool:
    return update.visibility == Visibility.PUBLIC and (
        has_role(user, update.area, Role.FORUM) or user.has_perm("progress.add_forumresponse")
    )


def can_read_history(user: Person, update: ProgressUpdate) -> bool:
    """Whoever cannot see an update cannot see its history.

    Earlier wording may have been corrected for a reason (a child's name, say): the versions are
    for the area's officers and admins, and for its forum while the update is public and current.
    """
    if has_role(user, update.area, Role.OFFICER) or sees_every_update(user):
        return True
    return (
        update.visibility == Visibility.PUBLIC
        and not update.is_withdrawn
        and has_role(user, update.area, Role.FORUM)
    )


def reads_every_version(user: Person, area: Area) -> bool:
    """The area's officers and admins read every version of an update and who saved it; its
    forum reads only the versions that were public when saved, signed with the council's name."""
    return has_role(user, area, Role.OFFICER) or sees_every_update(user)


def require_officer(user: Person, area: Area) -> None:
    if not can_log_progress(user, area):
        raise PermissionDenied(f"Only {area.name}'s officers can log its progress.")


def require_change(user: Person, area: Area) -> None:
    if not can_change_progress(user, area):
        raise PermissionDenied(f"Only {area.name}'s officers can change its updates.")


def require_forum(user: Person, update: ProgressUpdate) -> None:
    if not can_respond(user, update):
        raise PermissionDenied("Only the area's parent carer forum can respond to its updates.")
