from django.urls import path

from exercises import views

app_name = "exercises"

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercise-list"),
    path("exercises/new/", views.exercise_create, name="exercise-create"),
    path("exercises/<int:pk>/", views.exercise_detail, name="exercise-detail"),
    path("exercises/<int:pk>/edit/", views.exercise_update, name="exercise-update"),
    path("exercises/<int:pk>/retire/", views.exercise_retire, name="exercise-retire"),
]
