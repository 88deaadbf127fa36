"""axe-core (through axe-playwright-python) on a page, failing on every violation of any impact, and on axe's
"needs review" (incomplete) results for ARIA references, which are the ones a page author can settle: an
`aria-describedby` pointing at an id that does not exist is a real defect that axe only reports as incomplete.

Every page checked is recorded in PAGES_CHECKED, which tests/browser/conftest.py lists at the end of the run.
"""

from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0, 2.1 and 2.2 level A and AA, and axe's best practices
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

_axe = Axe()
AXE_SOURCE = _axe.axe_script  # axe-core's own script, as the package ships it


def is_aria_reference(result):
    """An incomplete result the check fails on: any `aria-*` rule (valid attribute values, allowed attributes,
    describedby/labelledby targets) or a rule whose nodes say an ARIA reference could not be resolved."""
    if result["id"].startswith("aria-"):
        return True
    text = " ".join(
        check.get("message", "") for node in result["nodes"] for kind in ("any", "all", "none") for check in node[kind]
    )
    return "aria-labelledby" in text or "aria-describedby" in text


@dataclass
class PageChecked:
    label: str
    url: str
    failing: list = field(default_factory=list)  # violations and incomplete ARIA references: the test fails
    other: list = field(default_factory=list)  # other "needs review" results: listed, not failed


PAGES_CHECKED: list[PageChecked] = []


def describe(result):
    nodes = "".join(
        f"\n    at {' '.join(map(str, node['target']))}: {' '.join(node.get('html', '').split())[:160]}"
        f"\n       {' '.join(node.get('failureSummary', '').split())[:300]}"
        for node in result["nodes"]
    )
    return f"[{result['impact']}] {result['id']}: {result['help']} ({result['helpUrl']}){nodes}"


def load_axe_with_every_page(context):
    """Have the context's pages load axe-core as each document starts (an init script), so that a check need not
    send its half a megabyte over the wire and compile it again each time: Chromium compiles it once and keeps the
    compiled code. A page opened without it still gets it from `axe_check`."""
    context.add_init_script(script=AXE_SOURCE)


def axe_check(page, label):
    """Run axe on the page as it is now; fail listing every violation and every incomplete ARIA reference."""
    page.wait_for_load_state("load")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations", "incomplete"]}
    response = page.evaluate("options => axe.run(document, options)", options)
    violations = response["violations"]
    incomplete = response["incomplete"]
    checked = PageChecked(
        label=label,
        url=page.url,
        failing=violations + [r for r in incomplete if is_aria_reference(r)],
        other=[r for r in incomplete if not is_aria_reference(r)],
    )
    PAGES_CHECKED.append(checked)
    if checked.failing:
        pytest.fail(
            f"{len(checked.failing)} axe violation(s) or unresolved ARIA reference(s) on {label} ({page.url}):\n"
            + "\n".join(describe(v) for v in checked.failing),
            pytrace=False,
        )
    return checked
