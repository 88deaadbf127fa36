"""Server-side SVG charts of RAG mixes, as strings: the pages inline them and the PDF reports reuse them.

Accessible by construction: each chart is `role="img"`, labelled by its <title> and described by its
<desc>, and the page puts a table of the same numbers next to it (the text equivalent). Colour is never the
only signal: every segment wide enough carries its letter (R, A, G, B, – for not rated) and its count,
every colour also has its own pattern (diagonal lines, dots, horizontal lines, cross-hatch, back-diagonal
lines), and the legend shows each pattern with its letter and name. The colours meet WCAG AA with the text
drawn on them.

No JavaScript, no library: markup is built by plain string formatting of numbers, this module's constants and
texts escaped as they are placed (objective titles are user text, escaped as `format_html` would: a board
dashboard draws hundreds of segments, and `format_html`, escaping every number through Django's lazy-text check,
took most of their time); only markup built that way is joined and marked safe.
"""

from html import escape as escape_text  # the stdlib's: what django.utils.html.escape calls, without its laziness check

from django.utils import dateformat
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from actions.rag import COLOURS, LABELS, LETTERS

# fill, ink (text drawn on it), pattern stroke. White on red 7.6:1, black on amber 11.7:1, white on green
# 6.4:1, white on blue 5.2:1, black on not rated 17.9:1
FILL = {"red": "#b10e1e", "amber": "#ffbf47", "green": "#00703c", "blue": "#1d70b8", None: "#f3f2f1"}
INK = {"red": "#ffffff", "amber": "#0b0c0c", "green": "#ffffff", "blue": "#ffffff", None: "#0b0c0c"}
_STROKE = {"red": "#6e0913", "amber": "#b07800", "green": "#003d20", "blue": "#0f4576", None: "#8a8d8f"}
# one 8 x 8 tile per colour; {s} is the stroke colour
_TILES = {
    "red": '<path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" stroke="{s}" stroke-width="1.5"/>',
    "amber": '<circle cx="4" cy="4" r="1.3" fill="{s}"/>',
    "green": '<path d="M0,4 h8" stroke="{s}" stroke-width="1.5"/>',
    "blue": '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="{s}" stroke-width="1"/>',
    None: '<path d="M-1,7 l2,2 M0,0 l8,8 M7,-1 l2,2" stroke="{s}" stroke-width="1"/>',
}
FONT = 'font-family="Arial, Helvetica, sans-serif"'
LEGEND_HEIGHT = 28


def _key(colour):
    return colour or "none"


def _num(value):
    """A coordinate: at most one decimal, no trailing zero (a whole number as it is: most coordinates are)."""
    if type(value) is int:
        return str(value)
    return f"{value:.1f}".removesuffix(".0")  # one decimal always: a trailing ".0" is all there is to drop


# the five patterns of a chart, its id left to fill in (escaped): built once, not per chart
_DEFS = "".join(
    f'<pattern id="{{id}}-{_key(c)}" width="8" height="8" patternUnits="userSpaceOnUse">'
    f"{_TILES[c].format(s=_STROKE[c])}</pattern>"
    for c in COLOURS
)


_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="{css}" role="img" width="{w}" height="{h}" '
    'viewBox="0 0 {w} {h}" aria-labelledby="{id}-title" aria-describedby="{id}-desc">'
    '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
    "{defs}{body}</svg>"
)


# A printed chart: its <title> holds the title and the description, since a tagged PDF's /Figure takes its
# alternative text (/Alt) from the <title> alone (WeasyPrint 70)
_SVG_PRINTED = (
    '<svg xmlns="http://www.w3.org/2000/svg" class="{css}" role="img" width="{w}" height="{h}" '
    'viewBox="0 0 {w} {h}" aria-labelledby="{id}-title">'
    '<title id="{id}-title">{title}. {desc}</title>'
    "{defs}{body}</svg>"
)


def _svg(chart_id, width, height, title, desc, body, css_class="rag-chart", patterns=True, printed=False):
    """The chart's <svg>; `patterns` False: no <defs> of its own (it uses another chart's on the page); `printed`:
    the description in the <title> too (the PDF's alternative text). Plain formatting of escaped values (as
    format_html would; a national dashboard draws 300): the texts, the id and the class are escaped, the sizes are
    numbers, `body` is markup built by this module."""
    cid = escape_text(str(chart_id))
    defs = f"<defs>{_DEFS.format(id=cid)}</defs>" if patterns else ""
    return mark_safe(  # noqa: S308 - every text escaped here
        (_SVG_PRINTED if printed else _SVG).format(
            css=escape_text(css_class),
            w=_num(width),
            h=_num(height),
            id=cid,
            title=escape_text(str(title)),
            desc=escape_text(str(desc)),
            defs=defs,
            body=conditional_escape(body),
        )
    )


# what a segment of each colour writes, as plain text (the colours are RAG members: a lookup each, and formatting
# one, costs several times a string's): its name, letter, fill, ink and pattern key
_PARTS = {c: (LABELS[c], LETTERS[c], FILL[c], INK[c], c.value if c else "none") for c in COLOURS}
_TEXT_STYLE = 'text-anchor="middle" dominant-baseline="central" font-size="12" font-weight="bold" ' + FONT


def _segment(cid, colour, x, y, width, height, count, total, row=None):
    """One coloured, patterned block with its letter (and count, where there is room) and a tooltip. Plain
    string formatting (a page draws thousands): every value is a number or a constant; `cid`, the chart's id, is
    escaped by the caller. `row`: (y, height, the middle of y) as written, where the caller draws a row of blocks
    of one height (a bar): written once for the row, not once a block."""
    if count == 0 or width <= 0 or height <= 0:
        return ""
    label, letter, fill, ink, key = _PARTS[colour]
    y_text, height_text, middle = row or (_num(y), _num(height), None)
    text = ""
    if width >= 14 and height >= 14:
        words = f"{letter} {count:d}" if width >= 34 else letter
        middle = middle or _num(y + height / 2)
        text = f'<text x="{_num(x + width / 2)}" y="{middle}" {_TEXT_STYLE} fill="{ink}">{words}</text>'
    place = f'x="{_num(x)}" y="{y_text}" width="{_num(width)}" height="{height_text}"'
    return (
        f'<g><title>{label}: {count:d} of {total:d}</title><rect {place} fill="{fill}"/>'
        f'<rect {place} fill="url(#{cid}-{key})" stroke="#0b0c0c" stroke-width="0.5"/>{text}</g>'
    )


# the legend of every chart: each colour as a patterned swatch carrying its letter, then its name, its chart's id
# left to fill in (escaped): built once, not per chart
_LEGEND_ITEM = (
    '<g><rect x="{x}" y="{y}" width="20" height="20" fill="{fill}"/>'
    '<rect x="{x}" y="{y}" width="20" height="20" fill="url(#{{id}}-{key})" stroke="#0b0c0c"/>'
    '<text x="{tx}" y="{ty}" text-anchor="middle" dominant-baseline="central" font-size="12" '
    'font-weight="bold" {font} fill="{ink}">{letter}</text>'
    '<text x="{lx}" y="{ty}" dominant-baseline="central" font-size="12" {font} fill="#0b0c0c">'
    "{label}</text>"
    "</g>"
)


def _legend_items():
    items, x, y = [], 0, 4
    for colour in COLOURS:
        items.append(
            _LEGEND_ITEM.format(
                x=x,
                y=y,
                fill=FILL[colour],
                key=_key(colour),
                tx=x + 10,
                ty=y + 10,
                font=FONT,
                ink=INK[colour],
                letter=escape_text(LETTERS[colour]),
                lx=x + 25,
                label=escape_text(LABELS[colour]),
            )
        )
        x += 25 + 9 * len(LABELS[colour]) + 14
    return "".join(items)


_LEGEND = _legend_items()


def _legend(chart_id):
    """Each colour as a patterned swatch carrying its letter, then its name: 'R Red', 'A Amber'..."""
    return mark_safe(_LEGEND.format(id=escape_text(str(chart_id))))  # noqa: S308 - constants, the id escaped


def _truncate(text, length):
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


_BAR_LABEL = (
    '<g><title>{full}</title><text x="{x}" y="{y}" text-anchor="end" dominant-baseline="central" '
    'font-size="12" ' + FONT + ' fill="#0b0c0c">{short}</text></g>'
)
_BAR_TOTAL = (
    '<text x="{x}" y="{y}" dominant-baseline="central" font-size="12" ' + FONT + ' fill="#0b0c0c">{total}</text>'
)


def rag_bars(rows, *, chart_id, title, desc):
    """Horizontal stacked bars, one per row: `rows` is [(label, RollUp)], e.g. each objective of a plan.
    Bar lengths are to one scale (the longest row's total), so a bigger objective has a longer bar."""
    label_width, bar_width, row_height, gap = 230, 360, 24, 8
    width = label_width + bar_width + 60
    height = LEGEND_HEIGHT + 8 + len(rows) * (row_height + gap)
    scale = bar_width / max([roll.total for _, roll in rows] + [1])
    cid = escape_text(str(chart_id))
    body = [_legend(chart_id)]
    y = LEGEND_HEIGHT + 8
    for label, roll in rows:
        middle = _num(y + row_height / 2)
        body.append(
            _BAR_LABEL.format(
                full=escape_text(str(label)), x=label_width - 8, y=middle, short=escape_text(_truncate(label, 34))
            )
        )
        x = label_width
        row = (_num(y), _num(row_height), middle)  # each block of the bar at this height
        for colour, _, _, count in roll.segments:
            body.append(_segment(cid, colour, x, y, count * scale, row_height, count, roll.total, row))
            x += count * scale
        body.append(_BAR_TOTAL.format(x=_num(x + 6), y=middle, total=f"{roll.total:d}"))
        y += row_height + gap
    return _svg(chart_id, width, height, title, desc, mark_safe("".join(body)))  # noqa: S308 - escaped above


_COLUMN_TOTAL = '<text x="{x}" y="{y}" text-anchor="middle" font-size="12" ' + FONT + ' fill="#0b0c0c">{total}</text>'
_COLUMN_LABEL = '<text x="{x}" y="{y}" text-anchor="middle" font-size="11" ' + FONT + ' fill="#0b0c0c">{line}</text>'


def rag_columns(columns, *, chart_id, title, desc, printed=False):
    """Vertical stacked columns, one per date: `columns` is [(label lines, RollUp)], label lines a tuple of
    one or two short strings (('Q2', '2010/11')). Red at the bottom, not rated on top; the total above."""
    column_width, gap, plot_height, left = 56, 16, 180, 8
    top = LEGEND_HEIGHT + 24
    width = max(left + len(columns) * (column_width + gap), 520)
    height = top + plot_height + 40
    scale = plot_height / max([roll.total for _, roll in columns] + [1])
    cid = escape_text(str(chart_id))
    body = [_legend(chart_id)]
    baseline = top + plot_height
    body.append(f'<path d="M0,{baseline:d} H{width:d}" stroke="#0b0c0c" stroke-width="1"/>')
    x = left
    for lines, roll in columns:
        lines = (lines,) if isinstance(lines, str) else tuple(lines)
        y = baseline
        for colour, _, _, count in roll.segments:
            h = count * scale
            body.append(_segment(cid, colour, x, y - h, column_width, h, count, roll.total))
            y -= h
        middle = _num(x + column_width / 2)
        body.append(_COLUMN_TOTAL.format(x=middle, y=_num(y - 5), total=f"{roll.total:d}"))
        for n, line in enumerate(lines[:2]):
            body.append(_COLUMN_LABEL.format(x=middle, y=baseline + 15 + 14 * n, line=escape_text(str(line))))
        x += column_width + gap
    return _svg(chart_id, width, height, title, desc, mark_safe("".join(body)), printed=printed)  # noqa: S308


def rag_strip(roll, *, chart_id, title, width=180, height=20, patterns=None):
    """One small bar of a RollUp's mix (a row of the cross-board dashboard), no legend: the page gives one.
    `patterns`: the id of a chart on the same page (its legend) whose patterns the strip fills with, so that a
    page of 300 strips carries five patterns, not 1,500. Each segment wide enough carries its letter, and its
    count where there is room. Plain formatting: every value is a number or a constant, the ids escaped. Lean
    markup (a national dashboard draws 300 strips): a segment's stroke and lettering come from the page's stylesheet
    (static/css/app.css, .rag-strip), and the row beside it gives the numbers, so it has no tooltip of its own."""
    total = roll.total
    scale = width / max(total, 1)
    pattern_id = escape_text(str(patterns or chart_id))
    h, middle = _num(height), _num(height / 2)
    counts = (roll.red, roll.amber, roll.green, roll.blue, roll.not_rated)  # COLOURS order
    body = []
    desc = []
    x = 0
    for colour, count in zip(COLOURS, counts, strict=True):
        label, letter, fill, ink, key = _PARTS[colour]
        desc.append(f"{label} {count}")
        if not count:
            continue
        w = count * scale
        text = ""
        if w >= 14:
            words = f"{letter} {count:d}" if w >= 34 else letter
            text = f'<text x="{_num(x + w / 2)}" y="{middle}" fill="{ink}">{words}</text>'
        at, wide = _num(x), _num(w)
        body.append(
            f'<rect x="{at}" width="{wide}" height="{h}" fill="{fill}"/>'
            f'<rect x="{at}" width="{wide}" height="{h}" fill="url(#{pattern_id}-{key})" class="pattern"/>{text}'
        )
        x += w
    if total == 0:
        body.append(f'<rect width="{_num(width)}" height="{h}" fill="#ffffff" class="pattern"/>')
    return _svg(
        chart_id,
        width,
        height,
        title,
        f"{', '.join(desc)}; {total} actions",
        mark_safe("".join(body)),  # noqa: S308
        "rag-chart rag-strip",
        patterns=patterns is None,
    )


def rag_legend(chart_id):
    """The legend on its own, for a page of strips."""
    return _svg(
        chart_id,
        470,
        LEGEND_HEIGHT,
        "Key to the RAG charts",
        "Red R, Amber A, Green G, Blue B, not rated –; each also has its own pattern.",
        _legend(chart_id),
    )


def plan_trend(plan, trend, as_at, *, chart_id, printed=False):
    """The RAG mix of a plan at each quarter end up to `as_at` (the dashboard's and the quarterly report's chart).
    `trend` holds points with `lines` (the column's label lines) and `roll_up`; `printed`: for a tagged PDF, the
    description in the title (the figure's alternative text)."""
    return rag_columns(
        [(point.lines, point.roll_up) for point in trend],
        chart_id=chart_id,
        printed=printed,
        title=f"RAG mix of {plan.title} at each quarter end up to {dateformat.format(as_at, 'j F Y')}",
        desc="One column per quarter end, its height the number of actions, split from the bottom into "
        "Red (R), Amber (A), Green (G), Blue (B) and not rated (–); each has its own pattern. The "
        "table after the chart gives the numbers.",
    )
