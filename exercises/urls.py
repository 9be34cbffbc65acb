from django.urls import path

from exercises import home_views, programme_views, views

app_name = "exercises"

urlpatterns = [
    path("exercises/", views.exercise_list, name="exercise-list"),
    path("exercises/new/", views.exercise_create, name="exercise-create"),
    path("exercises/<int:pk>/", views.exercise_detail, name="exercise-detail"),
    path("exercises/<int:pk>/edit/", views.exercise_update, name="exercise-update"),
    path("exercises/<int:pk>/retire/", views.exercise_retire, name="exercise-retire"),
    path("exercises/<int:pk>/picture/", views.exercise_picture, name="exercise-picture"),
    path(
        "exercises/<int:pk>/picture/upload/",
        views.exercise_picture_upload,
        name="exercise-picture-upload",
    ),
    path(
        "exercises/<int:pk>/picture/remove/",
        views.exercise_picture_remove,
        name="exercise-picture-remove",
    ),
    path(
        "clients/<int:client_pk>/programme/",
        programme_views.programme_detail,
        name="programme-detail",
    ),
    path(
        "clients/<int:client_pk>/programme/picker/",
        programme_views.programme_picker,
        name="programme-picker",
    ),
    path(
        "clients/<int:client_pk>/programme/handout/",
        programme_views.programme_handout,
        name="programme-handout",
    ),
    path(
        "clients/<int:client_pk>/programme/add/",
        programme_views.prescription_create,
        name="prescription-create",
    ),
    path(
        "prescriptions/<int:pk>/edit/",
        programme_views.prescription_update,
        name="prescription-update",
    ),
    path(
        "prescriptions/<int:pk>/stop/", programme_views.prescription_stop, name="prescription-stop"
    ),
    path(
        "prescriptions/<int:pk>/move/", programme_views.prescription_move, name="prescription-move"
    ),
    path(
        "prescriptions/<int:pk>/progress/",
        programme_views.prescription_progress,
        name="prescription-progress",
    ),
    path(
        "prescriptions/<int:pk>/regress/",
        programme_views.prescription_regress,
        name="prescription-regress",
    ),
    path(
        "clients/<int:client_pk>/programme/link/",
        home_views.programme_link_issue,
        name="programme-link-issue",
    ),
    path(
        "clients/<int:client_pk>/programme/link/revoke/",
        home_views.programme_link_revoke,
        name="programme-link-revoke",
    ),
    path(
        "clients/<int:client_pk>/programme/logs.csv",
        home_views.home_logs_csv,
        name="home-logs-csv",
    ),
    # The client's own pages, opened by the token of their programme link, without a login.
    path("home/sw.js", home_views.home_worker, name="home-worker"),
    path("home/<str:token>/", home_views.home_programme, name="home-programme"),
    path("home/<str:token>/log/", home_views.home_log, name="home-log"),
    path(
        "home/<str:token>/picture/<int:prescription_pk>/",
        home_views.home_picture,
        name="home-picture",
    ),
]
