"""A page's query count leaves out its request's own transaction, in production and in a test."""

import pytest

from clinic.lib.queries import without_own_transaction


def counted(statements: list[str], *, nested: bool) -> list[str]:
    queries = [{"sql": statement, "time": "0.000"} for statement in statements]
    return [query["sql"] for query in without_own_transaction(queries, nested=nested)]


@pytest.mark.parametrize(
    ("statements", "nested", "expected"),
    [
        # Production: the request's BEGIN and COMMIT go, a service's savepoint inside stays.
        (["BEGIN", "SELECT 1", 'SAVEPOINT "s1_x1"', "UPDATE t", 'RELEASE SAVEPOINT "s1_x1"',
          "COMMIT"], False,
         ["SELECT 1", 'SAVEPOINT "s1_x1"', "UPDATE t", 'RELEASE SAVEPOINT "s1_x1"']),
        # A test: the request's transaction is the outermost savepoint, and goes.
        (['SAVEPOINT "s1_x1"', "SELECT 1", 'SAVEPOINT "s1_x2"', "UPDATE t",
          'RELEASE SAVEPOINT "s1_x2"', 'RELEASE SAVEPOINT "s1_x1"'], True,
         ["SELECT 1", 'SAVEPOINT "s1_x2"', "UPDATE t", 'RELEASE SAVEPOINT "s1_x2"']),
        # A refused write inside, rolled back to its savepoint, then the request rolled back.
        (['SAVEPOINT "s1_x1"', 'SAVEPOINT "s1_x2"', "INSERT t", 'ROLLBACK TO SAVEPOINT "s1_x2"',
          'ROLLBACK TO SAVEPOINT "s1_x1"'], True,
         ['SAVEPOINT "s1_x2"', "INSERT t", 'ROLLBACK TO SAVEPOINT "s1_x2"']),
        # Two requests in one capture.
        (['SAVEPOINT "s1_x1"', "SELECT 1", 'RELEASE SAVEPOINT "s1_x1"', 'SAVEPOINT "s1_x2"',
          "SELECT 2", 'RELEASE SAVEPOINT "s1_x2"'], True, ["SELECT 1", "SELECT 2"]),
    ],
)  # fmt: skip
def test_the_request_transactions_own_statements_are_not_counted(statements, nested, expected):
    assert counted(statements, nested=nested) == expected
