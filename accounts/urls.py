from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("two-step/", views.two_step, name="two-step"),
]
