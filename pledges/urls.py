from django.urls import path

from common.converters import one_of

from . import views
from .views import lists

LIST = one_of("pledge_list_action", "review", "add", "submit", "progress")
NEED = one_of("need_action", "offer", "project", "withdraw")

app_name = "pledges"

urlpatterns = [
    path("boards/<int:node_id>/", views.board, name="board"),
    path("boards/units/<int:unit_id>/", views.unit_board, name="unit-board"),
    path("pledges/<int:pledge_id>/rate/", views.rate, name="rate"),
    path("pledges/<int:pledge_id>/photo/", views.pledge_photo, name="photo"),
    path("pledges/lists/", views.my_lists, name="lists"),
    path("pledges/lists/<int:list_id>/", views.list_page, name="list"),
    path(f"pledges/lists/<int:list_id>/<{LIST}:action>/", views.list_action, name="list-action"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:project_id>/", views.project_page, name="project"),
    path("projects/<int:project_id>/run/", lists.project_run, name="project-run"),
    path("projects/<int:project_id>/rate/", lists.project_rate, name="project-rate"),
    path(
        "projects/contributions/<int:contribution_id>/evidence/",
        views.contribution_evidence,
        name="contribution-evidence",
    ),
    path("needs/", lists.needs, name="needs"),
    path("needs/<int:need_id>/", lists.need_page, name="need"),
    path(f"needs/<int:need_id>/<{NEED}:action>/", lists.need_action, name="need-action"),
    path("resources/", lists.resources, name="resources"),
    path("lists/<int:node_id>/", lists.public_lists, name="public-lists"),
]
