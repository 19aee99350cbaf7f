from django.conf import settings


def site(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "GALLERY_CONTACT_EMAIL": settings.GALLERY_CONTACT_EMAIL,
        "GALLERY_CONTACT_WHATSAPP": settings.GALLERY_CONTACT_WHATSAPP,
    }
