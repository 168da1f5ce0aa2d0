from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("performance/", views.performance, name="performance"),
    path("performance/staff/", views.staff_dashboard, name="staff-dashboard"),
    path("performance/staff/cases/", views.staff_drill, name="staff-drill"),
    path("performance/staff/teams/<slug:team>/", views.staff_dashboard, name="team-dashboard"),
    path("performance/staff/<slug:name>.csv", views.staff_table_csv, name="staff-table-csv"),
    path("performance/data/", views.data_index, name="data-index"),
    path("performance/data/schema/<slug:name>.json", views.data_schema, name="data-schema"),
    path("performance/data/<slug:name>.<str:fmt>", views.data_table, name="data-table"),
]
