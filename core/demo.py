"""Demo accounts: the logins `make run` prints."""

from django.contrib.auth.models import Group

from accounts.models import User

DEMO_PASSWORD = "menong-demo-2026"  # noqa: S105 (demo data, printed on purpose)
ADMIN_EMAIL = "admin@galerimenong.id"
STAFF_EMAIL = "staf@galerimenong.id"
VENDOR_EMAIL = "umkm@galerimenong.id"
STAFF_GROUPS = ["Staf Dinas", "Staf Galeri"]


def demo_user(email, full_name, **extra):
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed(stdout):
    demo_user(ADMIN_EMAIL, "Admin Galeri Menong", is_staff=True, is_superuser=True)
    staff = demo_user(STAFF_EMAIL, "Dewi Lestari", is_staff=True, phone="+6281234500001")
    staff.groups.add(*Group.objects.filter(name__in=STAFF_GROUPS))


def print_logins(stdout):
    stdout.write(f"Demo logins (password for each: {DEMO_PASSWORD}):")
    stdout.write(f"  staff (Staf Dinas, Staf Galeri): {STAFF_EMAIL}  -> /admin/")
    stdout.write(f"  superuser:                       {ADMIN_EMAIL}  -> /admin/")
    stdout.write(f"  vendor (UMKM):                   {VENDOR_EMAIL}  -> /dasbor/")
