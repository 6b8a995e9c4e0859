from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("boards/<int:node_id>/", views.board, name="board"),
    path("boards/units/<int:unit_id>/", views.unit_board, name="unit-board"),
    path("pledges/<int:pledge_id>/rate/", views.rate, name="rate"),
    path("pledges/<int:pledge_id>/photo/", views.pledge_photo, name="photo"),
    path("pledges/lists/", views.my_lists, name="lists"),
    path("pledges/lists/<int:list_id>/", views.list_page, name="list"),
    path("pledges/lists/<int:list_id>/<str:action>/", views.list_action, name="list-action"),
    path("projects/", views.projects, name="projects"),
    path("projects/<int:project_id>/", views.project_page, name="project"),
]
