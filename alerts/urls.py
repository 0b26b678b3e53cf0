from django.urls import path

from alerts import feeds

app_name = "alerts"
urlpatterns = [
    path("feeds/latest/", feeds.LatestFeed(), name="latest_feed"),
    path("areas/<slug:slug>/feed/", feeds.AreaFeed(), name="area_feed"),
]
