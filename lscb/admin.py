"""What the project's model admins share."""


class FixedOnceMade:
    """A ModelAdmin mixin: the `fixed_once_made` fields (a row's place: a plan's board, an objective's plan) are
    shown, not editable, once the row exists. What is kept of a row where it was made (its board's numbers,
    actions.BoardContents; an objective's answers to reviews, actions.ReviewLink) counts it there, and no form or
    import moves one either."""

    fixed_once_made = ()

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, *self.fixed_once_made) if obj is not None else fields
