from django.contrib import admin

from .models import Address, Person


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin[Address]):
    list_display = ["line1", "town", "postcode", "uprn", "ward"]
    search_fields = ["=uprn", "postcode", "line1"]
    list_filter = ["ward"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["name", "contact_preference", "created_at"]
    search_fields = ["name", "email", "phone"]
    raw_id_fields = ["address", "user"]
