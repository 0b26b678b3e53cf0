"""The admin base for every model whose changes are kept (django-simple-history).

Here, in the bottom layer, because the admin of every app above builds on it.
"""

from typing import Any

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin, with a 404 for history addresses whose ids cannot be (not a 500)."""

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        self._check_id(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        self._check_id(self.model, object_id)
        self._check_id(self.model.history.model, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    @staticmethod
    def _check_id(model: type[Model], value: str) -> None:
        try:
            model._meta.pk.to_python(unquote(value))
        except ValidationError:
            raise Http404("No such record.") from None


class KeptHistoryAdmin(HistoryAdmin):
    """For records that are corrected, never deleted: no delete button, page or bulk action."""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
