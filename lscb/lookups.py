"""`in_ids`: the `in` lookup for a list of ids a page already holds (ints, as read from the database), each id used as
it is, not prepared one by one.

Django's `in` prepares each value of its list through the field, and through a foreign key normalizes each again:
a dozen function calls or more an id. A plan page reads the history, snapshots and updates of a hundred outcomes by
their ids, and building those lists cost more than PostgreSQL running the queries. The SQL is `in`'s: `column IN
(%s, ...)`, each id once, as a parameter; an empty list matches nothing, as with `in`. Registered (LscbConfig.ready)
for integer fields, their primary keys among them, and foreign keys: `filter(action__in_ids=ids)`."""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField, Lookup


class InIds(Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(map(int, dict.fromkeys(self.rhs)))  # each once, as `in` does; an int, as the field makes it

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(self.rhs))})", (*params, *self.rhs)


def register():
    IntegerField.register_lookup(InIds)
    ForeignObject.register_lookup(InIds)
