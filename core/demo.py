"""Demo accounts: the logins `make run` prints."""

from django.contrib.auth.models import Group

from accounts.models import User

DEMO_PASSWORD = "menong-demo-2026"  # noqa: S105 (demo data, printed on purpose)
ADMIN_EMAIL = "admin@galerimenong.id"
STAFF_EMAIL = "staf@galerimenong.id"
VENDOR_EMAIL = "umkm@galerimenong.id"
CASHIER_EMAIL = "kasir@galerimenong.id"
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
    for role, email, where in [
        ("staff (Staf Dinas, Staf Galeri, supervisor)", STAFF_EMAIL, "/admin/, /kasir/"),
        ("cashier (Staf Galeri at Galeri Menong 1)", CASHIER_EMAIL, "/kasir/"),
        ("superuser", ADMIN_EMAIL, "/admin/"),
        ("vendor (UMKM)", VENDOR_EMAIL, "/dasbor/"),
    ]:
        stdout.write(f"  {role + ':':46} {email:24} -> {where}")
