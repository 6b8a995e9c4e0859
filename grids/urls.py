from django.urls import path

from . import views

app_name = "grids"

urlpatterns = [
    path("stewards/<int:steward_id>/card/", views.steward_card, name="steward-card"),
    path("nodes/<int:node_id>/cards/", views.node_cards, name="node-cards"),
]
