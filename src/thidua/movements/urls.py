from django.urls import path

from . import office, views, views_clusters

app_name = "movements"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("<int:pk>/", views.movement_detail, name="detail"),
    path("dang-ky/", views.registration, name="registration"),
    path("cum/", views.sheets, name="sheets"),
    path("cum/lap-bang/", office.prepare_sheet, name="prepare_sheet"),
    path("cum/danh-sach/", views_clusters.cluster_list, name="clusters"),
    path("cum/<int:cluster_pk>/thanh-vien/<int:year>/", views_clusters.cluster_year, name="membership"),
    path("cum/<int:pk>/cham-diem/", views.score, name="score"),
    path("cum/<int:pk>/xep-hang/", views.ranking, name="ranking"),
    path("cum/<int:pk>/tong-hop/", views.consolidate, name="consolidate"),
    # The office's screens (the board, or a unit's staff for their own unit's movements).
    path("quan-ly/", office.office_list, name="office"),
    path("quan-ly/phat-dong/", office.launch, name="launch"),
    path("quan-ly/<int:pk>/", office.manage, name="manage"),
    path("quan-ly/<int:pk>/sua/", office.edit, name="edit"),
    path("quan-ly/tong-ket/<int:pk>/", office.final_review, name="final_review"),
]
