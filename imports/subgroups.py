"""The board's subgroups named in a lead (rule 8 of parsing.py)."""

import re

_GROUP_WORDS = {"subcommittee", "committee", "subgroup", "group", "sub", "panel"}
_SMALL_WORDS = {"and", "of", "the", "for"}


def _words(text):
    words = re.findall(r"[a-z0-9]+", text.lower().replace("&", " and "))
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words]


class SubgroupMatcher:
    """The board's subgroups named in a lead: by name without 'subcommittee'/'group', or by initials (QA)."""

    def __init__(self, subgroups):
        self.patterns = []
        for subgroup in subgroups:
            core = _words(subgroup.name)
            while len(core) > 1 and core[-1] in _GROUP_WORDS:
                core.pop()
            initials = "".join(w[0] for w in core if w not in _SMALL_WORDS).upper()
            self.patterns.append((subgroup.name, core, initials if len(initials) >= 2 else None))

    def _positions(self, text):
        words = _words(text)
        found = []
        for name, core, initials in self.patterns:
            at = [i for i in range(len(words) - len(core) + 1) if words[i : i + len(core)] == core]
            if initials:
                # initials count as a word of their own, in capitals: 'QA Sub', 'SCR subcommittees'
                for m in re.finditer(rf"\b{initials}\b", text):
                    at.append(len(_words(text[: m.start()])))
            if at:
                found.append((min(at), name))
        return sorted(found)

    def match(self, lead, outcome_text=""):
        named = [name for _, name in self._positions(lead)]
        if len(named) > 1:
            in_text = {name for _, name in self._positions(outcome_text)}
            named = [n for n in named if n in in_text] or named
        return named[0] if named else ""
