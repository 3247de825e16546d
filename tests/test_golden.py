"""Generated pages match their golden files (tests/golden/); `make golden` updates them."""

from __future__ import annotations

import pytest

from tests import goldens


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return goldens.current()


def test_every_golden_file_is_a_page_generated_now(pages):
    stored = goldens.stored()
    assert set(stored) == set(pages), (
        f"missing: {sorted(set(pages) - set(stored))}, stale: {sorted(set(stored) - set(pages))}"
        " (run `make golden`)"
    )


def test_both_languages_have_the_same_pages(pages):
    zh = {name.removeprefix("zh/") for name in pages if name.startswith("zh/")}
    en = {name.removeprefix("en/") for name in pages if name.startswith("en/")}
    assert zh == en and len(zh) >= 16


@pytest.mark.parametrize("name", sorted(goldens.stored()))
def test_page_matches_golden_file(pages, name):
    stored = goldens.stored()[name]
    assert pages.get(name) == stored, (
        "generated page differs from its golden file; if the change is intended, run "
        "`make golden` and review the diff:\n" + goldens.diff(name, stored, pages.get(name, ""))
    )
