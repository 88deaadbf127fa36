"""{% load rag_display %}: a RAG badge (letter, colour and reason in words), direction of travel, the rules.

Presentation only: the colour, letter and reason come from `actions.rag`.
"""

from django import template
from django.utils.html import format_html

from actions import rag

register = template.Library()


@register.simple_tag
def rag_badge(rating, flags=True, reason=True):
    """The rating's letter on its colour, with the reason for screen readers and on hover (`reason=False`
    where the page prints the reason next to it: the badge is then hidden from screen readers), and with
    `flags` the words 'overdue' or 'completed late' where they apply.

    Built here rather than in a template: a plan page shows one per action, and a sub-template for each cost a
    plan of 100 actions about 10 ms."""
    if not rating:
        return ""
    if reason:
        badge = format_html('<span class="rag {}" title="{}"><span aria-hidden="true">{}</span>'
                            '<span class="visually-hidden">RAG {}</span></span>',
                            rating.css_class, rating.reason, rating.letter, rating.reason)
    else:
        badge = format_html('<span class="rag {}" aria-hidden="true">{}</span>', rating.css_class, rating.letter)
    flag = "overdue" if rating.overdue else "completed late" if rating.completed_late else None
    if flags and flag:
        return format_html('{} <span class="rag-flag">{}</span>', badge, flag)
    return badge


@register.inclusion_tag("reporting/_direction.html")
def direction(value):
    """An arrow with its words: '↑ Improved', '→ Same', '↓ Worse', '+ New', '○ No rating now'."""
    return {"direction": value}


@register.inclusion_tag("reporting/_rag_rules.html")
def rag_rules(summary="How the RAG ratings are decided"):
    """The rules of `actions.rag`, in words, in a disclosure."""
    return {"rules": rag.RULES, "roll_up_rule": rag.ROLL_UP_RULE, "direction_rule": rag.DIRECTION_RULE,
            "summary": summary}
