"""Cleaning URLs and email addresses as what they are, not as HTML (pure).

A URL's query string is not markup: `&section=` must stay `&section=`, so no entity decoding
runs over it. What a person clearly meant is repaired (`http:www.x.org`, `https:/x.org`, a bare
host, `&amp;` written for `&`, a URL wrapped in `<...>` or an `<a href>`), and every repair and
every refusal comes back with a note saying what was done and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

_SCHEME = re.compile(r"^(https?)(?::/{0,3}|//)(?=[^/])", re.IGNORECASE)
_OTHER_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HREF = re.compile(r"""<a\b[^>]*\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_HOST = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d+)?$")
_SPACE_OR_MARKUP = re.compile(r'[\s<>"]')
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class Fixed:
    """The cleaned value (None: refused) and, when anything was changed or refused, why."""

    value: str | None
    note: str | None = None


def repair_url(raw: Any) -> Fixed:
    if not isinstance(raw, str) or not raw.strip():
        return Fixed(None, f"not a URL: {raw!r}")
    text = _unwrap(raw.strip())
    text = text.replace("&amp;", "&")  # "&amp;" never means itself inside a URL
    match = _SCHEME.match(text)
    if match:
        text = f"{match.group(1)}://{text[match.end() :]}"
    elif _OTHER_SCHEME.match(text) and not _HOST.fullmatch(text.split("/", 1)[0]):
        return Fixed(None, f"not a web address (only http and https are kept): {raw!r}")
    else:
        text = f"https://{text}"
    problem = _url_problem(text)
    if problem:
        return Fixed(None, f"not a usable URL ({problem}): {raw!r}")
    return Fixed(text, None if text == raw else f"repaired URL {raw!r} as {text!r}")


def _unwrap(text: str) -> str:
    href = _HREF.search(text)
    if href:
        return href.group(1).strip()
    return text[1:-1].strip() if text.startswith("<") and text.endswith(">") else text


def _url_problem(text: str) -> str | None:
    if _SPACE_OR_MARKUP.search(text):
        return "it contains spaces or markup"
    try:
        parts = urlsplit(text)
        host, _ = parts.hostname, parts.port
    except ValueError:
        return "its host or port cannot be read"
    if not host or "." not in host.strip("."):
        return "no host name"
    return None


def clean_url(raw: Any) -> str | None:
    return repair_url(raw).value


def repair_email(raw: Any) -> Fixed:
    if not isinstance(raw, str) or not raw.strip():
        return Fixed(None, f"not an email address: {raw!r}")
    text = raw.strip().strip("<>").strip()
    text = re.sub(r"^mailto:", "", text, flags=re.IGNORECASE).split("?", 1)[0]
    text = text.rstrip(".,;: ").lstrip(".,;: ")
    if not _EMAIL.fullmatch(text):
        return Fixed(None, f"not an email address: {raw!r}")
    return Fixed(text, None if text == raw else f"repaired email {raw!r} as {text!r}")


def clean_email(raw: Any) -> str | None:
    return repair_email(raw).value
