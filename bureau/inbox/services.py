"""Writes of the inbox: messages (消息) and to-dos (待办). Interface fixed; body by the inbox work.

Every app tells people about work through these three functions:

    notify(recipients=[user, ...], title="...", body="...", url="/...", actor=request.user)
        -> list[Message]   # in-app message + e-mail per each recipient's email_preference

    open_todo(title="...", url="/...", subject=obj, users=[...], role="county_staff",
              region=obj.region, department=None, due_on=date | None, actor=...)
        -> Todo            # a to-do addressed to named users and/or everyone holding `role`
                           # (narrowed to `region` / `department` when given)

    close_todos(subject=obj, actor=...) -> int   # close every open to-do about `subject`
"""
