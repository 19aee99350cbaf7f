from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from core import limits

from . import views
from .forms import LoginForm, PasswordResetForm

app_name = "accounts"

urlpatterns = [
    path(
        "masuk/",
        limits.login_limited(
            auth_views.LoginView.as_view(
                authentication_form=LoginForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", limits.limited(limits.SIGNUP)(views.SignupView.as_view()), name="signup"),
    path(
        "verifikasi/kirim/",
        limits.limited(limits.VERIFICATION)(views.resend_verification),
        name="verify-email-resend",
    ),
    path("verifikasi/<str:token>/", views.verify_email, name="verify-email"),
    path(
        "kata-sandi/ubah/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password-change-done")
        ),
        name="password-change",
    ),
    path(
        "kata-sandi/ubah/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
    path(
        "kata-sandi/lupa/",
        limits.limited(limits.PASSWORD_RESET)(
            auth_views.PasswordResetView.as_view(
                form_class=PasswordResetForm,
                success_url=reverse_lazy("accounts:password-reset-done"),
                email_template_name="registration/password_reset_email.txt",
                subject_template_name="registration/password_reset_subject.txt",
            )
        ),
        name="password-reset",
    ),
    path(
        "kata-sandi/lupa/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "kata-sandi/atur/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password-reset-complete")
        ),
        name="password-reset-confirm",
    ),
    path(
        "kata-sandi/atur/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("", views.account_home, name="home"),
]
