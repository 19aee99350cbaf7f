from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from vendors.access import vendor_required

from . import services
from .models import SignUp, TrainingSession


class SessionListView(ListView):
    """The public page: published sessions that have not started, soonest first."""

    template_name = "training/session_list.html"
    context_object_name = "sessions"

    def get_queryset(self):
        return TrainingSession.objects.upcoming().with_seats()


class SessionDetailView(DetailView):
    template_name = "training/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return TrainingSession.objects.published().with_seats()


@vendor_required
def dashboard_sessions(request):
    """The vendor's page: upcoming sessions with sign-up and cancel buttons, and past sign-ups."""
    vendor = request.vendor
    now = timezone.now()
    my_signups = SignUp.objects.active().filter(vendor=vendor)
    mine = {signup.session_id: signup for signup in my_signups.select_related("session")}
    # Published sessions to come, and any session to come the vendor holds a seat at (even one
    # staff took off the public page since).
    sessions = list(
        TrainingSession.objects.filter(
            Q(is_published=True) | Q(pk__in=my_signups.values("session_id")), starts_at__gt=now
        )
        .with_seats()
        .order_by("starts_at", "pk")
    )
    for session in sessions:
        session.my_signup = mine.get(session.pk)
    past = sorted(
        (signup for signup in mine.values() if signup.session.has_started(now)),
        key=lambda signup: signup.session.starts_at,
        reverse=True,
    )
    return render(
        request,
        "training/dashboard_session_list.html",
        {"vendor": vendor, "sessions": sessions, "past_signups": past},
    )


@vendor_required
@require_POST
def dashboard_signup(request, pk):
    session = get_object_or_404(TrainingSession.objects.published(), pk=pk)
    try:
        services.signup_create(session=session, vendor=request.vendor, by=request.user)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("You are signed up for “%(title)s”.") % {"title": session.title}
        )
    return redirect("dashboard-training:session-list")


@vendor_required
@require_POST
def dashboard_cancel(request, pk):
    signup = get_object_or_404(
        SignUp.objects.active().select_related("session"), session_id=pk, vendor=request.vendor
    )
    session = signup.session
    try:
        services.signup_cancel(signup=signup, by=request.user)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Your seat at “%(title)s” is cancelled.") % {"title": session.title}
        )
    return redirect("dashboard-training:session-list")
