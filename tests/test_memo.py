"""The bounded memos: computed once per key, the kept objects held, the oldest forgotten."""

from __future__ import annotations

from tenderkit.memo import KeyedMemo


def test_a_keyed_memo_computes_once_per_key_and_keeps_what_the_key_names_by_id():
    memo: KeyedMemo[int] = KeyedMemo(size=2)
    calls: list[str] = []
    kept = object()

    def compute(name: str, value: int):
        return lambda: calls.append(name) or value

    assert memo.get(("a", id(kept)), kept, compute("a", 1)) == 1
    assert memo.get(("a", id(kept)), kept, compute("a", 99)) == 1  # not computed again
    assert calls == ["a"]
    assert memo._entries[("a", id(kept))][0] is kept  # its id cannot be reused while it lives
    memo.get("b", None, compute("b", 2))
    memo.get("c", None, compute("c", 3))  # beyond the size: the oldest ("a") goes
    assert memo.get(("a", id(kept)), kept, compute("a", 4)) == 4
    assert calls == ["a", "b", "c", "a"]
