"""Every public page, in one namespace: `public:home`, `public:area` and so on."""

from django.urls import path

from public import about, areas, feedback, home, search, themes, weaknesses

app_name = "public"
urlpatterns = [
    path("", home.home, name="home"),
    path("areas/", areas.area_list, name="areas"),
    path("areas/<slug:slug>/", areas.area_detail, name="area"),
    path("areas/<slug:slug>/report-a-mistake/", areas.report_mistake, name="report_mistake"),
    path("compare/", areas.compare, name="compare"),
    path("weaknesses/<str:reference>/", weaknesses.weakness_detail, name="weakness"),
    path("themes/", themes.themes, name="themes"),
    path("search/", search.search_page, name="search"),
    path("search/results.csv", search.search_csv, name="search_csv"),
    path("about/", about.about, name="about"),
    path("about/glossary/", about.glossary, name="glossary"),
    path("feedback/", feedback.feedback, name="feedback"),
    path("feedback/sent/", feedback.feedback_sent, name="feedback_sent"),
]
