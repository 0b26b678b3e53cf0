from django.urls import path

from alerts import feeds, views

app_name = "alerts"
urlpatterns = [
    path("feeds/latest/", feeds.LatestFeed(), name="latest_feed"),
    path("areas/<slug:slug>/feed/", feeds.AreaFeed(), name="area_feed"),
    path("calendar.ics", views.national_calendar, name="national_calendar"),
    path("areas/<slug:slug>/calendar.ics", views.area_calendar, name="area_calendar"),
    path("expected/", views.expected_soon, name="expected"),
    path("areas/<slug:slug>/alerts/", views.subscribe, name="subscribe"),
    path("areas/<slug:slug>/alerts/check-your-email/", views.check_email, name="check_email"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
