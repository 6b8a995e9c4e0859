"""吹哨报到: a community raises a summons, the chosen units are told at once, each answers,
arrives, checks in at the place with the code shown there and reports; a unit that cannot come
says why; what the community cannot settle goes up to the street, which calls units of the
whole street. Every rule holds in the service, whatever page or surface calls it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import Notification
from summons import services
from summons.models import CallStatus, Light, Summons, SummonsCall, SummonsStatus
from summons.selectors import unit_summons_figures
from tests.factories import CommunityFactory, StreetFactory, secretary, street_staff
from tests.factories.alliance import UnitFactory, contact

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def world():
    street = StreetFactory(name="黛溪街道")
    a = CommunityFactory(parent=street, name="醴泉社区")
    b = CommunityFactory(parent=street, name="黄山社区")
    units = [UnitFactory(community=a, name=n) for n in ("人民医院", "供电公司", "消防救援站")]
    other = UnitFactory(community=b, name="第一中学")
    return {
        "street": street,
        "a": a,
        "b": b,
        "units": units,
        "other": other,
        "contacts": [contact(u) for u in units],
        "other_contact": contact(other),
        "secretary": secretary(a),
        "staff": street_staff(street),
    }


def raise_one(world, units=None, hours=4, **kwargs):
    return services.summons_raise(
        node=kwargs.pop("node", world["a"]),
        kind="flood",
        title="暴雨积水，低洼小区需排水转移",
        description="醴泉小区地下车库进水，需抽水泵和人手",
        place="醴泉小区北门",
        deadline=timezone.now() + datetime.timedelta(hours=hours),
        units=units if units is not None else world["units"][:2],
        by=kwargs.pop("by", world["secretary"]),
    )


def test_raising_calls_the_units_and_tells_their_contacts_at_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        summons = raise_one(world)
    assert {c.unit for c in summons.calls.all()} == set(world["units"][:2])
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {world["contacts"][0].pk, world["contacts"][1].pk}


def test_a_summons_is_refused_outside_the_raisers_place_or_past_its_deadline(world):
    with pytest.raises(ValidationError):
        raise_one(world, units=[world["other"]])  # a unit of another community
    with pytest.raises(ValidationError):
        raise_one(world, hours=-1)
    with pytest.raises(ValidationError):
        raise_one(world, units=[])
    with pytest.raises(PermissionDenied):
        raise_one(world, by=secretary(world["b"]))
    with pytest.raises(PermissionDenied):
        raise_one(world, by=world["contacts"][0])
    assert not Summons.objects.exists()


def test_a_unit_accepts_comes_checks_in_with_the_places_code_and_reports(world):
    summons = raise_one(world)
    call = summons.calls.get(unit=world["units"][0])
    by = world["contacts"][0]
    services.call_accept(call=call, by=by)
    services.call_arriving(call=call, by=by)
    with pytest.raises(ValidationError):
        services.call_check_in(call=call, token="not-the-code", by=by)
    services.call_check_in(call=call, token=summons.checkin_token, by=by)
    assert call.status == CallStatus.ON_SITE and call.on_site_in_time
    with pytest.raises(ValidationError):
        services.call_report(call=call, report="  ", by=by)
    services.call_report(call=call, report="抽排积水两小时，转移老人三名", by=by)
    call.refresh_from_db()
    assert call.status == CallStatus.DONE and call.answered_by == by
    assert call.light() == Light.DONE
    # A step that does not follow is refused.
    with pytest.raises(ValidationError):
        services.call_accept(call=call, by=by)


def test_only_the_called_units_contact_answers_for_it(world):
    summons = raise_one(world)
    call = summons.calls.get(unit=world["units"][0])
    for stranger in (world["contacts"][1], world["secretary"], world["other_contact"]):
        with pytest.raises(PermissionDenied):
            services.call_accept(call=call, by=stranger)


def test_a_unit_that_cannot_come_says_why_and_the_raiser_is_told(
    world, django_capture_on_commit_callbacks
):
    summons = raise_one(world)
    call = summons.calls.get(unit=world["units"][1])
    with pytest.raises(ValidationError):
        services.call_decline(call=call, reason="", by=world["contacts"][1])
    with django_capture_on_commit_callbacks(execute=True):
        services.call_decline(call=call, reason="抢修车辆都在外", by=world["contacts"][1])
    assert call.status == CallStatus.DECLINED
    assert Notification.objects.filter(recipient=world["secretary"]).exists()


def test_lights_turn_yellow_at_half_time_and_red_past_the_deadline(world):
    summons = raise_one(world, hours=4)
    call = summons.calls.first()
    assert call.light(call.called_at + datetime.timedelta(hours=1)) == Light.GREEN
    assert call.light(call.called_at + datetime.timedelta(hours=3)) == Light.YELLOW
    assert call.light(call.called_at + datetime.timedelta(hours=5)) == Light.RED


def test_what_the_community_cannot_settle_goes_to_the_street(
    world, django_capture_on_commit_callbacks
):
    summons = raise_one(world)
    with pytest.raises(ValidationError):
        services.summons_escalate(summons=summons, note="", by=world["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        upper = services.summons_escalate(
            summons=summons, note="积水范围扩大，社区单位不足", by=world["secretary"]
        )
    summons.refresh_from_db()
    assert summons.status == SummonsStatus.ESCALATED
    assert upper.node == world["street"] and upper.escalated_from == summons
    assert Notification.objects.filter(recipient=world["staff"]).exists()
    # The community's own summons takes no more answers; the street calls the whole street.
    with pytest.raises(ValidationError):
        services.call_accept(call=summons.calls.first(), by=world["contacts"][0])
    with pytest.raises(PermissionDenied):
        services.summons_call_units(summons=upper, units=[world["other"]], by=world["secretary"])
    services.summons_call_units(summons=upper, units=[world["other"]], by=world["staff"])
    assert upper.calls.get().unit == world["other"]


def test_closing_records_the_outcome_and_ends_the_answers(world):
    summons = raise_one(world)
    with pytest.raises(ValidationError):
        services.summons_close(summons=summons, note="", by=world["secretary"])
    services.summons_close(summons=summons, note="积水已排净", by=world["secretary"])
    assert summons.status == SummonsStatus.CLOSED and summons.closed_by == world["secretary"]
    with pytest.raises(ValidationError):
        services.call_accept(call=summons.calls.first(), by=world["contacts"][0])


def test_the_figures_count_the_calls_and_those_on_site_in_time(world):
    summons = raise_one(world)
    first, second = summons.calls.order_by("unit__name")
    by = {c.unit_id: world["contacts"][world["units"].index(c.unit)] for c in (first, second)}
    services.call_check_in(call=first, token=summons.checkin_token, by=by[first.unit_id])
    today = timezone.localdate()
    figures = unit_summons_figures([u.pk for u in world["units"]], today, today)
    assert figures[first.unit_id] == {"summoned": 1, "summons_in_time": 1, "summons_done": 0}
    assert figures[second.unit_id] == {"summoned": 1, "summons_in_time": 0, "summons_done": 0}
    assert world["units"][2].pk not in figures


def test_a_contact_answers_from_the_summons_page_and_checks_in_by_the_code(client, world):
    summons = raise_one(world)
    client.force_login(world["contacts"][0])
    page = client.get(reverse("summons:detail", args=[summons.pk]), **ZH).content.decode()
    assert "我们会来" in page and 'id="my-call"' in page
    assert summons.checkin_token not in page  # the code is the place's, not the unit's
    client.post(reverse("summons:action", args=[summons.pk, "accept"]))
    check_in = reverse("summons:check-in", args=[summons.pk, summons.checkin_token])
    assert client.get(check_in).status_code == 200
    assert SummonsCall.objects.get(unit=world["units"][0]).status == CallStatus.ACCEPTED
    client.post(check_in)
    client.post(reverse("summons:action", args=[summons.pk, "report"]), {"note": "已到场抽水"})
    assert SummonsCall.objects.get(unit=world["units"][0]).status == CallStatus.DONE
    # A unit not called sees nothing of it.
    client.force_login(world["other_contact"])
    assert client.get(reverse("summons:detail", args=[summons.pk])).status_code == 404
    assert client.get(check_in).status_code == 404


def test_the_secretary_raises_from_the_site_and_sees_the_answers(client, world):
    client.force_login(world["secretary"])
    form = client.get(reverse("summons:new"), **ZH).content.decode()
    assert world["units"][0].name in form and world["other"].name not in form
    deadline = timezone.localtime() + datetime.timedelta(hours=3)
    response = client.post(
        reverse("summons:new"),
        {
            "node": world["a"].pk,
            "kind": "fire",
            "title": "老旧小区电动车充电隐患排查",
            "description": "需要供电公司和消防站到场",
            "place": "醴泉小区车棚",
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
            "units": [world["units"][1].pk, world["units"][2].pk],
        },
    )
    assert response.status_code == 302
    summons = Summons.objects.get()
    page = client.get(response.url, **ZH).content.decode()
    assert 'id="check-in-code"' in page and "<svg" in page
    assert page.count('id="call-') == 2
    bad = client.post(reverse("summons:new"), {"node": world["a"].pk, "units": [9999]}, **ZH)
    assert bad.status_code == 400
    assert Summons.objects.count() == 1
    assert client.post(f"/summons/{summons.pk}/nonsense/").status_code == 404


def test_people_outside_the_back_office_raise_nothing(client, world):
    client.force_login(world["contacts"][0])
    assert client.get(reverse("summons:new")).status_code == 403


@pytest.mark.parametrize("who", ["staff", "contact"])
def test_the_list_costs_the_same_queries_however_many_summons(
    client, world, who, django_assert_max_num_queries
):
    for _ in range(3):
        raise_one(world)
    user = world["staff"] if who == "staff" else world["contacts"][0]
    client.force_login(user)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("summons:list"), **ZH)
    assert len(re.findall(r'href="/summons/\d+/"', page.content.decode())) == 3
    for _ in range(10):
        raise_one(world)
    with django_assert_max_num_queries(12):
        client.get(reverse("summons:list"), **ZH)


def test_the_admin_lists_the_summons_in_scope_and_changes_nothing(client, world):
    raise_one(world)
    client.force_login(world["secretary"])
    listing = client.get(reverse("admin:summons_summons_changelist"))
    assert listing.status_code == 200
    assert client.get(reverse("admin:summons_summons_add")).status_code == 403


def test_the_monthly_grade_counts_being_on_site_in_time(world):
    from alliance.models import Grade
    from alliance.services.evaluations import grade_from_figures, grade_reasons, unit_month_figures
    from tests.factories.alliance import party_committee

    committee = party_committee(world["a"])
    summons = raise_one(world, units=world["units"][:1])
    services.call_check_in(
        call=summons.calls.get(), token=summons.checkin_token, by=world["contacts"][0]
    )
    month = timezone.localdate().replace(day=1)
    figures = unit_month_figures(committee, month)[world["units"][0].pk]
    assert figures["summoned"] == 1 and figures["summons_in_time"] == 1
    assert grade_from_figures(figures) == Grade.EXCELLENT
    with translation.override("zh-hans"):
        assert any("吹哨报到" in reason for reason in grade_reasons(figures))


def test_the_api_lists_in_scope_and_a_contact_answers_through_the_services(
    client, world, django_assert_max_num_queries
):
    summons = raise_one(world)
    raise_one(world, node=world["b"], units=[world["other"]], by=secretary(world["b"]))
    client.force_login(world["secretary"])
    with django_assert_max_num_queries(8):
        listed = client.get("/api/v1/summons/").json()
    assert [s["id"] for s in listed["results"]] == [summons.pk]
    assert len(listed["results"][0]["calls"]) == 2
    client.force_login(world["contacts"][0])
    url = f"/api/v1/summons/{summons.pk}/answer/"
    assert client.post(url, {"step": "report", "note": "x"}).status_code == 400  # not on site
    assert client.post(url, {"step": "check_in", "token": "wrong"}).status_code == 400
    answered = client.post(url, {"step": "check_in", "token": summons.checkin_token})
    assert answered.status_code == 200 and answered.json()["status"] == CallStatus.ON_SITE
    client.force_login(world["other_contact"])
    assert client.post(url, {"step": "accept"}).status_code == 404


def test_the_unit_workspace_lists_the_summons_it_has_to_answer(client, world):
    open_one = raise_one(world)
    done = raise_one(world, units=world["units"][:1])
    services.call_check_in(call=done.calls.get(), token=done.checkin_token, by=world["contacts"][0])
    services.call_report(call=done.calls.get(), report="已处置", by=world["contacts"][0])
    client.force_login(world["contacts"][0])
    page = client.get(reverse("workspace:unit"), **ZH).content.decode()
    section = page.split('id="summons"')[1].split("</section>")[0]
    assert reverse("summons:detail", args=[open_one.pk]) in section
    assert reverse("summons:detail", args=[done.pk]) not in section
    assert "light-green" in section


def test_units_are_suggested_by_their_menu_then_distance_then_load(world):
    from decimal import Decimal

    from servicedesk import services as desk
    from servicedesk.models import ServiceOffer
    from summons.selectors import units_suggested

    hospital, power, fire_station = world["units"]
    world["a"].latitude, world["a"].longitude = Decimal("36.880"), Decimal("117.740")
    world["a"].save(update_fields=["latitude", "longitude"])
    for unit, lat in ((hospital, "36.881"), (power, "36.950"), (fire_station, "36.900")):
        unit.latitude, unit.longitude = Decimal(lat), Decimal("117.740")
        unit.save(update_fields=["latitude", "longitude"])
    desk.offer_save(
        offer=ServiceOffer(
            unit=power,
            title="抢修",
            category="repair",
            place="供电所",
            hours="全天",
            contact_name="王",
            contact_phone="13800000000",
        )
    )
    raise_one(world, units=[hospital])  # the hospital was called once this year
    units = services.units_callable(world["a"])
    flood = units_suggested(world["a"], units, "flood")
    assert [s.unit for s in flood] == [power, hospital, fire_station]
    with translation.override("zh-hans"):
        assert "服务菜单" in "".join(flood[0].reasons())
        assert "今年已被召集1次" in "".join(flood[1].reasons())
    # A dispute needs legal advice: nobody's menu answers it, so the nearest come first.
    assert units_suggested(world["a"], units, "dispute")[0].unit == hospital


def test_suggesting_posts_the_form_back_with_the_best_units_ticked_and_sends_nothing(client, world):
    client.force_login(world["secretary"])
    response = client.post(
        reverse("summons:new"),
        {"node": world["a"].pk, "kind": "fire", "title": "排查", "suggest": "1"},
        **ZH,
    )
    assert response.status_code == 200 and not Summons.objects.exists()
    page = response.content.decode()
    assert "建议" in page and 'value="排查"' in page
    assert page.count("checked") >= 1


def test_a_report_photo_goes_through_the_upload_policy_and_only_to_those_who_see_it(client, world):
    from tests.factories.files import jpeg_upload, pdf_upload

    summons = raise_one(world)
    call = summons.calls.get(unit=world["units"][0])
    by = world["contacts"][0]
    services.call_check_in(call=call, token=summons.checkin_token, by=by)
    with pytest.raises(ValidationError):  # one bad file refuses the whole report
        services.call_report(
            call=call, report="已处置", by=by, photos=[jpeg_upload(), pdf_upload()]
        )
    call.refresh_from_db()
    assert call.status == CallStatus.ON_SITE and not call.photos.exists()
    with pytest.raises(ValidationError):
        services.call_report(call=call, report="已处置", by=by, photos=[jpeg_upload()] * 7)
    services.call_report(
        call=call, report="已处置", by=by, photos=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")]
    )
    first, second = call.photos.all()
    url = first.photo.url
    assert url == reverse("summons:photo", args=[first.pk]) != second.photo.url
    client.force_login(world["secretary"])
    shown = client.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    assert "sandbox" in shown["Content-Security-Policy"]
    client.force_login(world["other_contact"])
    assert client.get(url).status_code == 404
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world["secretary"])
    listed = api.get(f"/api/v1/summons/{summons.pk}/").json()["calls"]
    assert [first.photo.url, second.photo.url] in [c["photos"] for c in listed]
