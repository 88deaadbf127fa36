"""axe-core (through axe-playwright-python) on a page, failing on serious and critical violations.

Every page checked is recorded in PAGES_CHECKED, which tests/browser/conftest.py lists at the end of the run.
"""

from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0, 2.1 and 2.2 level A and AA, and axe's best practices (which fail only when serious or critical)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")

_axe = Axe()


@dataclass
class PageChecked:
    label: str
    url: str
    failing: list = field(default_factory=list)  # serious and critical: the test fails
    other: list = field(default_factory=list)  # minor and moderate: listed, not failed


PAGES_CHECKED: list[PageChecked] = []


def describe(violation):
    nodes = "".join(
        f"\n    at {' '.join(map(str, node['target']))}: {' '.join(node.get('html', '').split())[:160]}"
        f"\n       {' '.join(node.get('failureSummary', '').split())[:300]}"
        for node in violation["nodes"]
    )
    return f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']}){nodes}"


def axe_check(page, label):
    """Run axe on the page as it is now; fail listing every serious or critical violation."""
    page.wait_for_load_state("load")
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = _axe.run(page, options=options)
    violations = results.response["violations"]
    checked = PageChecked(
        label=label,
        url=page.url,
        failing=[v for v in violations if v["impact"] in FAILING_IMPACTS],
        other=[v for v in violations if v["impact"] not in FAILING_IMPACTS],
    )
    PAGES_CHECKED.append(checked)
    if checked.failing:
        pytest.fail(
            f"{len(checked.failing)} serious or critical violation(s) of WCAG on {label} ({page.url}):\n"
            + "\n".join(describe(v) for v in checked.failing),
            pytrace=False,
        )
    return checked
