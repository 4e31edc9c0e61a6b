"""Content staff write in English and, optionally, Chinese: show the reader's."""

from django.utils.translation import get_language


def reads_chinese() -> bool:
    return (get_language() or "").startswith("zh")


def pick(english: str, chinese: str) -> str:
    """`chinese` for a Chinese reader when there is one, else `english`."""
    return chinese if chinese and reads_chinese() else english


def localized(data: dict, key: str) -> str:
    """`data[key]`, or `data[key + "_zh"]` for a Chinese reader when present —
    for names copied into activity and notification data."""
    return pick(data.get(key) or "", data.get(f"{key}_zh") or "")
