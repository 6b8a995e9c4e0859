"""The yearly appraisal: the street's staff open a year with every unit's facts filled from the
records; each unit's contact files its own report; residents and members rate each unit once
(nobody their own); the score weighs facts and ratings as the street set them, ranks in the
community and the street, and gives stars with reasons; the published year is public, with a
certificate; the demo has a finished year."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from alliance.services import followups
from appraisals import services
from appraisals.models import Appraisal, AppraisalStatus, UnitAppraisal
from common.voters import voter_issue
from demo.loader import street_load
from grids.models import Node
from tests.factories import CommunityFactory, StreetFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, at, contact, hold, party_committee, schedule

pytestmark = pytest.mark.django_db

YEAR = 2026


@pytest.fixture
def street():
    street = StreetFactory(name="黛溪街道")
    communities = [CommunityFactory(parent=street, name=n) for n in ("醴泉社区", "黛溪社区")]
    units = {
        "good": UnitFactory(community=communities[0], name="供电公司"),
        "weak": UnitFactory(community=communities[0], name="邮政支局"),
        "other": UnitFactory(community=communities[1], name="人民医院"),
    }
    UnitFactory(
        community=communities[0],
        name="已退出单位",
        joined_on=datetime.date(2020, 1, 1),
        left_on=datetime.date(YEAR - 1, 6, 30),
    )
    committee = party_committee(communities[0])
    meeting = schedule(committee, at(YEAR, 3, 10))
    hold(meeting)
    meeting.attendance.filter(unit=units["good"]).update(status="present")
    meeting.attendance.filter(unit=units["weak"]).update(status="absent")
    item = followups.followup_create(
        meeting=meeting,
        title="修路灯",
        owner=units["weak"],
        due_on=datetime.date(YEAR, 4, 1),
        created_at=at(YEAR, 3, 10),
    )
    return {
        "street": street,
        "communities": communities,
        "units": units,
        "staff": street_staff(street),
        "item": item,
    }


def _open(street) -> Appraisal:
    return services.appraisal_open(street=street["street"], year=YEAR, by=street["staff"])


def _row(appraisal: Appraisal, unit) -> UnitAppraisal:
    return appraisal.units.get(unit=unit)


def test_the_street_opens_a_year_with_every_units_facts(street):
    appraisal = _open(street)
    names = set(appraisal.units.values_list("unit__name", flat=True))
    assert names == {"供电公司", "邮政支局", "人民医院"}  # not the unit that left before
    good, weak = _row(appraisal, street["units"]["good"]), _row(appraisal, street["units"]["weak"])
    assert (good.facts["expected"], good.facts["attended"]) == (1, 1)
    assert (weak.facts["expected"], weak.facts["attended"]) == (1, 0)
    assert (weak.facts["items_due"], weak.facts["on_time"]) == (1, 0)
    with pytest.raises(ValidationError, match="已经发起"):
        _open(street)
    with pytest.raises(PermissionDenied):
        services.appraisal_open(
            street=street["street"], year=YEAR + 1, by=secretary(street["communities"][0])
        )


def test_only_the_units_contact_files_its_report_while_the_year_is_open(street):
    appraisal = _open(street)
    row = _row(appraisal, street["units"]["good"])
    person = contact(street["units"]["good"])
    services.unit_report_file(unit_appraisal=row, report="今年我们做了三件实事", by=person)
    row.refresh_from_db()
    assert row.report == "今年我们做了三件实事" and row.reported_by == person
    with pytest.raises(PermissionDenied):
        services.unit_report_file(
            unit_appraisal=row, report="x", by=contact(street["units"]["other"])
        )
    services.appraisal_publish(appraisal=appraisal, by=street["staff"])
    with pytest.raises(ValidationError, match="已结束"):
        services.unit_report_file(unit_appraisal=row, report="改一改", by=person)


def test_each_person_rates_a_unit_once_and_nobody_their_own(street):
    appraisal = _open(street)
    row = _row(appraisal, street["units"]["good"])
    token = voter_issue()
    services.appraisal_rate(unit_appraisal=row, stars=5, voter_token=token, address="1")
    with pytest.raises(ValidationError, match="已经测评"):
        services.appraisal_rate(unit_appraisal=row, stars=1, voter_token=token, address="1")
    with pytest.raises(ValidationError):
        services.appraisal_rate(unit_appraisal=row, stars=5, voter_token="made-up", address="1")
    member = contact(street["units"]["other"])
    services.appraisal_rate_as_member(unit_appraisal=row, stars=4, by=member)
    with pytest.raises(ValidationError):
        services.appraisal_rate_as_member(unit_appraisal=row, stars=4, by=member)
    with pytest.raises(PermissionDenied, match="不能测评本单位"):
        services.appraisal_rate_as_member(
            unit_appraisal=row, stars=5, by=contact(street["units"]["good"])
        )
    stranger = contact(UnitFactory(community=CommunityFactory(parent=StreetFactory())))
    with pytest.raises(PermissionDenied):
        services.appraisal_rate_as_member(unit_appraisal=row, stars=5, by=stranger)


def test_the_score_weighs_facts_and_ratings_ranks_and_stars(street):
    appraisal = _open(street)
    good, weak = street["units"]["good"], street["units"]["weak"]
    for stars in (5, 5, 4):
        services.appraisal_rate(
            unit_appraisal=_row(appraisal, good),
            stars=stars,
            voter_token=voter_issue(),
            address="1",
        )
    services.appraisal_score(appraisal=appraisal, by=street["staff"])
    good_row, weak_row = _row(appraisal, good), _row(appraisal, weak)
    # The good unit came to its one meeting and had nothing else due: its facts score 100.
    assert good_row.facts_score == Decimal("100.0")
    assert good_row.votes_score == Decimal("93.3")  # 4.67 stars of 5
    assert good_row.score == Decimal("98.0")  # 70 % facts, 30 % ratings
    assert good_row.stars == 5 and good_row.rank_in_street == 1 and good_row.rank_in_community == 1
    # The weak one missed the meeting and its item: 0 on both facts, no rating.
    assert (weak_row.facts_score, weak_row.votes_score, weak_row.score) == (0, None, 0)
    assert weak_row.stars == 1 and weak_row.rank_in_community == 2
    assert any("参加会议 0/1 次" in line for line in weak_row.reasons)
    assert any("尚无测评" in line for line in weak_row.reasons)
    other = _row(appraisal, street["units"]["other"])
    assert other.rank_in_community == 1  # first of its own community
    # Nothing in the records of its year: the ratings alone make its score.
    services.appraisal_rate(unit_appraisal=other, stars=4, voter_token=voter_issue(), address="1")
    services.appraisal_score(appraisal=appraisal, by=street["staff"])
    other.refresh_from_db()
    assert (other.score, other.stars) == (Decimal("80.0"), 4)
    assert any("仅按测评计分" in line for line in other.reasons)

    services.appraisal_weights(appraisal=appraisal, facts_weight=50, by=street["staff"])
    services.appraisal_score(appraisal=appraisal, by=street["staff"])
    assert _row(appraisal, good).score == Decimal("96.7")
    with pytest.raises(PermissionDenied):
        services.appraisal_score(appraisal=appraisal, by=secretary(street["communities"][0]))


def test_a_published_year_is_public_with_a_certificate_and_closed_to_changes(client, street):
    appraisal = _open(street)
    row = _row(appraisal, street["units"]["good"])
    results = reverse("appraisals:results", args=[appraisal.pk])
    assert client.get(results).status_code == 404  # not before it is published
    assert client.get(reverse("appraisals:certificate", args=[row.pk])).status_code == 404
    assert client.get(reverse("appraisals:rate-page", args=[appraisal.pk])).status_code == 200
    services.appraisal_publish(appraisal=appraisal, by=street["staff"])
    appraisal.refresh_from_db()
    assert (
        appraisal.status == AppraisalStatus.PUBLISHED and appraisal.published_by == street["staff"]
    )
    page = client.get(results).content.decode()
    assert "供电公司" in page and "★" in page
    assert client.get(reverse("appraisals:rate-page", args=[appraisal.pk])).status_code == 404
    response = client.get(reverse("appraisals:certificate", args=[row.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = pdf.pages[0].extract_text()
    assert "供电公司" in text and "5星级成员单位" in text and "黛溪街道" in text
    with pytest.raises(ValidationError):
        services.appraisal_score(appraisal=appraisal, by=street["staff"])


def test_residents_rate_on_the_public_page(client, street):
    appraisal = _open(street)
    row = _row(appraisal, street["units"]["good"])
    client.get(reverse("appraisals:rate-page", args=[appraisal.pk]))  # the voter cookie
    client.post(reverse("appraisals:rate", args=[row.pk]), {"stars": "4"})
    client.post(reverse("appraisals:rate", args=[row.pk]), {"stars": "5"})
    assert list(row.votes.values_list("stars", "kind")) == [(4, "resident")]
    bad = client.post(reverse("appraisals:rate", args=[row.pk]), {"stars": "9"})
    assert bad.status_code == 302 and row.votes.count() == 1


def test_the_pages_pin_their_queries(client, street, django_assert_max_num_queries):
    appraisal = _open(street)
    for _ in range(20):
        UnitFactory(community=street["communities"][1])
    services.appraisal_publish(appraisal=appraisal, by=street["staff"])
    client.force_login(street["staff"])
    for url in (
        reverse("appraisals:list"),
        reverse("appraisals:detail", args=[appraisal.pk]),
        reverse("appraisals:results", args=[appraisal.pk]),
    ):
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(8):
        assert APIClient().get("/api/v1/appraisals/").status_code == 200


def test_a_secretary_reads_their_communitys_rows_only(client, street):
    appraisal = _open(street)
    client.force_login(secretary(street["communities"][0]))
    page = client.get(reverse("appraisals:detail", args=[appraisal.pk])).content.decode()
    assert "供电公司" in page and "人民医院" not in page
    other = _row(appraisal, street["units"]["other"])
    assert client.get(reverse("appraisals:unit", args=[other.pk])).status_code == 404
    assert (
        client.post(reverse("appraisals:action", args=[appraisal.pk, "score"])).status_code == 403
    )


def test_the_api_shows_open_years_only_to_those_in_scope(street):
    appraisal = _open(street)
    assert APIClient().get("/api/v1/appraisals/").json()["results"] == []
    api = APIClient()
    api.force_authenticate(contact(street["units"]["good"]))
    rows = api.get("/api/v1/appraisals/").json()["results"]
    assert [r["unit_name"] for r in rows] == ["供电公司"]
    services.appraisal_publish(appraisal=appraisal, by=street["staff"])
    assert len(APIClient().get("/api/v1/appraisals/").json()["results"]) == 3


def test_the_admin_opens_a_year_through_the_service(client, street):
    client.force_login(street["staff"])
    response = client.post(
        reverse("admin:appraisals_appraisal_add"),
        {
            "street": street["street"].pk,
            "year": YEAR,
            "facts_weight": 60,
            "units-TOTAL_FORMS": 0,
            "units-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    appraisal = Appraisal.objects.get()
    assert appraisal.opened_by == street["staff"] and appraisal.units.count() == 3


def test_the_demo_has_a_finished_year_and_an_open_one():
    street_load(slug="jinshanqiao", scale=1, password="demo-pass-123")
    street = Node.objects.streets().get(code="jinshanqiao")
    done = Appraisal.objects.get(street=street, status=AppraisalStatus.PUBLISHED)
    rows = done.units.all()
    assert rows.exists() and not rows.filter(stars=0).exists()
    assert rows.filter(report__gt="").exists() and rows.filter(votes__isnull=False).exists()
    assert Appraisal.objects.filter(street=street, year=done.year + 1, status="open").exists()


def test_a_contact_reports_and_a_resident_rates_through_the_api(street):
    appraisal = _open(street)
    row = _row(appraisal, street["units"]["good"])
    api = APIClient()
    api.force_authenticate(contact(street["units"]["good"]))
    filed = api.post(
        f"/api/v1/appraisals/{row.pk}/report/", {"report": "我们的一年"}, format="json"
    )
    assert filed.status_code == 200 and filed.json()["report"] == "我们的一年"
    other = _row(appraisal, street["units"]["other"])
    assert api.post(
        f"/api/v1/appraisals/{other.pk}/report/", {"report": "x"}, format="json"
    ).status_code in (403, 404)
    resident = APIClient()
    token = resident.post("/api/v1/pledge-ratings/voter/").json()["voter_token"]
    rated = resident.post(
        f"/api/v1/appraisals/{row.pk}/rate/", {"stars": 5, "voter_token": token}, format="json"
    )
    assert rated.status_code == 201 and row.votes.get().kind == "resident"
    twice = resident.post(
        f"/api/v1/appraisals/{row.pk}/rate/", {"stars": 4, "voter_token": token}, format="json"
    )
    assert twice.status_code == 400
