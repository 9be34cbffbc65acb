from django.urls import include, path


def explode(request):
    raise RuntimeError("SELECT secret FROM settings")


urlpatterns = [
    path("explode/", explode),
    path("", include("clinic.urls")),
]
