"""The workflow core every process uses.

A process declares its states as a ``TextChoices`` and its transitions as django-fsm
``@transition`` methods on its model, so states and transitions can be read in one
place. Each transition carries ``custom={"label": ...}`` (the button text) and may name
the extra fields it sets (``"fields": [...]``). Nothing changes a status directly:

    run_transition(obj=notice, name="publish", actor=request.user, comment="")

checks the state and the permission, refuses a concurrent change (the row is updated
only if its status and version are still the ones loaded), writes one ``TransitionLog``
row in the same transaction and, after commit, sends ``transitioned`` so other apps can
react (a contract registered refreshes the KPI rollups) without being imported here.
"""

from __future__ import annotations

from dataclasses import dataclass

import django.dispatch
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django_fsm import (
    ConcurrentTransition,
    ConcurrentTransitionMixin,
    FSMField,
    can_proceed,
    has_transition_perm,
)

from .errors import ActionNotPermitted, InvalidTransition, StaleObject
from .models import OptimisticLockModel, TransitionLog

__all__ = [
    "FSMField",
    "TransitionOption",
    "WorkflowModel",
    "available_transitions",
    "run_transition",
    "transitioned",
]

# Sent after commit with sender=model class, instance=obj, log=TransitionLog.
transitioned = django.dispatch.Signal()


class WorkflowModel(ConcurrentTransitionMixin, OptimisticLockModel):
    """Abstract base for a model with a ``status`` FSM field and optimistic locking.

    Subclasses define ``status = FSMField(...)`` and their ``@transition`` methods, and
    may list ``progress_steps``: the ordinary path of states shown as the step bar.
    """

    progress_steps: tuple[str, ...] = ()

    class Meta:
        abstract = True


@dataclass(frozen=True)
class TransitionOption:
    name: str
    label: str
    target: str
    style: str  # Bootstrap button colour: primary, danger, secondary...
    needs_comment: bool


def _meta(obj, name):
    method = getattr(obj, name, None)
    if method is None or not hasattr(method, "_django_fsm"):
        raise InvalidTransition()
    return method


def _transition_of(method):
    meta = method._django_fsm
    return meta.get_transition(meta.field.get_state(method.__self__))


def available_transitions(obj, user) -> list[TransitionOption]:
    """Return the transitions ``user`` may run on ``obj`` now, for rendering buttons."""
    options = []
    for tr in obj.get_available_user_status_transitions(user):
        custom = tr.custom or {}
        options.append(
            TransitionOption(
                name=tr.name,
                label=str(custom.get("label", tr.name)),
                target=str(tr.target),
                style=custom.get("style", "primary"),
                needs_comment=bool(custom.get("needs_comment", False)),
            )
        )
    return options


def run_transition(
    *,
    obj: WorkflowModel,
    name: str,
    actor,
    comment: str = "",
    expected_version: int | None = None,
    **kwargs,
) -> TransitionLog:
    """Run transition ``name`` on ``obj`` as ``actor`` and log it; refuse stale or illegal ones."""
    method = _meta(obj, name)
    if expected_version is not None and obj.version != expected_version:
        raise StaleObject()
    if not can_proceed(method):
        raise InvalidTransition()
    if not has_transition_perm(method, actor):
        raise ActionNotPermitted()
    tr = _transition_of(method)
    custom = tr.custom or {}
    if custom.get("needs_comment") and not comment.strip():
        raise InvalidTransition(
            "请填写办理意见（{label}时必须说明理由）。".format(label=custom.get("label", name)),
            fields={"comment": "必填"},
        )
    from_state = obj.status
    with transaction.atomic():
        method(actor=actor, comment=comment, **kwargs)
        update_fields = ["status", *custom.get("fields", ())]
        obj.full_clean(exclude=_unchanged_fields(obj, update_fields))
        try:
            obj.save(update_fields=update_fields)
        except ConcurrentTransition:
            raise StaleObject() from None
        log = TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
            transition=name,
            label=str(custom.get("label", name)),
            from_state=from_state,
            to_state=obj.status,
            actor=actor if getattr(actor, "pk", None) else None,
            comment=comment,
        )
        transaction.on_commit(lambda: transitioned.send(sender=type(obj), instance=obj, log=log))
    return log


def _unchanged_fields(obj, update_fields) -> list[str]:
    # Validate only what the transition writes; other fields were validated when saved.
    return [f.name for f in obj._meta.concrete_fields if f.name not in update_fields]


def status_label(model: type[models.Model], state: str) -> str:
    """Return the display label of ``state`` for ``model``'s status field."""
    return str(dict(model._meta.get_field("status").choices).get(state, state))


def progress_steps(obj) -> list[dict]:
    """Return the step bar of ``obj``: its ordinary path with each step done, current or to do.

    A state off the ordinary path (returned for correction, refused) is shown as the
    current step after the last step reached, so the applicant sees where it stands.
    """
    path = list(getattr(obj, "progress_steps", ()) or ())
    if not path:
        return []
    labels = dict(type(obj)._meta.get_field("status").choices)
    state = obj.status
    steps = [{"state": s, "label": str(labels.get(s, s)), "status": "todo"} for s in path]
    if state in path:
        current = path.index(state)
        for i, step in enumerate(steps):
            step["status"] = "done" if i < current else ("current" if i == current else "todo")
        if current == len(path) - 1:
            steps[-1]["status"] = "done"
        return steps
    # Off the ordinary path: mark what the log says was reached, then the present state.
    reached = set(TransitionLog.objects.for_object(obj).values_list("to_state", flat=True)) if obj.pk else set()
    last = max((i for i, s in enumerate(path) if s in reached), default=0)
    for i in range(last + 1):
        steps[i]["status"] = "done"
    steps.insert(last + 1, {"state": state, "label": str(labels.get(state, state)), "status": "current"})
    return steps


def progress_log(obj) -> list[TransitionLog]:
    """Return ``obj``'s transition log (办理进度), oldest first, actors loaded.

    A list, evaluated once, so a template may show it and also read ``|last`` or
    ``|length`` without more queries (a queryset cannot be indexed from the end).
    """
    return list(TransitionLog.objects.for_object(obj))
