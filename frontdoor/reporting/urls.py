from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("performance/", views.performance, name="performance"),
    path("performance/data/", views.data_index, name="data-index"),
    path("performance/data/schema/<slug:name>.json", views.data_schema, name="data-schema"),
    path("performance/data/<slug:name>.<str:fmt>", views.data_table, name="data-table"),
]
