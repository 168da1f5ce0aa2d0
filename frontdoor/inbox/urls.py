from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("email", views.inbound_email, name="email"),
    path("notify/received-text", views.inbound_text, name="notify-received-text"),
]
