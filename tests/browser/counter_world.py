"""What the counter's browser tests share: people assigned to an outlet, goods
on its shelf, logging in through the real login page, and the check that a page fits the screen."""

from counter.models import Assignment
from gallery.services import stock_receive
from tests.factories import StaffFactory

PASSWORD = "kata-sandi-uji-2026"

# An element may run past the right edge only inside a box that scrolls sideways by design
# (the tables' .table-scroll); the report names the first offenders.
OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  const scrollsSideways = (node) => {
    for (let box = node.parentElement; box && box !== document.body; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === "auto" || overflow === "scroll") return true;
    }
    return false;
  };
  const wide = [];
  for (const node of document.body.querySelectorAll("*")) {
    const box = node.getBoundingClientRect();
    if (!box.width || !box.height || box.right <= width + 1 || scrollsSideways(node)) continue;
    wide.push(`${node.tagName.toLowerCase()}.${node.className} (${Math.round(box.right)} px)`);
  }
  return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8) };
}
"""


def counter_staff(outlets, *, email, full_name, supervisor=False):
    groups = ["Staf Galeri", "Supervisor Galeri"] if supervisor else ["Staf Galeri"]
    user = StaffFactory(email=email, full_name=full_name, groups=groups)
    for outlet in outlets:
        Assignment.objects.create(user=user, outlet=outlet)
    return user


def on_shelf(product, outlet, quantity, by):
    stock_receive(outlet=outlet, product=product, quantity=quantity, by=by)
    return product


def log_in(page, base, email, next_path):
    page.goto(f"{base}/en/akun/masuk/?next={next_path}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()


def overflow(page) -> dict:
    return page.evaluate(OVERFLOW)
