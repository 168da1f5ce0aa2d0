from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def health(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


admin.site.site_header = "Front Door administration"
admin.site.site_title = "Front Door"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health", health, name="health"),
    path("notifications/", include("frontdoor.notifications.urls")),
    path("inbox/", include("frontdoor.inbox.urls")),
]
