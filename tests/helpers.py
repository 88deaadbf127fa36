"""Small helpers shared by tests."""

import html as html_module
import re

from django.apps import apps


def page_text(response):
    """The visible text of a response, whitespace folded."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    text = re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html))).strip()
    # "16.1 : done" -> "16.1: done" where a tag ended before the colon
    return re.sub(r" ([:;,.)])(?=\s|$)", r"\1", text)


def row_counts():
    """Rows in every table of the project's apps (history tables included): to prove a refused request wrote nothing."""
    counts = {}
    for label in ("boards", "reviews", "plans", "actions"):
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model._default_manager.count()
    return counts
