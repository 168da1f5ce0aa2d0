from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("notify/delivery-status", views.delivery_status, name="notify-delivery-status"),
]
