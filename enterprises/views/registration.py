"""Sign-up with the organization's registration, and accepting an invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bureau.core.errors import DomainError

from .. import services
from ..forms import RegistrationForm, SignUpForm
from .common import SESSION_KEY, add_domain_error, add_errors

#: The backend a person who just signed up is logged in with (their password was just set).
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _account_values(form) -> dict:
    data = form.cleaned_data
    return {
        "username": data["username"],
        "password": data["password1"],
        "full_name": data["full_name"],
        "phone": data["phone"],
        "email": data.get("email", ""),
    }


def _org_values(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k != "business_licence"}


def register(request):
    """Sign up (if not signed in) and register an organization; the county then verifies it.

    A wrong code is refused next to the field; a code already registered names the
    organization and its administrator's masked contact so the person asks to be invited.
    """
    signed_in = request.user.is_authenticated
    account_form = None if signed_in else SignUpForm(request.POST or None, prefix="account")
    form = RegistrationForm(request.POST or None, request.FILES or None)
    already = None
    if request.method == "POST":
        valid = form.is_valid() & (account_form is None or account_form.is_valid())
        if valid:
            values = _org_values(form)
            licence = form.cleaned_data["business_licence"]
            try:
                if signed_in:
                    user = request.user
                    org = services.register_organization(actor=user, values=values, licence=licence)
                else:
                    user, org = services.sign_up_and_register(
                        account=_account_values(account_form), values=values, licence=licence
                    )
            except services.AlreadyRegistered as exc:
                already = exc
                form.add_error("uscc", _("该代码已注册，不能重复注册。"))
            except ValidationError as exc:
                add_errors(form, exc)
            except DomainError as exc:
                target = (
                    account_form if account_form is not None and set(exc.fields) & {"username", "password1"} else form
                )
                add_domain_error(target, exc)
            else:
                if not signed_in:
                    login(request, user, backend=PASSWORD_BACKEND)
                request.session[SESSION_KEY] = org.pk
                messages.success(
                    request,
                    _("单位注册已提交，等待%(region)s科技部门核验。核验前可以先完善单位资料，核验通过后即可提交申报。")
                    % {"region": org.region.name},
                )
                return redirect("enterprises:profile")
    return render(
        request,
        "enterprises/register.html",
        {"form": form, "account_form": account_form, "already": already},
    )


def invitation_accept(request, token: str):
    """Show an invitation; a signed-in person accepts it, others sign in or sign up first."""
    invitation = services.find_invitation(token)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.accept_invitation(actor=request.user, token=token)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            request.session[SESSION_KEY] = membership.organization_id
            messages.success(request, _("您已加入“%(name)s”。") % {"name": membership.organization.name})
            return redirect("enterprises:profile")
    account_form = None
    if not request.user.is_authenticated and invitation is not None and invitation.state == "open":
        account_form = SignUpForm(request.POST or None, prefix="account", initial=_initial(invitation))
        if request.method == "POST" and account_form.is_valid():
            try:
                user, membership = services.sign_up_and_accept(account=_account_values(account_form), token=token)
            except DomainError as exc:
                add_domain_error(account_form, exc)
            else:
                login(request, user, backend=PASSWORD_BACKEND)
                request.session[SESSION_KEY] = membership.organization_id
                messages.success(
                    request, _("账号已创建，您已加入“%(name)s”。") % {"name": membership.organization.name}
                )
                return redirect("enterprises:profile")
    return render(
        request,
        "enterprises/invitation.html",
        {"invitation": invitation, "account_form": account_form, "token": token},
    )


def _initial(invitation) -> dict:
    return {"full_name": invitation.full_name, "phone": invitation.phone, "email": invitation.email}
