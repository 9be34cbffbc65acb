"""One spelling per login: the identity a person types, reduced to the form accounts are keyed on.

Unicode NFKC folds compatibility characters into their ordinary form (a full-width "ｏ" is "o",
a ligature "ﬁ" is "fi"), case folding makes "Owner@" and "owner@" one address, and the
surrounding spaces and NUL characters (which PostgreSQL cannot store) are dropped. Accounts are
created under this form and every login, throttle and audit row uses it, so two spellings can
never be two accounts, nor two throttles.
"""

import unicodedata

MAX_LENGTH = 254


def normalise_identity(typed: str) -> str:
    folded = unicodedata.normalize("NFKC", typed.replace("\x00", "")).casefold()
    # Case folding can produce characters NFKC would fold again ("ß" → "ss" is already plain).
    return unicodedata.normalize("NFKC", folded).strip()[:MAX_LENGTH]
