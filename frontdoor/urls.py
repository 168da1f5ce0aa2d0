from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from frontdoor.api.v1.api import api as api_v1


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("health", health, name="health"),
    path("open311/v2/", include("frontdoor.api.open311.urls")),
    path("api/v1/", api_v1.urls),
    path("notifications/", include("frontdoor.notifications.urls")),
    path("inbox/", include("frontdoor.inbox.urls")),
    path("staff/", include("frontdoor.staff.urls")),
    path("performance/staff/", include("frontdoor.staff.performance_urls")),
    path("", include("frontdoor.reporting.urls")),
    # Uploaded photos; in production the reverse proxy serves MEDIA_ROOT at /media/.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
    path("", include("frontdoor.web.urls")),
]
