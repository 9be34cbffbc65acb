"""Finding a record by a name as someone typed it: accents and case ignored, a typo tolerated.

The catalog's search and the client list's both go through here, on PostgreSQL's pg_trgm
(`word_similarity`: the query against the closest stretch of the name) and unaccent.
"""

from typing import TypeVar

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import F, Func, Model, Q, QuerySet, Value
from django.db.models.functions import Lower

M = TypeVar("M", bound=Model)


class Unaccent(Func):
    function = "unaccent"


def with_name_match(rows: QuerySet[M], *, query: str, field: str = "name") -> QuerySet[M]:
    """`rows` annotated with how close `field` is to `query`, from 0 to 1.

    `word_match` scores the query against the closest stretch of the name, so a short query
    matches a long name; `whole_match` scores the whole name, so among names that contain the
    word the shortest is the closest ("Glute bridge" before "Single-leg glute bridge").
    """
    name = Unaccent(F(field))
    needle = Unaccent(Value(query))
    # Django wraps a plain string in Value and takes an expression as it is; its type stubs
    # admit only the string, hence the two ignores below.
    return rows.annotate(
        word_match=TrigramWordSimilarity(needle, name),  # type: ignore[arg-type]
        whole_match=TrigramSimilarity(name, needle),  # type: ignore[arg-type]
    )


def close_to(threshold: float) -> Q:
    """The rows `with_name_match` scored at `threshold` or above."""
    return Q(word_match__gte=threshold)


def every_word_in(query: str, *, field: str = "name") -> Q:
    """Every word of `query` occurs in `field`, ignoring case and accents ("chlo mar" finds
    "Chloé Martin"). Applied to rows aliased with `plain_name` by `plain`."""
    condition = Q()
    for word in query.split():
        condition &= Q(plain_name__contains=Unaccent(Lower(Value(word))))
    return condition


def plain(field: str = "name") -> Unaccent:
    """The expression `every_word_in` compares against: the name lower-cased, without accents."""
    return Unaccent(Lower(field))
