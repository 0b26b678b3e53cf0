from django.urls import path, register_converter

from progress import views


class SubjectKind:
    regex = "weakness|finding"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SubjectKind, "subject")

app_name = "progress"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("progress/<subject:kind>/<str:key>/updates/", views.list_updates, name="list"),
    path("progress/<subject:kind>/<str:key>/updates/new/", views.add_update, name="add"),
    path("progress/updates/<int:pk>/edit/", views.edit_update, name="edit"),
    path("progress/updates/<int:pk>/withdraw/", views.withdraw_update, name="withdraw"),
    path("progress/updates/<int:pk>/restore/", views.restore_update, name="restore"),
    path("progress/updates/<int:pk>/respond/", views.respond, name="respond"),
    path("progress/updates/<int:pk>/history/", views.update_history, name="history"),
    path("progress/areas/<slug:slug>/", views.area_progress, name="area_progress"),
    path("progress/areas/<slug:slug>/progress.csv", views.area_progress_csv, name="area_csv"),
]
