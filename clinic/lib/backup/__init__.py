"""Backups that restore: a consistent pg_dump with a manifest, and a verified restore.

A backup is three files side by side: the custom-format dump (`X.dump`), the cluster's roles
(`X.globals.sql`, when the connecting role may read them) and a manifest (`X.manifest.json`) with
the dump's size and sha256 and, for every table, its row count and the sha256 of its ordered COPY
output, all taken in the very snapshot pg_dump dumped, plus the database's own settings, which
pg_dump leaves out. A restore checks the file against the manifest before touching anything,
restores in one transaction into an empty database, applies the settings, compares every table
with the manifest and checks the schema against the code's migrations.

`connection.py` builds the connection for everything that talks to PostgreSQL outside Django's
own connection (pg_dump, pg_restore, pg_dumpall and the side connections here): one function,
`program_connection`.
"""
