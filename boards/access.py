"""Who may see what, and what each role may do. Every view calls one of these (or a per-model helper built on
them) first: another board's object is a 404, a write the user's role does not allow is a 403. `Permissions` is
the one statement of what each role may do; views decide their 403s with it and pass it to templates as `can`,
so the same rule shows a control and allows its request."""

from dataclasses import dataclass, replace

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef
from django.shortcuts import get_object_or_404

from .models import Board, Membership

Role = Membership.Role

# lead_actions: may be named an action's lead user, and then records progress on it (Permissions.may_record). A
# chair or auditor named lead user by mistake stays read-only: the name records nothing.
GRANTS = {
    Role.MANAGER: {"edit", "record_any", "print", "start_pack", "manage_members", "lead_actions", "submit_quarter"},
    Role.LEAD: {"print", "lead_actions"},
    Role.CHAIR: {"print", "start_pack", "sign_off"},
    Role.AUDITOR: {"print", "start_pack"},
}

REFUSALS = {
    "edit": "You may read this board's plans but not change them.",
    "record": "Only the board manager or the action's lead may record progress on it.",
    "print": "Your role on this board does not let you print its reports.",
    "start_pack": "Board managers, chairs and auditors make quarterly packs; lead officers do not.",
    "manage_members": "Only the board manager may manage the board's members.",
    "lead_actions": "Only the board's managers and lead officers lead actions.",
    "submit_quarter": "Only the board manager submits a quarter for sign-off.",
    "sign_off": "Only the board's chair signs off a quarter.",
}


@dataclass(frozen=True)
class Permissions:
    """What a role (None: no role) may do on its board. `record` is progress on the action in hand: any action
    for a role with `record_any`; once narrowed with `on(action, user)`, also the action the user leads."""

    role: str | None = None
    edit: bool = False
    record_any: bool = False
    record: bool = False
    print: bool = False
    start_pack: bool = False
    manage_members: bool = False
    lead_actions: bool = False
    submit_quarter: bool = False  # the quarter's report, for the chair to sign off (actions.signoff)
    sign_off: bool = False

    @classmethod
    def of(cls, role):
        grants = GRANTS.get(role, set())
        return cls(role=role, record="record_any" in grants, **{grant: True for grant in grants})

    def may_record(self, user, action):
        """The board's manager, or the action's lead user while their role on its board may lead actions."""
        return self.role is not None and (self.record_any or (self.lead_actions and action.lead_user_id == user.pk))

    def on(self, action, user):
        """These permissions on one action: `record` says whether this user may record progress on it."""
        return replace(self, record=self.may_record(user, action))

    def require(self, what):
        """403 unless this is allowed. Call after the object was found through a scoped query (404 first)."""
        if not getattr(self, what):
            raise PermissionDenied(REFUSALS[what])


def roles_that_may(what):
    """The roles granted `what`, for querysets (e.g. the boards whose packs a user may start)."""
    return tuple(role for role in Role if getattr(Permissions.of(role), what))


def lead_users_of(board):
    """Who may be named lead user of the board's actions: active accounts holding a role on it that leads."""
    return get_user_model().objects.filter(
        is_active=True, memberships__board=board, memberships__role__in=roles_that_may("lead_actions")
    )


def leads_now(board="objective__plan__board", user="lead_user"):
    """For action querysets (`.filter(leads_now())`, or annotated): whether the action's lead user is active and
    holds, on its board now, a role that leads actions. A lead user removed from the board, moved to a read-only
    role or disabled is no longer reminded, listed or chased as the lead."""
    return Exists(
        Membership.objects.filter(
            board=OuterRef(board), user=OuterRef(user), user__is_active=True, role__in=roles_that_may("lead_actions")
        )
    )


def boards_readable_by(user):
    """Boards on which the user holds any role. No role, no board: not even existence is revealed."""
    if not user.is_authenticated:
        return Board.objects.none()
    return Board.objects.filter(memberships__user=user)


def board_ids_readable_by(user):
    """The ids of `boards_readable_by(user)`, read from the user's roles alone: a subquery for what sits on the boards
    (`board__in=`), which never reads the boards' own rows (joining them to the roles only made each query longer to
    plan)."""
    if not user.is_authenticated:
        return Membership.objects.none().values("board_id")
    return Membership.objects.filter(user=user).values("board_id")


def with_role(queryset, user, board="board"):
    """`queryset` narrowed to the objects whose board (reached by `board`; None for a queryset of boards) the user
    holds a role on, each with `role`, the user's role on it: one join, and at most one row an object (a user
    holds one role a board)."""
    if not user.is_authenticated:
        return queryset.none()
    memberships = f"{board}__memberships" if board else "memberships"
    return queryset.filter(**{f"{memberships}__user": user}).annotate(role=F(f"{memberships}__role"))


def get_board_for_user(user, slug, write=False):
    """The board, with `role`, if the user holds a role on it (404 otherwise); write=True: 403 unless their role
    may edit its plans."""
    board = get_object_or_404(with_role(Board.objects.all(), user, board=None), slug=slug)
    if write:
        Permissions.of(board.role).require("edit")
    return board


def get_to_edit(queryset, user, pk, board="board"):
    """An object of a board (reached by `board`) the user holds a role on (404 otherwise) that their role may
    edit (403 otherwise): the reference data a manager keeps (subgroups, seats, risks, funding lines)."""
    obj = get_object_or_404(with_role(queryset, user, board=board), pk=pk)
    Permissions.of(obj.role).require("edit")
    return obj
