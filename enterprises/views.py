"""Pages of the enterprises app (work in progress)."""

from django.http import HttpResponse


def register(request, *args, **kwargs):
    return HttpResponse("todo")


def invitation_accept(request, *args, **kwargs):
    return HttpResponse("todo")


def profile(request, *args, **kwargs):
    return HttpResponse("todo")


def profile_edit(request, *args, **kwargs):
    return HttpResponse("todo")


def switch_organization(request, *args, **kwargs):
    return HttpResponse("todo")


def year_list(request, *args, **kwargs):
    return HttpResponse("todo")


def year_edit(request, *args, **kwargs):
    return HttpResponse("todo")


def ip_list(request, *args, **kwargs):
    return HttpResponse("todo")


def ip_edit(request, *args, **kwargs):
    return HttpResponse("todo")


def ip_delete(request, *args, **kwargs):
    return HttpResponse("todo")


def qualification_list(request, *args, **kwargs):
    return HttpResponse("todo")


def qualification_edit(request, *args, **kwargs):
    return HttpResponse("todo")


def qualification_delete(request, *args, **kwargs):
    return HttpResponse("todo")


def members(request, *args, **kwargs):
    return HttpResponse("todo")


def member_action(request, *args, **kwargs):
    return HttpResponse("todo")


def invitation_revoke(request, *args, **kwargs):
    return HttpResponse("todo")


def org_list(request, *args, **kwargs):
    return HttpResponse("todo")


def org_pending(request, *args, **kwargs):
    return HttpResponse("todo")


def org_export(request, *args, **kwargs):
    return HttpResponse("todo")


def org_import(request, *args, **kwargs):
    return HttpResponse("todo")


def org_detail(request, *args, **kwargs):
    return HttpResponse("todo")


def org_verify(request, *args, **kwargs):
    return HttpResponse("todo")


def org_licence(request, *args, **kwargs):
    return HttpResponse("todo")


def integrity_add(request, *args, **kwargs):
    return HttpResponse("todo")
