from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.apis import TokenObtainView
from alliance.apis import CommitteeViewSet, FollowUpViewSet, MeetingViewSet, UnitViewSet
from grids.apis import NodeViewSet

router = DefaultRouter()
router.register("nodes", NodeViewSet, basename="node")
router.register("units", UnitViewSet, basename="unit")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("followups", FollowUpViewSet, basename="followup")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("", include(router.urls)),
]
