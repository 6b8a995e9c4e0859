from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.apis import TokenObtainView
from alliance.apis import (
    CommitteeViewSet,
    DistrictReportViewSet,
    FollowUpViewSet,
    MeetingViewSet,
    UnitViewSet,
)
from appraisals.apis import UnitAppraisalViewSet
from dashboard.apis import ComparisonView, LeagueView, MonthlyStatsView
from organizations.apis import NodeViewSet, PlaceListView
from pledges.apis import (
    ContributionViewSet,
    NeedViewSet,
    PledgeRatingViewSet,
    PledgeViewSet,
    ProjectRatingViewSet,
    ProjectViewSet,
    ResourceViewSet,
)
from servicedesk.apis import OfferViewSet, RequestViewSet, WishViewSet
from servicemap.apis import SiteViewSet
from summons.apis import SummonsViewSet
from volunteers.apis import (
    ActivityViewSet,
    CheckInViewSet,
    DualReportViewSet,
    PointEntryViewSet,
    SignupViewSet,
    TeamViewSet,
    VolunteerViewSet,
)

router = DefaultRouter()
router.register("nodes", NodeViewSet, basename="node")
router.register("units", UnitViewSet, basename="unit")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("followups", FollowUpViewSet, basename="followup")
router.register("district-reports", DistrictReportViewSet, basename="district-report")
router.register("pledges", PledgeViewSet, basename="pledge")
router.register("pledge-ratings", PledgeRatingViewSet, basename="pledge-rating")
router.register("projects", ProjectViewSet, basename="project")
router.register("contributions", ContributionViewSet, basename="contribution")
router.register("services", OfferViewSet, basename="service")
router.register("micro-wishes", WishViewSet, basename="micro-wish")
router.register("service-requests", RequestViewSet, basename="service-request")
router.register("volunteers", VolunteerViewSet, basename="volunteer")
router.register("service-sites", SiteViewSet, basename="service-site")
router.register("teams", TeamViewSet, basename="team")
router.register("activities", ActivityViewSet, basename="activity")
router.register("signups", SignupViewSet, basename="signup")
router.register("checkins", CheckInViewSet, basename="checkin")
router.register("points", PointEntryViewSet, basename="point")
router.register("dual-reports", DualReportViewSet, basename="dual-report")
router.register("summons", SummonsViewSet, basename="summons")
router.register("needs", NeedViewSet, basename="need")
router.register("resources", ResourceViewSet, basename="resource")
router.register("project-ratings", ProjectRatingViewSet, basename="project-rating")
router.register("appraisals", UnitAppraisalViewSet, basename="appraisal")

urlpatterns = [
    path("auth/token/", TokenObtainView.as_view(), name="auth-token"),
    path("stats/monthly/", MonthlyStatsView.as_view(), name="stats-monthly"),
    path("stats/league/", LeagueView.as_view(), name="stats-league"),
    path("stats/comparison/", ComparisonView.as_view(), name="stats-comparison"),
    path("places/", PlaceListView.as_view(), name="places"),
    path("", include(router.urls)),
]
