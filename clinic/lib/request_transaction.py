"""Each request in one database transaction, scoped to one clinic for row-level security.

The policies (clinic/lib/db_security.py) show the app role only the rows of the clinic named by
the transaction-local setting `app.clinic_id`, and rows shipped with the app. The setting is
made by the membership lookup every view starts with (clinic/permissions.py), in the same query,
and ends with the transaction: a query that forgot the clinic filter, or that runs before the
lookup, finds no clinic's rows instead of another clinic's.
"""

from collections.abc import Callable

from django.db import connection, transaction
from django.db.models import Expression, F, Func, TextField, Value
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse

SCOPE = "app.clinic_id"
# The scope of the Django admin, which staff use across clinics.
EVERY_CLINIC = "all"


class RequestTransactionMiddleware:
    """Runs the view and the rendering of its response in one transaction.

    Last in MIDDLEWARE, so the transaction holds the session and user lookups, the view, and a
    TemplateResponse's rendering; the session is saved after it, as before. An exception in the
    view rolls everything back, as ATOMIC_REQUESTS would (once its error page is made), and so
    does any 5xx response. Writes
    inside the view that may fail (services) use their own `transaction.atomic()`, a savepoint
    here, so a refused write leaves the request's transaction usable.

    A streaming response would be read after the commit, outside the clinic scope; no view
    streams, and one that does must read its rows before it returns.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with transaction.atomic():
            response = self.get_response(request)
            if response.status_code >= 500 or getattr(request, "_view_raised", False):
                transaction.set_rollback(True)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # Django turns the exception into a 404, 403 or 500 page before __call__ sees it, and
        # the 404 and 403 pages read the membership: the rollback waits until they are made.
        request._view_raised = True  # type: ignore[attr-defined]


def scope_to_clinic(clinic_id: Expression | F) -> Func:
    """An expression that scopes the transaction to `clinic_id` when the query computes it.

    Put in a query's SELECT list, it runs once per row returned, after the WHERE clause: the
    membership lookup annotates its one row with it, and so costs no extra round trip.
    """
    return Func(
        Value(SCOPE),
        Cast(clinic_id, output_field=TextField()),
        Value(True),
        function="set_config",
        output_field=TextField(),
    )


def see_every_clinic() -> None:
    """Scope the current transaction to every clinic: for the Django admin only."""
    _scope_transaction(EVERY_CLINIC)


def unscope() -> None:
    """End the current transaction's clinic scope: it then sees no clinic's rows."""
    _scope_transaction("")


def scope_transaction_to(clinic_id: int) -> None:
    """Scope the current transaction to one clinic, for work outside a request's (the access
    audit's seal, which runs after the request has committed)."""
    _scope_transaction(str(int(clinic_id)))


def _scope_transaction(value: str) -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("A clinic scope lasts one transaction: set it inside one.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [SCOPE, value])
