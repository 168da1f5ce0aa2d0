from django.urls import path

from .views import home, signin

app_name = "staff"

urlpatterns = [
    path("", home.home, name="home"),
    path("sign-in", signin.sign_in, name="sign-in"),
    path("sign-in/code", signin.code, name="code"),
    path("sign-in/set-up-code", signin.set_up_code, name="set-up-code"),
    path("sign-out", signin.sign_out, name="sign-out"),
]
