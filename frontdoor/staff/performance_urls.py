"""The performance dashboards' addresses (under /performance/staff/, beside the public page)."""

from django.urls import path

from .views import performance

app_name = "performance"

urlpatterns = [
    path("", performance.staff_dashboard, name="dashboard"),
    path("board-report/", performance.staff_board_report, name="board-report"),
    path("cases/", performance.staff_drill, name="drill"),
    path("teams/<slug:team>/", performance.staff_dashboard, name="team-dashboard"),
    path("<slug:name>.csv", performance.staff_table_csv, name="table-csv"),
]
