"""The auditors' filter's capped lists (plans, sections, objectives, reviews, findings, lead users, subgroups): each
shows at most `LIST_AT_MOST` options, narrowed to the chosen board or plan (`ActionFilter.narrow_lists`). More, and
the list offers only the chosen option, its first option saying to narrow first. A national auditor's 18,000
objectives are no list to pick from, and rendering them took seconds; validation still accepts any option of the
user's boards (a bookmark), through the field's own queryset.

A list the form knows to be too long without reading it (`least_lengths`: the auditors' filter knows each board's
numbers of plans, objectives, reviews...) is not read. Every other capped list of a form is read at once, in one query
whatever the number of boards, the first time one of them is shown (the exports, which show none, read none): a UNION
ALL of a part per list, each picking `LIST_AT_MOST` + 1 of its options in whatever order is quickest (the database
never sorts a national list only to find it too long), each row with its list's name, its id, its place in the list's
order (the order of its queryset) and, as text, the columns its label reads (`label_reads`, at most `LABEL_COLUMNS` of
them). A list the form knows to fit (its exact length, at most its cap) is read whole, with no picking: nothing to
bound, and the simpler part took a third less time to build and run. A list with more rows than its cap is too
long: its rows are dropped. The others' rows are made into objects holding those columns, labelled as any object of
the field is.
"""

import django_filters
from django.db.models import F, TextField, Value, Window
from django.db.models.functions import Cast, RowNumber

from actions import rag

LIST_AT_MOST = 100  # options in a list; more, and it asks to choose a board (or plan) first
LABEL_COLUMNS = 5  # the most columns a list's label reads (the same number in every part of the query)


class CappedChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """A list's options (read with the form's other capped lists, `CappedLists`), the chosen option always among
    them; with "(too many to list: …)" on its first option when the list is too long. A list with no cap (the
    boards) is its queryset."""

    def _objects(self):
        if not hasattr(self, "_read"):  # once, however often the widget iterates
            field = self.field
            if field.list_at_most is None:
                queryset = getattr(field, "list_queryset", None)
                objects, self.too_many = list(self.queryset if queryset is None else queryset), False
            else:
                objects, self.too_many = field.lists.options(field)
                objects = list(objects)
            chosen = getattr(field, "chosen", None)
            if chosen is not None and chosen not in objects:
                objects.insert(0, chosen)
            self._read = objects
        return self._read

    def __iter__(self):
        objects = self._objects()
        if self.field.empty_label is not None:
            hint = f" (too many to list: {self.field.narrow_hint})" if self.too_many else ""
            yield ("", f"{self.field.empty_label}{hint}")
        for obj in objects:
            yield self.choice(obj)

    def __len__(self):
        return len(self._objects()) + (1 if self.field.empty_label is not None else 0)


class CappedModelChoiceField(django_filters.fields.ModelChoiceField):
    """A choice of one object, listing at most `list_at_most` (None: all) as narrowed (`list_queryset`, else its
    queryset), each labelled by `label_from_instance` from the columns `label_reads` names."""

    iterator = CappedChoiceIterator


class CappedLists:
    """The capped lists of one form, read together once (see the module's docstring)."""

    def __init__(self, fields, least_lengths=dict):
        self.fields = fields  # {name: CappedModelChoiceField}, each with a cap
        # () -> {name: (the least number of options the list has, whether that is its exact number)}, where known
        self.least_lengths = least_lengths
        self._read = None

    @classmethod
    def serving(cls, form, least_lengths=dict):
        """Attach one reader to the form's capped lists, to read them all when the first is shown."""
        lists = cls(
            {
                name: field
                for name, field in form.fields.items()
                if isinstance(field, CappedModelChoiceField) and field.list_at_most is not None
            },
            least_lengths,
        )
        for field in lists.fields.values():
            field.lists = lists
        return lists

    def options(self, field):
        """(the objects the list offers in its order, whether it was too long to list)."""
        if self._read is None:
            self._read = self._read_all()
        (name,) = (name for name, listed in self.fields.items() if listed is field)
        return self._read[name]

    def _read_all(self):
        """{list name: (objects, too long)}: the query, of the lists not known to be too long."""
        least = self.least_lengths()
        known = {name for name, field in self.fields.items() if least.get(name, (0,))[0] > field.list_at_most}
        parts = [
            self._part(name, field, whole=least.get(name, (0, False))[1])
            for name, field in self.fields.items()
            if name not in known
        ]
        rows = {name: [] for name in self.fields}
        db = parts[0].db if parts else None
        for row in parts[0].union(*parts[1:], all=True) if parts else ():
            rows[row["list"]].append(row)
        read = {}
        for name, field in self.fields.items():
            too_many = name in known or len(rows[name]) > field.list_at_most
            ordered = [] if too_many else sorted(rows[name], key=lambda row: row["place"])
            model = field.queryset.model
            objects = [
                _made(model, {model._meta.pk.name: row["option"], **_columns(field, row)}, db) for row in ordered
            ]
            read[name] = (objects, too_many)
        return read

    @staticmethod
    def _part(name, field, whole=False):
        """The list's part of the query: `list_at_most` + 1 of its options (as narrowed) in whatever order is
        quickest, each with its place in the list's order and the columns its label reads. Without the list's
        conditions (the picked ids met them; a narrowed list's joins would repeat a row), nor an order or a limit
        (neither is allowed in a part of a compound statement on SQLite). `whole`: the list is known to fit, so
        every option, read through the list's own conditions."""
        queryset = getattr(field, "list_queryset", None)
        queryset = field.queryset if queryset is None else queryset
        model = queryset.model
        if whole:
            options = queryset
        else:
            picked = queryset.order_by().values("pk")[: field.list_at_most + 1]
            options = model._default_manager.filter(pk__in=picked)
        paths = [*field.label_reads, *[None] * (LABEL_COLUMNS - len(field.label_reads))]
        columns = {f"c{n}": _as_text(model, path) for n, path in enumerate(paths)}
        return options.order_by().values(
            list=Value(name, output_field=_TEXT),
            option=F("pk"),
            place=Window(RowNumber(), order_by=queryset.query.order_by),
            **columns,
        )


_TEXT = TextField()  # one output field for every column of every part (each a field made and checked anew)
_TEXTUAL = ("CharField", "SlugField", "TextField")


def _as_text(model, path):
    """The column at `path` of `model` as text, the same type in every part of the query: a text column as it is (a
    cast of each, dozens a query, was a third of the time of building it), any other cast; None: an empty one."""
    if path is None:
        return Value(None, output_field=_TEXT)
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    column = F(path)
    return column if model._meta.get_field(name).get_internal_type() in _TEXTUAL else Cast(column, _TEXT)


def _columns(field, row):
    """{path: value} of the columns the row holds for the field's label (as text)."""
    return {path: row[f"c{n}"] for n, path in enumerate(field.label_reads)}


def _made(model, values, db):
    """An object of `model` holding `values` ({field path: value as text}, as `label_reads` names them; each read
    as its field reads it), each related object made the same way (None where the relation is empty: all its values
    are). Made as the database's rows are (`rag.loaded`: the other fields deferred, no constructor run), which is
    most of the time of a list of a hundred."""
    own, related = {model._meta.pk.attname: None}, {}  # its id None unless read (a related object's, its relation's)
    for path, value in values.items():
        name, _, rest = path.partition("__")
        if rest:
            related.setdefault(name, {})[rest] = value
        else:
            own[name] = None if value is None else model._meta.get_field(name).to_python(value)
    made = rag.loaded(model, db, own)
    for name, theirs in related.items():
        relation = model._meta.get_field(name)
        other = None
        if any(value is not None for value in theirs.values()):
            other = _made(relation.related_model, theirs, db)
        made.__dict__[relation.attname] = None if other is None else other.pk
        made._state.fields_cache[name] = other
    return made
