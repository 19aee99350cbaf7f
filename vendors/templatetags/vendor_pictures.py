from django import template

register = template.Library()


@register.inclusion_tag("vendors/includes/picture.html")
def vendor_picture(image, width, sizes="100vw", css_class="", lazy=True):
    """A stored picture as ``<picture>``: WebP and JPEG renditions, its size and alt text."""
    return {
        "image": image,
        "src": image.rendition_url(width, "jpeg"),
        "webp_srcset": image.srcset("webp"),
        "jpeg_srcset": image.srcset("jpeg"),
        "width": min(width, image.width or width),
        "height": image.rendition_height(width),
        "sizes": sizes,
        "css_class": css_class,
        "lazy": lazy,
    }
