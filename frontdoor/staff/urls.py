from django.urls import path

from .views import case, member_enquiries, messages, signin, worklists

app_name = "staff"

urlpatterns = [
    path("", worklists.home, name="home"),
    path("sign-in", signin.sign_in, name="sign-in"),
    path("sign-in/code", signin.code, name="code"),
    path("sign-in/set-up-code", signin.set_up_code, name="set-up-code"),
    path("sign-out", signin.sign_out, name="sign-out"),
    path("worklists/<slug:slug>", worklists.worklist, name="worklist"),
    path("worklists/<slug:slug>/assign", worklists.bulk_assign, name="bulk-assign"),
    path("member-enquiries", member_enquiries.enquiries, name="member-enquiries"),
    path("member-enquiries/<str:reference>", member_enquiries.enquiry, name="member-enquiry"),
    path("messages", messages.messages, name="messages"),
    path("messages/<uuid:message_id>", messages.message, name="message"),
    path("cases/<str:reference>", case.case, name="case"),
    path("cases/<str:reference>/<slug:action>", case.act, name="case-action"),
]
