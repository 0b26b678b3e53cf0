from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "SEND Inspection Tracker admin"
admin.site.site_title = "SEND Inspection Tracker admin"
admin.site.index_title = "Inspection letters, areas and decisions"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("progress.urls")),
    path("", include("inspections.urls")),
    path("areas/", include("areas.urls")),
]
