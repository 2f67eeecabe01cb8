"""NHS.UK design-system components whose HTML depends only on fixed words, rendered once per
distinct set of parameters: the skip link, header and footer of every page, and the buttons and
fields of a page's forms. The design system's Jinja macros are general and slow (the header
alone cost as much CPU as the rest of a referral's page), yet these change only with the user,
their roles, the section and the form. Profiling the referral page against issue #15's target (a
page at most 1.3x its GraphQL time) found this.

Only parameters without personal data belong here: the cache outlives the request."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

# component folder in nhsuk-frontend-jinja -> its macro's name
MACROS = {
    "header": "header",
    "footer": "footer",
    "skip-link": "skipLink",
    "button": "button",
    "textarea": "textarea",
    "checkboxes": "checkboxes",
    "tag": "tag",
}


class CachedComponents:
    """`cached("button", params)` in a template: the macro's HTML, cached by its parameters."""

    def __init__(self, env: Environment, size: int = 1024) -> None:
        self._env = env
        self._cached = functools.lru_cache(maxsize=size)(self._render)

    def __call__(self, component: str, params: Mapping[str, Any]) -> Markup:
        # JSON is the key: the parameters are plain strings, booleans, lists and mappings.
        return self._cached(component, json.dumps(params, sort_keys=True))

    def _render(self, component: str, key: str) -> Markup:
        module = self._env.get_template(f"nhsuk/components/{component}/macro.jinja").module
        html = getattr(module, MACROS[component])(json.loads(key))
        if not isinstance(html, Markup):  # an autoescaping environment's macros return Markup
            raise TypeError(f"{component} rendered {type(html).__name__}, not Markup")
        return html
