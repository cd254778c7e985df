from django.urls import path

from . import views, views_clusters, views_office

app_name = "movements"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("<int:pk>/", views.movement_detail, name="detail"),
    path("dang-ky/", views.registration, name="registration"),
    path("cum/", views.sheets, name="sheets"),
    path("cum/lap-bang/", views_office.prepare_sheet, name="prepare_sheet"),
    path("cum/danh-sach/", views_clusters.cluster_list, name="clusters"),
    path("cum/<int:cluster_pk>/thanh-vien/<int:year>/", views_clusters.cluster_year, name="membership"),
    path("cum/<int:pk>/cham-diem/", views.score, name="score"),
    path("cum/<int:pk>/xep-hang/", views.ranking, name="ranking"),
    path("cum/<int:pk>/tong-hop/", views.consolidate, name="consolidate"),
    # The office's screens (the board, or a unit's staff for their own unit's movements).
    path("quan-ly/", views_office.office_list, name="office"),
    path("quan-ly/phat-dong/", views_office.launch, name="launch"),
    path("quan-ly/<int:pk>/", views_office.manage, name="manage"),
    path("quan-ly/<int:pk>/sua/", views_office.edit, name="edit"),
    path("quan-ly/tong-ket/<int:pk>/", views_office.final_review, name="final_review"),
]
