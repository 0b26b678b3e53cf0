from django.urls import path

from public import areas as views

app_name = "areas"
urlpatterns = [
    path("", views.area_list, name="list"),
    path("<slug:slug>/", views.area_detail, name="detail"),
    path("<slug:slug>/report-a-mistake/", views.report_mistake, name="report_mistake"),
]
