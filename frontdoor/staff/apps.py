from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "frontdoor.staff"
    label = "staff"
    verbose_name = "Staff workspace"
