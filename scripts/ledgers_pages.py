"""Pages generated from the ledgers (台账). Filled in by the ledger package."""

from __future__ import annotations

from scripts.config import Settings


def navigation() -> list:
    """Ledger pages listed under 台账统计 in the navigation."""
    return []


def generate(lang: str, settings: Settings) -> dict[str, str]:
    """Generated ledger pages of one language: {src_uri: markdown}."""
    title = "台账统计" if lang == "zh" else "Ledgers"
    return {"ledgers/index.md": f"---\ntitle: {title}\n---\n\n# {title}\n"}
