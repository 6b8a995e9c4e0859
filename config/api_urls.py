from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.apis import TokenObtainView
from grids.apis import NodeViewSet

router = DefaultRouter()
router.register("nodes", NodeViewSet, basename="node")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("", include(router.urls)),
]
