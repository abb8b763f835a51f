"""Pages read as their reader reads them: the text, without markup, scripts
and the made-up descriptions and names of the test factories (English-ish
sentences that would otherwise trip the absence checks)."""
from __future__ import annotations

import html
import re

import pytest
from ckan.tests import helpers

from ckanext.satudata.tests.workflow.conftest import World, restored_world

# What was found in English on the Indonesian pages from outside (issue 12).
ENGLISH = (
    "Log in", "Username or Email", "Create Dataset", "Next: Add Data", "Finish",
    "Manage", "Explore", "Data and Resources", "Additional Info",
    "Activity Stream", "dataset found", "datasets found", "Order by",
    "Formats", "Licenses", "My Datasets", "Profile settings",
    "updated the dataset", "Powered by", "Follow", "Remember me",
    "Terdapat entitas cacat", "Kumpulan data", "Sumberdaya",
)


@pytest.fixture
def world(clean_db, clean_index, create_with_upload) -> World:
    return restored_world("mojokerto", create_with_upload)


def _made_up(world: World) -> list[str]:
    noise = []
    for org in (world.opd, world.other_opd):
        noise.append(helpers.call_action("organization_show", id=org["id"])
                     ["description"])
    for name in world.users.values():
        if name:
            user = helpers.call_action("user_show", id=name)
            noise += [user.get("about") or "", user.get("fullname") or ""]
    return sorted(filter(None, noise), key=len, reverse=True)


def page_text(body: str, world: World) -> str:
    body = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    for sentence in _made_up(world):
        text = text.replace(sentence, " ")
    return re.sub(r"\s+", " ", text)


def assert_indonesian(text: str, present: tuple[str, ...] | list[str]) -> None:
    missing = [s for s in present if s not in text]
    english = [s for s in ENGLISH if re.search(rf"\b{re.escape(s)}\b", text)]
    assert not missing and not english, (
        f"missing Indonesian: {missing}; English: {english}\n{text}"
    )
