from django.urls import path

from . import views

# The namespace stays "grids" (templates reverse grids:steward-card); the views live here
# because they check roles and scope, which sit above the tree.
app_name = "grids"

urlpatterns = [
    path("stewards/<int:steward_id>/card/", views.steward_card, name="steward-card"),
    path("nodes/<int:node_id>/cards/", views.node_cards, name="node-cards"),
]
