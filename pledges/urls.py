from django.urls import path

from common.converters import one_of

from . import views

LIST = one_of("pledge_list_action", "review", "add", "submit", "progress")

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
    path(
        "projects/contributions/<int:contribution_id>/evidence/",
        views.contribution_evidence,
        name="contribution-evidence",
    ),
]
