from django.http import HttpRequest


def csp_nonce(request: HttpRequest) -> dict:
    """The request's CSP nonce, under the name `{% htmx_script %}` looks for."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
