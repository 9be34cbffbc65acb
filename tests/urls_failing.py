from django.urls import include, path


def explode(request):
    raise RuntimeError("SELECT secret FROM settings")


handler500 = "clinic.errors.server_error"

urlpatterns = [
    path("explode/", explode),
    path("", include("clinic.urls")),
]
