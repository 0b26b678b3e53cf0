"""Records of every kind for the backup test, and a snapshot of every row of every table.

Both run inside a subprocess pointed at the test's own database (tests/servers.run_python),
after Django is set up.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from decimal import Decimal

# Not data: the schema's own record, which `migrate` writes afresh (with new dates) in a new
# database. Every other table must hold rows before the backup, and the same rows after.
NOT_DATA = {"django_migrations"}


def add_every_kind_of_record() -> None:
    """Users, roles, updates (edited and withdrawn) with their history, forum responses, alerts,
    mistake reports, the admin log, a session and django-axes' login records, on top of the
    real data, so that every table holds something the backup could lose."""
    from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
    from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from alerts.models import SentAlert, Subscription
    from areas.models import Area, MistakeReport
    from freshness.models import Check, FoundReport, Result, Status
    from inspections.models import Finding, FindingKind, Inspection, SignificantWeakness
    from limits.counting import over_limit
    from progress.models import ForumResponse, Membership, ProgressUpdate, Role, Visibility

    User = get_user_model()
    now = timezone.now()

    def saved(instance, by, **fields):
        """Save as `by` would in the admin or on the site, so the history records who."""
        for name, value in fields.items():
            setattr(instance, name, value)
        instance._history_user = by
        instance.save()
        return instance

    ada = User.objects.create_superuser("ada", "ada@example.org", "a long password 1")
    olivia = User.objects.create_user("olivia", "olivia@example.org", "a long password 2",
                                      first_name="Olivia", last_name="O’Neill")  # fmt: skip
    fiona = User.objects.create_user("fiona", "fiona@example.org", "a long password 3")
    sam = User.objects.create_user("sam", "sam@example.org", "a long password 4", is_staff=True)
    sam.user_permissions.add(Permission.objects.get(codename="view_progressupdate"))
    editors = Group.objects.create(name="Letter editors")
    editors.permissions.add(*Permission.objects.filter(codename__in=["change_area", "add_source"]))
    sam.groups.add(editors)
    User.objects.filter(pk=olivia.pk).update(last_login=now)

    beds = Area.objects.get(slug="central-bedfordshire")
    saved(beds, ada, website="https://www.centralbedfordshire.gov.uk/send")
    saved(Membership(user=olivia, area=beds, role=Role.OFFICER), ada)
    saved(Membership(user=fiona, area=beds, role=Role.FORUM), ada)
    gone = saved(Membership(user=sam, area=Area.objects.get(slug="luton"), role=Role.OFFICER), ada)
    gone._history_user = ada
    gone.delete()  # its history keeps it, pointing at a row no longer there

    weakness = SignificantWeakness.objects.get(reference="CB-2019-1")
    finding = Finding.objects.filter(kind=FindingKind.PRIORITY_ACTION).first()
    public = saved(
        ProgressUpdate(
            area=beds, weakness=weakness, date=dt.date(2025, 3, 14), rag="amber",
            summary="Two thirds of EHC plans reviewed on time", author=olivia,
            details="Reviews caught up – “with a backlog of 120 cleared”.",
            evidence_links="https://example.org/board-paper.pdf",
            next_steps="Keep the weekly panel.",
        ),
        olivia,
    )  # fmt: skip
    saved(public, olivia, rag="green", summary="Nine in ten EHC plans reviewed on time")
    saved(
        ProgressUpdate(
            area=finding.inspection.area, finding=finding, date=dt.date(2025, 5, 1), rag="red",
            summary="Waiting lists still growing", visibility=Visibility.INTERNAL, author=olivia,
        ),
        olivia,
    )  # fmt: skip
    withdrawn = saved(
        ProgressUpdate(area=beds, weakness=weakness, date=dt.date(2025, 4, 2), rag="red",
                       summary="Posted on the wrong weakness", author=olivia),
        olivia,
    )  # fmt: skip
    saved(withdrawn, olivia, withdrawn_at=now, withdrawn_by=olivia)

    saved(ForumResponse(update=public, author=fiona, text="Families tell us the same."), fiona)
    saved(ForumResponse(update=public, author=fiona, text="Sent twice.", withdrawn_at=now), fiona)

    confirmed = Subscription.objects.create(email="parent@example.org", area=beds,
                                            confirmed_at=now)  # fmt: skip
    Subscription.objects.create(email="waiting@example.org", area=beds)
    SentAlert.objects.create(subscription=confirmed, item="inspection-1", emailed=False)
    SentAlert.objects.create(subscription=confirmed, item=f"update-{public.pk}")

    MistakeReport.objects.create(area=beds, what_is_wrong="The revisit date is a week out.",
                                 email="reader@example.org", page="/areas/central-bedfordshire/")  # fmt: skip
    MistakeReport.objects.create(area=beds, what_is_wrong="Fixed now", dealt_with=True,
                                 notes="Checked against the letter.")  # fmt: skip
    # A limit's count this hour (limits/counting.py): kept, so a restore mid-hour keeps it.
    over_limit("mistake-reports:203.0.113.5", 5)

    # The daily check for new reports (freshness/): a check, and a report it found, queued.
    check = Check.objects.create(started_at=now, finished_at=now, result=Result.SUCCEEDED,
                                 rows=96, new_reports=1, changes=["Cornwall: new report"],
                                 warnings=["Blackpool: the table disagrees"])  # fmt: skip
    cornwall = Inspection.objects.filter(area__slug="cornwall", framework="2023").first()
    FoundReport.objects.create(inspection=cornwall, link="https://files.ofsted.gov.uk/v1/file/1",
                               found_by=check, found_at=now, status=Status.FAILED,
                               reason="It answered 404 Not Found.", attempts=1)  # fmt: skip

    area_type = ContentType.objects.get_for_model(Area)
    LogEntry.objects.create(user=ada, content_type=area_type, object_id=str(beds.pk),
                            object_repr=str(beds), action_flag=CHANGE,
                            change_message='[{"changed": {"fields": ["Website"]}}]')  # fmt: skip
    LogEntry.objects.create(user=ada, content_type=ContentType.objects.get_for_model(User),
                            object_id=str(olivia.pk), object_repr="olivia",
                            action_flag=ADDITION)  # fmt: skip

    session = SessionStore()
    session["_auth_user_id"] = str(olivia.pk)
    session.create()

    seen = {"user_agent": "Mozilla/5.0", "ip_address": "192.0.2.7", "http_accept": "text/html",
            "path_info": "/accounts/login/"}  # fmt: skip
    attempt = AccessAttempt.objects.create(username="olivia", get_data="", failures_since_start=2,
                                           post_data="username=olivia", **seen)  # fmt: skip
    AccessAttemptExpiration.objects.create(access_attempt=attempt,
                                           expires_at=now + dt.timedelta(hours=1))  # fmt: skip
    AccessFailureLog.objects.create(username="olivia", locked_out=False, **seen)
    AccessLog.objects.create(username="olivia", session_hash="0" * 64, **seen)


def _plain(value):
    """A value as JSON can hold it, the same way before and after."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def snapshot(path: str) -> None:
    """Every row of every table, column by column, written to `path` as JSON.

    A many-to-many table Django makes by itself (such as an area's predecessors) is kept as
    its pairs, without its own id: nothing refers to that id, and a restore, like any re-save
    of the relation, numbers the rows afresh.
    """
    from django.apps import apps
    from django.db import connection

    pairs_only = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.auto_created
    }
    tables = {}
    with connection.cursor() as cursor:
        # A full-text index (SQLite FTS5) keeps its words in shadow tables whose bytes depend
        # on the order rows went in: compare the index's own rows, not its shadows.
        virtual = []
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
            virtual = [name for (name,) in cursor.fetchall()]
        for table in sorted(connection.introspection.table_names()):
            if table in NOT_DATA or any(table.startswith(f"{v}_") for v in virtual):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            rows = [[_plain(v) for v in row] for row in cursor.fetchall()]
            if table in pairs_only:
                keep = [i for i, name in enumerate(columns) if name != "id"]
                rows = [[row[i] for i in keep] for row in rows]
                columns = [columns[i] for i in keep]
            rows.sort(key=lambda row: json.dumps(row, sort_keys=True, default=str))
            tables[table] = {"columns": columns, "rows": rows}
    with open(path, "w") as out:
        json.dump(tables, out, default=str, sort_keys=True)
