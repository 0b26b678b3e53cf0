"""SQLite's full-text index of every finding and progress update, kept in step by triggers.

PostgreSQL searches the tables themselves (public/finding_search.py), so this does nothing
there. On SQLite an FTS5 table with the Porter stemmer holds each significant weakness, area
for priority action or for improvement and progress update once, under a row id made from its
own (`id * 4 + kind`: 1 a weakness, 2 a finding, 3 an update); triggers on the three tables
keep it in step with every insert, change and deletion, however it is made (the admin, the
data load, a flush, a restore).
"""

from django.db import migrations

INDEX = "public_finding_search"
SOURCES = [
    # (kind, table, title, body, only these rows)
    (1, "inspections_significantweakness", "{r}.title", "{r}.text", None),
    (
        2,
        "inspections_finding",
        "{r}.title",
        "{r}.text",
        "{r}.kind IN ('priority_action', 'improvement')",
    ),
    (
        3,
        "progress_progressupdate",
        "{r}.summary",
        "{r}.details || char(10) || char(10) || {r}.next_steps",
        None,
    ),
]


def _statements() -> list[str]:
    sql = [f"CREATE VIRTUAL TABLE {INDEX} USING fts5(title, body, tokenize='porter unicode61')"]
    for kind, table, title, body, only in SOURCES:

        def insert(row: str) -> str:
            where = f" WHERE {only.format(r=row)}" if only else ""
            source = f" FROM {table} {row}" if row == "t" else ""
            return (
                f"INSERT INTO {INDEX} (rowid, title, body) SELECT {row}.id * 4 + {kind}, "
                f"{title.format(r=row)}, {body.format(r=row)}{source}{where}"
            )

        delete = f"DELETE FROM {INDEX} WHERE rowid = old.id * 4 + {kind}"
        # One trigger for a change, taking the old row out before putting the new one in:
        # SQLite does not say in which order two triggers on the same event fire.
        sql += [
            insert("t"),
            f"CREATE TRIGGER {INDEX}_{kind}_insert AFTER INSERT ON {table} "
            f"BEGIN {insert('new')}; END",
            f"CREATE TRIGGER {INDEX}_{kind}_delete AFTER DELETE ON {table} BEGIN {delete}; END",
            f"CREATE TRIGGER {INDEX}_{kind}_update AFTER UPDATE ON {table} "
            f"BEGIN {delete}; {insert('new')}; END",
        ]
    return sql


def _drops() -> list[str]:
    drops = [
        f"DROP TRIGGER IF EXISTS {INDEX}_{kind}_{event}"
        for kind, *_ in SOURCES
        for event in ("insert", "delete", "update")
    ]
    return [*drops, f"DROP TABLE IF EXISTS {INDEX}"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _statements():
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in _drops():
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0010_monitoring_findings_and_publication_precision"),
        ("progress", "0004_latest_update_indexes"),
    ]

    operations = [migrations.RunPython(create, drop)]
