from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import FrontDoorForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=FrontDoorForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-step/", views.two_step, name="two-step"),
]
