from django.urls import path

from opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.data, name="data"),
    path("dictionary/", views.dictionary, name="dictionary"),
    path("<str:name>.csv", views.download, name="download"),
]
