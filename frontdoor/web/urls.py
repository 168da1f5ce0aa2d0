from django.urls import path

from .views import account, pages, report, track

app_name = "web"

urlpatterns = [
    path("", pages.home, name="home"),
    path("search", pages.search, name="search"),
    path("topics/<slug:slug>", pages.topic, name="topic"),
    path("services/<slug:code>", pages.service, name="service"),
    path("report/confirmation", report.confirmation, name="report-confirmation"),
    path("report/following", report.followed, name="report-followed"),
    path("report/<slug:code>/", report.start, name="report-start"),
    path(
        "report/<slug:code>/question/<slug:question_code>",
        report.question,
        name="report-question",
    ),
    path("report/<slug:code>/where", report.where, name="report-where"),
    path("report/<slug:code>/address", report.address, name="report-address"),
    path("report/<slug:code>/already-reported", report.duplicates, name="report-duplicates"),
    path("report/<slug:code>/details", report.details, name="report-details"),
    path("report/<slug:code>/photos", report.photos, name="report-photos"),
    path("report/<slug:code>/contact", report.contact, name="report-contact"),
    path("report/<slug:code>/check", report.check, name="report-check"),
    path("track", track.track, name="track"),
    path("track/<str:reference>", track.case, name="track-case"),
    path("track/<str:reference>/photos/<int:photo_pk>", track.photo, name="case-photo"),
    path("track/<str:reference>/escalate", track.escalate_complaint, name="track-escalate"),
    path("track/<str:reference>/rate", track.rate, name="track-rate"),
    path("account", account.account, name="account"),
    path("account/register", account.register, name="register"),
    path("account/confirm/<str:uid>/<str:token>", account.verify_email, name="verify-email"),
    path("account/sign-in", account.sign_in, name="sign-in"),
    path("account/sign-out", account.sign_out, name="sign-out"),
    path("account/forgot-password", account.forgot_password, name="forgot-password"),
    path(
        "account/reset-password/<str:uid>/<str:token>",
        account.reset_password,
        name="reset-password",
    ),
    path("account/follow/<str:reference>", account.follow, name="follow"),
    path("account/unfollow/<str:reference>", account.unfollow, name="unfollow"),
    path("account/profile", account.profile, name="profile"),
    path("account/profile/address", account.profile_address, name="profile-address"),
    path("account/my-data.json", account.my_data, name="my-data"),
    path("account/close", account.close, name="close-account"),
    path("help/contact", pages.contact, name="contact"),
    path("help/customer-charter", pages.charter, name="charter"),
    path("help/accessibility", pages.accessibility, name="accessibility"),
    path("help/privacy", pages.privacy, name="privacy"),
]
