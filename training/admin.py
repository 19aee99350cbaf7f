"""Training sessions for district staff: publish, follow the sign-ups, export the attendee list."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy, ngettext

from backoffice.csvfiles import csv_response
from core.admin import ReadOnlyAdmin, ReadOnlyInline
from core.formats import format_phone

from . import services
from .models import SignUp, TrainingSession


class SignUpInline(ReadOnlyInline):
    """The attendee list, read-only: vendors sign up and cancel from their dashboard."""

    model = SignUp
    verbose_name_plural = gettext_lazy("Sign-ups")
    fields = ["vendor", "kecamatan", "whatsapp", "created_at", "cancelled_at"]
    readonly_fields = fields
    ordering = ["cancelled_at", "created_at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("vendor__kecamatan")

    @admin.display(description=gettext_lazy("kecamatan"))
    def kecamatan(self, obj):
        return obj.vendor.kecamatan

    @admin.display(description=gettext_lazy("WhatsApp number"))
    def whatsapp(self, obj):
        return format_phone(obj.vendor.whatsapp)


ATTENDEE_HEADER = [
    gettext_lazy("session"),
    gettext_lazy("starts at"),
    gettext_lazy("business name"),
    gettext_lazy("owner's name"),
    gettext_lazy("kecamatan"),
    gettext_lazy("WhatsApp number"),
    gettext_lazy("email"),
    gettext_lazy("signed up at"),
]


def attendee_rows(sessions):
    signups = (
        SignUp.objects.active()
        .filter(session__in=sessions)
        .select_related("session", "vendor__kecamatan", "vendor__user")
        .order_by("session__starts_at", "session_id", "created_at", "pk")
    )
    for signup in signups.iterator(chunk_size=500):
        vendor = signup.vendor
        yield [
            signup.session.title,
            signup.session.starts_at,
            vendor.business_name,
            vendor.owner_name,
            vendor.kecamatan.name,
            vendor.whatsapp,
            vendor.user.email,
            signup.created_at,
        ]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "topic",
        "starts_at",
        "where",
        "quota",
        "seats_taken_display",
        "is_published",
    ]
    list_filter = ["is_published", "topic", "starts_at"]
    search_fields = ["title", "description", "place"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at", "-pk"]
    fieldsets = [
        (None, {"fields": ["title", "topic", "description"]}),
        (
            gettext_lazy("English (optional)"),
            {
                "fields": ["title_en", "description_en"],
                "description": gettext_lazy(
                    "Shown on the English pages; where empty they show the Indonesian text."
                ),
            },
        ),
        (
            gettext_lazy("When and where"),
            {"fields": ["starts_at", "ends_at", "place", "online_url"]},
        ),
        (gettext_lazy("Sign-ups"), {"fields": ["quota", "is_published"]}),
        (gettext_lazy("Record"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [SignUpInline]
    actions = ["publish", "unpublish", "export_attendees"]
    change_form_template = "training/admin/session_change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        return super().get_queryset(request).with_seats()

    @admin.display(description=gettext_lazy("signed up"), ordering="seats_taken")
    def seats_taken_display(self, obj):
        return obj.seats_taken

    @admin.display(description=gettext_lazy("place or link"))
    def where(self, obj):
        return obj.place or obj.online_url

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def _set_published(self, request, queryset, published):
        return sum(
            services.session_set_published(session=session, published=published, by=request.user)
            for session in queryset
        )

    @admin.action(description=gettext_lazy("Publish the selected sessions"), permissions=["change"])
    def publish(self, request, queryset):
        changed = self._set_published(request, queryset, published=True)
        self.message_user(
            request,
            ngettext("%(n)s session published.", "%(n)s sessions published.", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

    @admin.action(
        description=gettext_lazy("Take the selected sessions off the public page"),
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        changed = self._set_published(request, queryset, published=False)
        self.message_user(
            request,
            ngettext("%(n)s session unpublished.", "%(n)s sessions unpublished.", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

    def has_view_signup_permission(self, request):
        return request.user.has_perm("training.view_signup")

    @admin.action(
        description=gettext_lazy("Export the attendee lists (CSV)"), permissions=["view_signup"]
    )
    def export_attendees(self, request, queryset):
        return csv_response(
            f"peserta-pelatihan-{timezone.localdate():%Y%m%d}.csv",
            ATTENDEE_HEADER,
            attendee_rows(list(queryset)),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/attendees.csv",
                self.admin_site.admin_view(self.attendees_csv),
                name="training_trainingsession_attendees",
            ),
            *super().get_urls(),
        ]

    def attendees_csv(self, request, pk):
        session = get_object_or_404(TrainingSession, pk=pk)
        if not (
            self.has_view_permission(request, session) and self.has_view_signup_permission(request)
        ):
            raise PermissionDenied
        filename = f"peserta-{slugify(session.title)[:60]}-{session.starts_at:%Y%m%d}.csv"
        return csv_response(filename, ATTENDEE_HEADER, attendee_rows([session]))


@admin.register(SignUp)
class SignUpAdmin(ReadOnlyAdmin):
    """Every sign-up across sessions, read-only: to find who attended what."""

    list_display = ["vendor", "session", "created_at", "cancelled_at"]
    list_filter = [("cancelled_at", admin.EmptyFieldListFilter), "session__topic", "session"]
    search_fields = ["vendor__business_name", "session__title"]
    list_select_related = ["vendor", "session"]
    date_hierarchy = "created_at"
