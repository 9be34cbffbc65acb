"""The merge rule every versioned form shares (clinic/lib/versions.py), as a table: what the form
showed, what the user sent, the record as it is now, and what the save does."""

from decimal import Decimal

import pytest

from clinic.lib.versions import Current, Edit, StaleEdit, merge, same, save_edit

SEEN = {"phone": "", "notes": "", "pain": 6}

# seen → mine, and the record now: the fields written, the conflicts, the colleague's kept.
# fmt: off
MERGES = [
    pytest.param({"phone": "111"}, {}, {"phone": "111"}, (), (), id="nobody-else-changed-anything"),
    pytest.param({"phone": "111"}, {"notes": "n"}, {"phone": "111"}, (), ("notes",),
                 id="different-fields-merge"),
    pytest.param({"phone": "111"}, {"phone": "222"}, {}, ("phone",), (),
                 id="same-field-two-values-conflict"),
    pytest.param({"phone": "111"}, {"phone": "111"}, {}, (), (), id="same-field-same-value-agree"),
    pytest.param({"phone": "111"}, {"phone": "222", "notes": "n"}, {}, ("phone",), ("notes",),
                 id="a-conflict-and-a-kept-field"),
    pytest.param({}, {"pain": 2}, {}, (), ("pain",), id="user-changed-nothing-theirs-kept"),
    pytest.param({"pain": None}, {"pain": 2}, {}, ("pain",), (), id="clearing-what-they-changed"),
    pytest.param({"notes": "a\r\nb "}, {"notes": "a\nb"}, {}, (), (),
                 id="line-ends-and-blanks-are-not-changes"),
]
# fmt: on


@pytest.mark.parametrize(("mine", "theirs", "written", "conflicts", "kept"), MERGES)
def test_a_save_that_lost_merges_fields_that_do_not_overlap(mine, theirs, written, conflicts, kept):
    result = merge(Edit(version=1, mine=SEEN | mine, seen=SEEN), SEEN | theirs)
    assert (result.conflicts, result.kept) == (conflicts, kept)
    if not conflicts:
        assert result.changes == written


def test_without_what_the_form_showed_every_difference_is_a_conflict():
    result = merge(Edit(version=1, mine={"phone": "111", "notes": ""}), {"phone": "", "notes": ""})
    assert result.conflicts == ("phone",)


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        (None, "", True),
        ([], None, True),
        (Decimal("5.00"), Decimal("5"), True),
        (0, None, False),
        (False, None, False),
        ("x ", "x", True),
        (["a", "b"], ("a", "b"), True),
        (["a", "b"], ["b", "a"], False),
    ],
)
def test_values_compare_as_a_form_shows_them(a, b, equal):
    assert same(a, b) is equal


def test_a_save_keeps_merging_while_others_win_and_then_gives_up_without_a_conflict():
    versions = iter(range(2, 10))
    with pytest.raises(StaleEdit) as refused:
        save_edit(
            Edit(version=1, mine={"note": "n", "pain": 3}, seen={"note": "n", "pain": None}),
            write=lambda attempt: None,  # someone else always wins first
            read=lambda: Current(version=next(versions), values={"note": "x", "pain": None}),
        )
    assert (refused.value.conflicts, refused.value.kept) == ((), ("note",))


def test_a_merged_save_writes_only_the_users_changes_on_the_version_it_found():
    attempts = []

    def write(attempt):
        attempts.append(attempt)
        return "row" if attempt.version == 4 else None

    saved = save_edit(
        Edit(version=1, mine={"note": "mine", "pain": 6}, seen={"note": "", "pain": 6}),
        write=write,
        read=lambda: Current(version=4, values={"note": "", "pain": 2}),
    )
    assert (saved.row, saved.kept) == ("row", ("pain",))
    assert [(a.version, dict(a.changes)) for a in attempts] == [
        (1, {"note": "mine"}),
        (4, {"note": "mine"}),
    ]
    assert attempts[1].values == {"note": "mine", "pain": 2}
