"""Document names as every front door shows them: plain visible text on one line.

Control characters, bidi controls (which can make a name read backwards), zero-width
characters and the like are removed, and the name is stored in Unicode's NFKC form, so a
name cannot pretend to be another one; two names are the same document's when they match
after case folding (``name_key``).
"""

from __future__ import annotations

import unicodedata

from index.errors import SourceError

MAX_NAME_CHARS = 200
# Unicode categories dropped from names: controls, format characters (bidi controls,
# zero-width spaces and joiners, the soft hyphen), surrogates and private use.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co"}


def checked_name(name: str) -> str:
    """``name`` as shown everywhere: control, bidi and zero-width characters dropped,
    each run of whitespace (line breaks included) one space. Raises ``SourceError`` when
    nothing is left or it is too long."""
    visible = (" " if c.isspace() else c for c in unicodedata.normalize("NFKC", name))
    name = " ".join(
        "".join(c for c in visible if unicodedata.category(c) not in _INVISIBLE).split()
    )
    if not name:
        raise SourceError("a document needs a name")
    if len(name) > MAX_NAME_CHARS:
        raise SourceError(f"{name[:40]}: a name is at most {MAX_NAME_CHARS} characters")
    return name


def name_key(name: str) -> str:
    """What two names are compared by: NFKC, case folded ('Café' in NFC or NFD, 'CAFÉ')."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
