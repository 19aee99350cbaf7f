"""Dated permits of the vendors, started from the numbers their profiles hold.

Each NIB, P-IRT and halal number already on a profile becomes a permit dated the day the vendor
was approved (or registered, if never approved): the real date it was obtained is unknown, and
the note says so. District staff may record, correct and see permits.
"""

import datetime

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.migration_operations import GrantGroupPermissions

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
NOTE = "Dari profil: tanggal ini saat nomor dicatat, bukan tanggal izin terbit."
PROFILE_FIELDS = (("nib", "nib"), ("pirt_number", "pirt"), ("halal_number", "halal"))


def permits_from_profiles(apps, schema_editor):
    Vendor = apps.get_model("vendors", "Vendor")
    VendorPermit = apps.get_model("vendors", "VendorPermit")
    permits = []
    for vendor in Vendor.objects.order_by("pk").iterator():
        recorded = (vendor.approved_at or vendor.created_at).astimezone(JAKARTA).date()
        for field, kind in PROFILE_FIELDS:
            number = getattr(vendor, field).strip()
            if number:
                permits.append(
                    VendorPermit(
                        vendor=vendor, kind=kind, number=number, obtained_on=recorded, note=NOTE
                    )
                )
    VendorPermit.objects.bulk_create(permits, batch_size=500)


def forget_permits(apps, schema_editor):
    apps.get_model("vendors", "VendorPermit").objects.filter(note=NOTE).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('vendors', '0007_english_text'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='VendorPermit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('nib', 'NIB'), ('pirt', 'P-IRT'), ('halal', 'Halal certificate'), ('other', 'Other permit')], max_length=10, verbose_name='kind')),
                ('number', models.CharField(max_length=60, verbose_name='number')),
                ('obtained_on', models.DateField(verbose_name='obtained on')),
                ('valid_until', models.DateField(blank=True, help_text='Leave empty if it does not expire.', null=True, verbose_name='valid until')),
                ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
                ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                ('recorded_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('vendor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='permits', to='vendors.vendor', verbose_name='vendor')),
            ],
            options={
                'verbose_name': 'permit',
                'verbose_name_plural': 'permits',
                'ordering': ['obtained_on', 'pk'],
                'indexes': [models.Index(fields=['obtained_on'], name='vendors_ven_obtaine_dbdc9e_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('valid_until__isnull', True), ('valid_until__gte', models.F('obtained_on')), _connector='OR'), name='vendors_permit_valid_after_obtained', violation_error_message='A permit cannot expire before it was obtained.'), models.CheckConstraint(condition=models.Q(('number', ''), _negated=True), name='vendors_permit_has_number')],
            },
        ),
        migrations.RunPython(permits_from_profiles, forget_permits),
        GrantGroupPermissions(
            "Staf Dinas",
            "vendors",
            ["view_vendorpermit", "add_vendorpermit", "change_vendorpermit"],
        ),
    ]
