"""lscb.jinja.Stencil: markup drawn once with a mark, each row's text filled in where the mark is, escaped."""

from markupsafe import Markup

from lscb.jinja import Stencil


def test_a_stencil_fills_each_mark_with_the_text_escaped_and_keeps_the_markup():
    mark = Stencil.MARK
    drawn = Markup('<label for="id_{}-rag">Rating &amp; RAG</label><select name="{}-rag">').format(mark, mark)
    stencil = Stencil(drawn)
    filled = stencil("row-12")
    assert filled == Markup('<label for="id_row-12-rag">Rating &amp; RAG</label><select name="row-12-rag">')
    assert isinstance(filled, Markup)
    assert stencil('"><b>') == Markup(
        '<label for="id_&#34;&gt;&lt;b&gt;-rag">Rating &amp; RAG</label><select name="&#34;&gt;&lt;b&gt;-rag">'
    )


def test_the_fill_filter_fills_a_stencil_drawn_in_the_template_as_a_call_would():
    from django.template import engines

    template = engines["jinja2"].env.from_string(
        "{% set badge = stencil('<span title=\"' ~ stencil.MARK ~ '\">R</span> ' ~ stencil.MARK) %}"
        "{{ reason|fill(badge) }}"
    )
    assert template.render(reason="Red: O'Neill <b>") == (
        '<span title="Red: O&#39;Neill &lt;b&gt;">R</span> Red: O&#39;Neill &lt;b&gt;'
    )
