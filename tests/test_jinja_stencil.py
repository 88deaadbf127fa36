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
