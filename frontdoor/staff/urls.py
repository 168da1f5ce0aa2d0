from django.urls import path

from .views import (
    case,
    complaints,
    contact,
    member_enquiries,
    messages,
    partners,
    signin,
    worklists,
)

app_name = "staff"

urlpatterns = [
    path("", worklists.home, name="home"),
    path("sign-in", signin.sign_in, name="sign-in"),
    path("sign-in/code", signin.code, name="code"),
    path("sign-in/set-up-code", signin.set_up_code, name="set-up-code"),
    path("sign-out", signin.sign_out, name="sign-out"),
    path("worklists/<slug:slug>", worklists.worklist, name="worklist"),
    path("worklists/<slug:slug>/assign", worklists.bulk_assign, name="bulk-assign"),
    path("contact", contact.contact, name="contact"),
    path("contact/done/<str:token>", contact.done, name="contact-done"),
    path("complaints", complaints.complaints, name="complaints"),
    path("member-enquiries", member_enquiries.enquiries, name="member-enquiries"),
    path("member-enquiries/<str:reference>", member_enquiries.enquiry, name="member-enquiry"),
    path("partner", partners.queue, name="partner-queue"),
    path("partner/cases/<str:reference>", partners.case, name="partner-case"),
    path("partner/cases/<str:reference>/book", partners.book, name="partner-book"),
    path("partner/cases/<str:reference>/work-done", partners.work_done, name="partner-work-done"),
    path("messages", messages.messages, name="messages"),
    path("messages/<uuid:message_id>", messages.message, name="message"),
    path("cases/<str:reference>", case.case, name="case"),
    path("cases/<str:reference>/<slug:action>", case.act, name="case-action"),
]
