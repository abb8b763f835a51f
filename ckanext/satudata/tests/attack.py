"""The attack harness of the publishing-invariant tests.

:class:`Attack` tries a write as some user and then reads the database: a
dataset of an OPD must be public exactly when its workflow state is the
public one, and no attempt may change any watched dataset's ``private``
flag, workflow state or what anonymous users see of it (deleting and
undeleting apart, where the caller may delete). Every attempt
is counted; ``make test`` prints the totals (see ``tests/conftest.py``).
"""
from __future__ import annotations

import collections
import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.lib.navl.dictization_functions import DataError

#: attempts, refused, accepted, breaches: over the whole test session.
COUNTS: collections.Counter[str] = collections.Counter()

# A value CKAN's validators might make of ``private``: every string its
# boolean_validator reads as true, in each case and with padding (which it
# reads as false), the strings that mean "false" or nothing to it, and
# every other JSON shape.
TRUE_WORDS = ("true", "yes", "t", "y", "1")


def private_strings() -> list[str]:
    """Each word CKAN reads as true in every case it accepts and in every
    padding (which it reads as false), the false words, and strings that
    mean nothing to it."""
    strings = set()
    for word in TRUE_WORDS:
        strings |= {word, word.upper(), word.title(), f" {word}", f"{word} ",
                    f"\t{word}", f"{word}\n", f"{word}\x00"}
    for word in ("false", "no", "f", "n", "0"):
        strings |= {word, word.upper()}
    strings |= {"", " ", "on", "off", "nope", "null", "None", "undefined",
                "ya", "tidak", "benar", "salah", "private", "public",
                "\uff54\uff52\uff55\uff45", "tru", "truee", "-1", "2", "1.0",
                "[]", "{}", "0x1", "yes please", "true,false"}
    return sorted(strings)


NON_STRINGS: list[Any] = [
    None, True, False, 0, 1, -1, 2, 0.0, 1.0, 1e300, [], [True], [False],
    ["true"], ["false", "true"], {}, {"private": True}, {"value": "false"},
    [[False]], [{"private": False}],
]


def stored_by_ckan(value: Any) -> bool | None:
    """What CKAN's own package schema makes of ``private``: its
    ``ignore_missing`` leaves the field alone for None; its
    ``boolean_validator`` reads the rest (and crashes on shapes it cannot
    read: AttributeError)."""
    if value is None:
        return None
    return bool(tk.get_validator("boolean_validator")(value, {}))


@dataclasses.dataclass(frozen=True)
class Seen:
    private: bool
    public_state: bool
    ckan_state: str

    @property
    def visible(self) -> bool:
        """What anonymous users and harvesters see."""
        return self.ckan_state == "active" and not self.private and self.public_state


def inconsistent() -> list[str]:
    """Datasets of an organization whose ``private`` flag disagrees with
    their workflow state: must always be empty."""
    return list(model.Session.execute(sa.text(
        """
        SELECT p.id FROM package p
        LEFT JOIN satudata_workflow_state s ON s.package_id = p.id
        WHERE p.owner_org IS NOT NULL
          AND COALESCE(p.private, false) = COALESCE(s.public, false)
        """
    )).scalars())


def observe(package_ids: Iterable[str]) -> dict[str, Seen]:
    """The watched datasets as the database has them."""
    rows = model.Session.execute(sa.text(
        """
        SELECT p.id, COALESCE(p.private, false), COALESCE(s.public, false),
               p.state
        FROM package p LEFT JOIN satudata_workflow_state s ON s.package_id = p.id
        WHERE p.id = ANY(:ids)
        """
    ), {"ids": list(package_ids)})
    return {id_: Seen(private, public, state) for id_, private, public, state in rows}


class Attack:
    """Attempts against a set of watched datasets."""

    def __init__(self, watched: Iterable[str]) -> None:
        self.seen = observe(watched)
        self.counts: collections.Counter[str] = collections.Counter()
        self.breaches: list[str] = []

    def watch(self, package_id: str) -> None:
        self.seen.update(observe([package_id]))

    def attempt(
        self,
        who: str | None,
        call: Callable[[], Any],
        label: str,
        may_delete: bool = False,
    ) -> Exception | None:
        """Run ``call`` (an action as ``who``); return the refusal, if any.

        A refusal is what the API answers with a 4xx: ValidationError,
        NotAuthorized, NotFound, and navl's DataError (CKAN's 400 "Integrity
        Error"). Anything else propagates: it would be a 500.
        """
        refusal: Exception | None = None
        try:
            call()
        except (tk.ValidationError, tk.NotAuthorized, tk.ObjectNotFound,
                DataError) as error:
            refusal = error
        finally:
            model.Session.remove()
        after = observe(self.seen)
        self._judge(f"{label} by {who}", after, may_delete)
        self.seen = after
        self.counts["attempts"] += 1
        self.counts["refused" if refusal else "accepted"] += 1
        return refusal

    def _judge(self, label: str, after: dict[str, Seen], may_delete: bool) -> None:
        for id_, was in self.seen.items():
            now = after.get(id_)
            if now is None:
                self.breaches.append(f"{label}: {id_} vanished")
                continue
            if now.private == now.public_state:
                self.breaches.append(f"{label}: {id_} inconsistent {now}")
            if (now.private, now.public_state) != (was.private, was.public_state):
                self.breaches.append(f"{label}: {id_} {was} -> {now}")
            # Deleting and undeleting are a sysadmin's (or, while editable,
            # the OPD's) right; any other change of what the public sees is
            # a breach.
            deleting = may_delete and "deleted" in (was.ckan_state, now.ckan_state)
            if now.visible != was.visible and not deleting:
                self.breaches.append(f"{label}: {id_} {was} -> {now}")

    def finish(self) -> None:
        """Add this attack's counts to the session's and fail on a breach
        here or anywhere in the database."""
        broken = inconsistent()
        if broken:
            self.breaches.append(f"inconsistent datasets: {broken}")
        COUNTS.update(self.counts)
        COUNTS["breaches"] += len(self.breaches)
        assert not self.breaches, "\n".join(self.breaches[:20])
