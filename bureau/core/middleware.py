"""Map domain errors raised while serving a page to a message the user can act on."""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import DomainError, NotFound


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFound):
            from django.http import Http404

            raise Http404(str(exception.message))
        if getattr(request, "htmx", False):
            response = HttpResponse(
                f'<div class="alert alert-danger" role="alert">{exception.message}</div>',
                status=exception.status_code,
            )
            response["HX-Reswap"] = "innerHTML"
            return response
        messages.error(request, exception.message)
        back = request.headers.get("referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = request.path
        return HttpResponseRedirect(back)
