from django.urls import path

from public import about as theme_views
from public import home as views

app_name = "inspections"
urlpatterns = [
    path("", views.home, name="home"),
    path("weaknesses/<str:reference>/", views.weakness_detail, name="weakness"),
    path("themes/", theme_views.themes, name="themes"),
    path("about/", theme_views.about, name="about"),
    path("about/glossary/", theme_views.glossary, name="glossary"),
]
