from django.urls import re_path

from . import views

FMT = r"\.(?P<fmt>xml|json)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="open311-discovery"),
    re_path(r"^services" + FMT, views.services, name="open311-services"),
    re_path(r"^services/(?P<code>[-\w]+)" + FMT, views.service_definition, name="open311-service"),
    # An older client asks for service/{code}; answer it rather than 404.
    re_path(r"^service/(?P<code>[-\w]+)" + FMT, views.service_definition),
    re_path(r"^requests" + FMT, views.requests, name="open311-requests"),
    re_path(
        r"^requests/(?P<reference>[-\w]+)" + FMT, views.service_request, name="open311-request"
    ),
    re_path(r"^tokens/(?P<token>[-\w]+)" + FMT, views.token, name="open311-token"),
    re_path(r"^servicerequestupdates" + FMT, views.request_updates, name="open311-request-updates"),
]
