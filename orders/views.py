from django.shortcuts import render


def cart_detail(request):
    return render(request, "orders/cart_detail.html", {"lines": []})
