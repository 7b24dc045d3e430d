from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import LoginForm, PreferencesForm
from .services import update_preferences


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@login_required
def preferences(request):
    """Let a user keep their name, contact details and e-mail notification choice."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        update_preferences(actor=request.user, **form.cleaned_data)
        messages.success(request, _("个人设置已保存。"))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})
