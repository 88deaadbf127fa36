"""Server-side SVG charts of RAG mixes: the pages inline them and the PDF reports reuse them.

Accessible by construction: each chart is `role="img"`, labelled by its <title> and described by its
<desc>, and the page puts a table of the same numbers next to it (the text equivalent). Colour is never the
only signal: every segment wide enough carries its letter (R, A, G, B, – for not rated) and its count,
every colour also has its own pattern (diagonal lines, dots, horizontal lines, cross-hatch, back-diagonal
lines), and the legend shows each pattern with its letter and name. The colours meet WCAG AA with the text
drawn on them.

No JavaScript, no library: this module works out the geometry, the templates under
templates/reporting/charts/ draw it (escaping every text: objective titles are user text).
"""

from django.template.loader import render_to_string
from django.utils import dateformat

from actions.rag import COLOURS, LABELS, LETTERS

# fill, ink (text drawn on it), pattern stroke. White on red 7.6:1, black on amber 11.7:1, white on green
# 6.4:1, white on blue 5.2:1, black on not rated 17.9:1
FILL = {"red": "#b10e1e", "amber": "#ffbf47", "green": "#00703c", "blue": "#1d70b8", None: "#f3f2f1"}
INK = {"red": "#ffffff", "amber": "#0b0c0c", "green": "#ffffff", "blue": "#ffffff", None: "#0b0c0c"}
_STROKE = {"red": "#6e0913", "amber": "#b07800", "green": "#003d20", "blue": "#0f4576", None: "#8a8d8f"}
LEGEND_HEIGHT = 28


def _key(colour):
    return colour or "none"


def _num(value):
    """A coordinate: at most one decimal, no trailing zero."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


# the five patterns of a chart (templates/reporting/charts/svg.html draws each colour's tile)
_PATTERNS = [{"key": _key(c), "stroke": _STROKE[c]} for c in COLOURS]


def _svg(chart_id, width, height, title, desc, body, css_class="rag-chart", patterns=True, **context):
    """The chart's <svg>, its body drawn by the template `body`; `patterns` False: no <defs> of its own (it
    uses another chart's on the page)."""
    return render_to_string("reporting/charts/svg.html", {
        "id": str(chart_id), "width": _num(width), "height": _num(height), "title": title, "desc": desc,
        "css_class": css_class, "patterns": _PATTERNS if patterns else None, "body": body, **context,
    })


def _segment(colour, x, y, width, height, count, total):
    """One coloured, patterned block with its letter (and count, where there is room) and a tooltip; None when
    there is nothing to draw."""
    if count == 0 or width <= 0 or height <= 0:
        return None
    words = ""
    if width >= 14 and height >= 14:
        words = f"{LETTERS[colour]} {count:d}" if width >= 34 else LETTERS[colour]
    return {"label": LABELS[colour], "count": count, "total": total, "x": _num(x), "y": _num(y), "w": _num(width),
            "h": _num(height), "fill": FILL[colour], "key": _key(colour), "words": words,
            "tx": _num(x + width / 2), "ty": _num(y + height / 2), "ink": INK[colour]}


def _legend(y=4):
    """Each colour as a patterned swatch carrying its letter, then its name: 'R Red', 'A Amber'..."""
    items = []
    x = 0
    for colour in COLOURS:
        items.append({"x": x, "y": y, "fill": FILL[colour], "key": _key(colour), "tx": x + 10, "ty": y + 10,
                      "ink": INK[colour], "letter": LETTERS[colour], "lx": x + 25, "label": LABELS[colour]})
        x += 25 + 9 * len(LABELS[colour]) + 14
    return items


def _truncate(text, length):
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def rag_bars(rows, *, chart_id, title, desc):
    """Horizontal stacked bars, one per row: `rows` is [(label, RollUp)], e.g. each objective of a plan.
    Bar lengths are to one scale (the longest row's total), so a bigger objective has a longer bar."""
    label_width, bar_width, row_height, gap = 230, 360, 24, 8
    width = label_width + bar_width + 60
    height = LEGEND_HEIGHT + 8 + len(rows) * (row_height + gap)
    scale = bar_width / max([roll.total for _, roll in rows] + [1])
    bars = []
    y = LEGEND_HEIGHT + 8
    for label, roll in rows:
        x = label_width
        segments = []
        for colour, _, _, count in roll.segments:
            segments.append(_segment(colour, x, y, count * scale, row_height, count, roll.total))
            x += count * scale
        bars.append({"label": label, "short": _truncate(label, 34), "x": label_width - 8,
                     "y": _num(y + row_height / 2), "segments": [s for s in segments if s],
                     "total_x": _num(x + 6), "total": roll.total})
        y += row_height + gap
    return _svg(chart_id, width, height, title, desc, "reporting/charts/bars.html", legend=_legend(), rows=bars)


def rag_columns(columns, *, chart_id, title, desc):
    """Vertical stacked columns, one per date: `columns` is [(label lines, RollUp)], label lines a tuple of
    one or two short strings (('Q2', '2010/11')). Red at the bottom, not rated on top; the total above."""
    column_width, gap, plot_height, left = 56, 16, 180, 8
    top = LEGEND_HEIGHT + 24
    width = max(left + len(columns) * (column_width + gap), 520)
    height = top + plot_height + 40
    scale = plot_height / max([roll.total for _, roll in columns] + [1])
    baseline = top + plot_height
    drawn = []
    x = left
    for lines, roll in columns:
        lines = (lines,) if isinstance(lines, str) else tuple(lines)
        y = baseline
        segments = []
        for colour, _, _, count in roll.segments:
            h = count * scale
            segments.append(_segment(colour, x, y - h, column_width, h, count, roll.total))
            y -= h
        drawn.append({"x": _num(x + column_width / 2), "total_y": _num(y - 5), "total": roll.total,
                      "segments": [s for s in segments if s],
                      "lines": [{"y": baseline + 15 + 14 * n, "text": line} for n, line in enumerate(lines[:2])]})
        x += column_width + gap
    return _svg(chart_id, width, height, title, desc, "reporting/charts/columns.html", legend=_legend(),
                baseline=baseline, columns=drawn)


def rag_strip(roll, *, chart_id, title, width=180, height=20, patterns=None):
    """One small bar of a RollUp's mix (a row of the cross-board dashboard), no legend: the page gives one.
    `patterns`: the id of a chart on the same page (its legend) whose patterns the strip fills with, so that a
    page of 300 strips carries five patterns, not 1,500. Each segment wide enough carries its letter, and its
    count where there is room; its stroke and lettering come from the page's stylesheet (static/css/app.css,
    .rag-strip), and the row beside it gives the numbers, so no tooltip of its own."""
    scale = width / max(roll.total, 1)
    segments = roll.segments
    drawn = []
    x = 0
    for colour, letter, _, count in segments:
        if not count:
            continue
        w = count * scale
        words = (f"{letter} {count:d}" if w >= 34 else letter) if w >= 14 else ""
        drawn.append({"x": _num(x), "w": _num(w), "fill": FILL[colour], "key": _key(colour), "words": words,
                      "tx": _num(x + w / 2), "ink": INK[colour]})
        x += w
    desc = ", ".join(f"{label} {count}" for _, _, label, count in segments) + f"; {roll.total} actions"
    return _svg(chart_id, width, height, title, desc, "reporting/charts/strip.html", "rag-chart rag-strip",
                patterns=patterns is None, pattern_id=str(patterns or chart_id), segments=drawn, h=_num(height),
                middle=_num(height / 2), empty=roll.total == 0)


def rag_legend(chart_id):
    """The legend on its own, for a page of strips."""
    return _svg(chart_id, 470, LEGEND_HEIGHT, "Key to the RAG charts",
                "Red R, Amber A, Green G, Blue B, not rated –; each also has its own pattern.",
                "reporting/charts/legend.html", legend=_legend(4))


def plan_trend(plan, trend, as_at, *, chart_id):
    """The RAG mix of a plan at each quarter end up to `as_at` (the dashboard's and the quarterly report's chart).
    `trend` holds points with `lines` (the column's label lines) and `roll_up`."""
    return rag_columns(
        [(point.lines, point.roll_up) for point in trend],
        chart_id=chart_id,
        title=f"RAG mix of {plan.title} at each quarter end up to {dateformat.format(as_at, 'j F Y')}",
        desc="One column per quarter end, its height the number of actions, split from the bottom into "
             "Red (R), Amber (A), Green (G), Blue (B) and not rated (–); each has its own pattern. The "
             "table after the chart gives the numbers.",
    )
