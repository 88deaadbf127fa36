"""{% load rag_display %}: a RAG badge (letter, colour and reason in words) and the rules.

Presentation only: the colour, letter and reason come from `actions.rag`.
"""

from django import template

from actions import rag

register = template.Library()


@register.inclusion_tag("reporting/_rag_badge.html")
def rag_badge(rating, flags=True, reason=True):
    """The rating's letter on its colour, with the reason for screen readers and on hover (`reason=False`
    where the page prints the reason next to it: the badge is then hidden from screen readers), and with
    `flags` the words 'overdue' or 'completed late' where they apply."""
    return {"rating": rating, "flags": flags, "reason": reason}


@register.inclusion_tag("reporting/_rag_rules.html")
def rag_rules(summary="How the RAG ratings are decided"):
    """The rules of `actions.rag`, in words, in a disclosure."""
    return {
        "rules": rag.RULES,
        "roll_up_rule": rag.ROLL_UP_RULE,
        "direction_rule": rag.DIRECTION_RULE,
        "summary": summary,
    }
