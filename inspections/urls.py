from django.urls import path

from inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.home, name="home"),
    path("weaknesses/<str:reference>/", views.weakness_detail, name="weakness"),
]
