"""RSS and Atom feeds of a community's announcements (its own, and the street's)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from grids.models import Node, NodeKind

from .selectors import announcements_for


class CommunityAnnouncements(Feed):
    def get_object(self, request, node_id: int) -> Node:
        node = Node.objects.filter(
            pk=node_id, kind__in=[NodeKind.STREET, NodeKind.COMMUNITY]
        ).first()
        if node is None:
            raise Http404
        return node

    def title(self, obj: Node) -> str:
        return _("Announcements of %(place)s") % {"place": obj.name}

    def link(self, obj: Node) -> str:
        return reverse("portal:announcements", args=[obj.pk])

    def description(self, obj: Node) -> str:
        return self.title(obj)

    def items(self, obj: Node):
        return announcements_for(obj)[:50]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.body  # sanitised when saved

    def item_link(self, item) -> str:
        return reverse("portal:announcement", args=[item.pk])

    def item_pubdate(self, item):
        return item.published_at


class CommunityAnnouncementsAtom(CommunityAnnouncements):
    feed_type = Atom1Feed
    subtitle = CommunityAnnouncements.description
