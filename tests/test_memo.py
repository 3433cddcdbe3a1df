"""The bounded memos: computed once per key, keys held weakly where they allow it (an entry goes
with its key), the others held as they are, the oldest forgotten; and a process that evaluates
tender after tender keeps none of them alive through the memos."""

from __future__ import annotations

import gc
import weakref

from tenderkit.bundled import example
from tenderkit.evaluation import evaluate
from tenderkit.loader import load_tender
from tenderkit.memo import IdentityMemo, ItemsMemo, KeyedMemo


class Key:
    """A frozen model stands in: an object that takes weak references."""


def test_a_keyed_memo_computes_once_per_key_and_keeps_what_the_key_names_by_id():
    memo: KeyedMemo[int] = KeyedMemo(size=2)
    calls: list[str] = []
    kept = object()  # takes no weak reference: held as it is

    def compute(name: str, value: int):
        return lambda: calls.append(name) or value

    assert memo.get(("a", id(kept)), kept, compute("a", 1)) == 1
    assert memo.get(("a", id(kept)), kept, compute("a", 99)) == 1  # not computed again
    assert calls == ["a"]
    (holder,) = memo._entries[("a", id(kept))][0]
    assert holder() is kept  # its id cannot be reused while it lives
    memo.get("b", None, compute("b", 2))
    memo.get("c", None, compute("c", 3))  # beyond the size: the oldest ("a") goes
    assert memo.get(("a", id(kept)), kept, compute("a", 4)) == 4
    assert calls == ["a", "b", "c", "a"]


def test_an_identity_memo_forgets_an_entry_when_its_key_is_freed():
    memo: IdentityMemo[str] = IdentityMemo(size=10)
    key = Key()
    probe = weakref.ref(key)
    assert memo.get(key, lambda k: "value") == "value"
    assert memo.get(key, lambda k: "again") == "value"
    del key
    gc.collect()
    assert probe() is None  # the memo did not keep the key alive
    assert len(memo._entries) == 0


def test_an_identity_memo_never_answers_for_a_freed_key_whose_id_is_reused():
    memo: IdentityMemo[int] = IdentityMemo(size=1000)
    answers = []
    for n in range(200):  # freed keys' memory is reused at once: ids repeat
        key = Key()
        answers.append(memo.get(key, lambda k, n=n: n))
        del key
    assert answers == list(range(200))


def test_an_identity_memo_holds_a_key_without_weak_references_up_to_its_bound():
    memo: IdentityMemo[int] = IdentityMemo(size=2)
    first, second, third = [1], [2], [3]  # lists take no weak reference
    for n, key in enumerate((first, second, third)):
        memo.get(key, lambda k, n=n: n)
    assert len(memo._entries) == 2  # the oldest went
    assert memo.get(second, lambda k: -1) == 1
    assert memo.get(first, lambda k: -1) == -1  # computed again


def test_items_and_keyed_memos_forget_an_entry_when_any_object_it_names_is_freed():
    items_memo: ItemsMemo[str] = ItemsMemo(size=10)
    keyed: KeyedMemo[str] = KeyedMemo(size=10)
    a, b = Key(), Key()
    items_memo.get([a, b], lambda items: "items")
    keyed.get((id(a), id(b)), (a, b), lambda: "keyed")
    assert items_memo.get([a, b], lambda items: "again") == "items"
    del b
    gc.collect()
    assert len(items_memo._entries) == 0
    assert len(keyed._entries) == 0
    assert weakref.ref(a)() is a


def _memos() -> list[object]:
    kinds = (IdentityMemo, ItemsMemo, KeyedMemo)
    return [m for m in gc.get_objects() if isinstance(m, kinds)]


def test_evaluating_a_tender_leaves_nothing_of_it_alive_in_the_memos():
    """A batch worker, the workshop and a notebook load and evaluate tender after tender in one
    process; the memos (every one of them, in every module) must let each go. Before the memos
    held their keys weakly, every bid stayed in memory up to a bound of 1,024 bids."""
    tender = load_tender(example("gemeente-zaaksysteem"))
    result = evaluate(tender, samples=200)
    assert result.winner
    probes = [
        weakref.ref(tender),
        weakref.ref(tender.requirement_set),
        *(weakref.ref(bid) for bid in tender.bids.values()),
        *(weakref.ref(r) for r in tender.requirement_set.requirements),
    ]
    held_before = sum(len(m._entries) for m in _memos())  # type: ignore[attr-defined]
    assert held_before > 0  # the memos were used
    del tender, result
    gc.collect()
    alive = [p() for p in probes if p() is not None]
    assert alive == [], f"{len(alive)} objects of the tender kept alive, e.g. {alive[0]!r:.80}"
