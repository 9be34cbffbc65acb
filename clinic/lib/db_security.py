"""What the app's role may do in the database, derived from the models at every `migrate`.

Run by the owner after each migrate (post_migrate), in one transaction, so a table added later
is covered by the next migrate without anything to write:

- Grants. The app role may SELECT, INSERT, UPDATE and DELETE rows of every model's table; of a
  model whose class says `append_only = True` (history events, the access audit) only SELECT
  and INSERT. Never TRUNCATE, REFERENCES or TRIGGER, nor CREATE in the schema or TEMPORARY
  tables. Without an app role (a single-role set-up) no grant changes.
- Row-level security on every model with a `clinic_path`, keyed on the transaction's clinic
  scope (clinic/lib/request_transaction.py). A model whose path is its own `clinic` is visible
  for that clinic, and, when the class says `shipped_rows = True`, so are its rows without a
  clinic, to every clinic, read-only (otherwise such rows are visible to none). A model whose
  path goes through a parent ("assessment__client__clinic") is read when its parent is, which
  the parent's own policy decides, and written when the whole chain ends at the scope's clinic
  (so nothing is added under a shipped row). A model that sets
  `visible_before_scope = True` (memberships, which the lookup setting the scope reads) can be
  read while no scope is set. Table owners, hence migrations and the data commands, are not
  subject to these policies.
"""

from typing import Any, cast

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

TENANT = "clinic.Clinic"
POLICY_PREFIX = "retest_"
# The clinics the transaction's scope lets the app role see: the clinic whose id it is set to,
# every clinic for "all" (the Django admin), none when unset ('' once a transaction that set it
# has ended). Policies read it as `(SELECT retest_scope())`, which PostgreSQL computes once per
# query, and compare it with an indexed column: `clinic_id = ANY (…)`.
FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION retest_scope() RETURNS bigint[]
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE coalesce(current_setting('app.clinic_id', true), '')
            WHEN '' THEN '{}'::bigint[]
            WHEN 'all' THEN (SELECT coalesce(array_agg(id), '{}') FROM clinic_clinic)
            ELSE ARRAY[current_setting('app.clinic_id', true)::bigint] END
    $$""",
    """CREATE OR REPLACE FUNCTION retest_unscoped() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT coalesce(current_setting('app.clinic_id', true), '') = ''
    $$""",
]
IN_SCOPE = "= ANY ((SELECT retest_scope())::bigint[])"
# A non-owner's REVOKE only warns, so these are safe on a schema the owner does not own.
HARDENING = [
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    "DO $$ BEGIN EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC',"
    " current_database()); END $$",
]


def clinic_scoped_models() -> list[type[models.Model]]:
    """Every concrete model whose rows belong to a clinic (it names its `clinic_path`)."""
    return [model for model in _table_models() if getattr(model, "clinic_path", None)]


def apply_after_migrate(*, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """The post_migrate receiver (connected in clinic/apps.py)."""
    if kwargs.get("sender") is not None and "plan" not in kwargs:
        # `flush` sends post_migrate too, without a plan: emptying tables changes no grant.
        return
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    role = connection.settings_dict.get("APP_ROLE")
    statements = [*FUNCTIONS, *_drop_policies(using)]
    for model in clinic_scoped_models():
        if model._meta.db_table in existing:
            statements += policy_statements(model)
    if role:
        statements += grant_statements(
            role, [m for m in _table_models() if m._meta.db_table in existing]
        )
        statements += HARDENING
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in statements:
            # Given as a query with (no) parameters, so that its % signs mean the same whether
            # or not a history context adds parameters of its own (manage.py sets one).
            cursor.execute(statement.replace("%", "%%"), [])


def policy_statements(model: type[models.Model]) -> list[str]:
    qn = connections[DEFAULT_DB_ALIAS].ops.quote_name
    table = qn(model._meta.db_table)
    hops = _hops(model)
    first = hops[0]
    own_column = f"{table}.{qn(first.column)}"
    if len(hops) == 1:
        visible = writable = f"{own_column} {IN_SCOPE}"
    else:
        # Read: the parent row is visible, which its own policy decides (shipped parents too).
        # OFFSET 0 keeps this a probe of the parent's primary key per row read: without it
        # PostgreSQL may instead hash every visible parent row, in every query, a cost that
        # grows with the table rather than with the page.
        parent = _target(first)._meta
        key = qn(first.target_field.column)
        visible = (
            f"EXISTS (SELECT FROM {qn(parent.db_table)} p WHERE p.{key} = {own_column} OFFSET 0)"
        )
        # Write: the whole chain ends at the scope's clinic, so no row joins a shipped parent.
        joins, previous = [], "p1"
        for n, hop in enumerate(hops[1:-1], start=2):
            target = _target(hop)._meta
            joins.append(
                f" JOIN {qn(target.db_table)} p{n} ON p{n}.{qn(hop.target_field.column)}"
                f" = {previous}.{qn(hop.column)}"
            )
            previous = f"p{n}"
        writable = (
            f"EXISTS (SELECT FROM {qn(parent.db_table)} p1{''.join(joins)}"
            f" WHERE p1.{key} = {own_column}"
            f" AND {previous}.{qn(hops[-1].column)} {IN_SCOPE})"
        )
    if len(hops) == 1 and getattr(model, "shipped_rows", False):
        visible = f"{visible} OR {own_column} IS NULL"
    if getattr(model, "visible_before_scope", False):
        visible = f"{visible} OR (SELECT retest_unscoped())"
    # One policy per command, so a read pays for its own rule only.
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY retest_select ON {table} FOR SELECT USING ({visible})",
        f"CREATE POLICY retest_insert ON {table} FOR INSERT WITH CHECK ({writable})",
        f"CREATE POLICY retest_update ON {table} FOR UPDATE USING ({writable})"
        f" WITH CHECK ({writable})",
        f"CREATE POLICY retest_delete ON {table} FOR DELETE USING ({writable})",
    ]


def _hops(model: type[models.Model]) -> list[models.ForeignKey]:
    """The foreign keys of the model's clinic_path, checked: each parent must be scoped alike."""
    path = model.clinic_path  # type: ignore[attr-defined]
    hops: list[models.ForeignKey] = []
    current = model
    for name in path.split("__"):
        field = current._meta.get_field(name)
        if not isinstance(field, models.ForeignKey):
            raise ImproperlyConfigured(f"{model.__name__}.clinic_path: {name} is no foreign key.")
        hops.append(field)
        current = _target(field)
    if current._meta.label != TENANT:
        raise ImproperlyConfigured(f"{model.__name__}.clinic_path must end at {TENANT}.")
    rest = path.partition("__")[2]
    parent = _target(hops[0])
    if rest and getattr(parent, "clinic_path", None) != rest:
        raise ImproperlyConfigured(
            f"{model.__name__}.clinic_path goes through {parent.__name__}, whose clinic_path "
            f"must then be {rest!r}."
        )
    return hops


def _target(field: models.ForeignKey) -> type[models.Model]:
    # A model class once the app registry is ready, never the string it was declared with.
    return cast("type[models.Model]", field.related_model)


def grant_statements(role: str, table_models: list[type[models.Model]]) -> list[str]:
    qn = connections[DEFAULT_DB_ALIAS].ops.quote_name
    to = qn(role)
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {to}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {to}",
        f"GRANT SELECT ON django_migrations TO {to}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {to}",
    ]
    for model in table_models:
        rights = (
            "SELECT, INSERT"
            if getattr(model, "append_only", False)
            else "SELECT, INSERT, UPDATE, DELETE"
        )
        statements.append(f"GRANT {rights} ON {qn(model._meta.db_table)} TO {to}")
    return statements


def _drop_policies(using: str) -> list[str]:
    """Our policies as they stand, dropped; tables no longer scoped stop checking them."""
    connection = connections[using]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, policyname FROM pg_policies"
            " WHERE schemaname = 'public' AND starts_with(policyname, %s)",
            [POLICY_PREFIX],
        )
        found = cursor.fetchall()
    scoped = {model._meta.db_table for model in clinic_scoped_models()}
    statements = [f"DROP POLICY {qn(policy)} ON {qn(table)}" for table, policy in found]
    for table in sorted({table for table, _ in found} - scoped):
        statements.append(f"ALTER TABLE {qn(table)} DISABLE ROW LEVEL SECURITY")
    return statements


def _table_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
