from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("vinh-danh/", views.honours, name="honours"),
    path("vinh-danh/ca-nhan/<int:pk>/", views.person, name="person"),
    path("vinh-danh/tap-the/<int:pk>/", views.collective, name="collective"),
    path("guong-dien-hinh/", views.stories, name="stories"),
    path("guong-dien-hinh/<int:pk>/", views.story, name="story"),
    path("tin-tuc/", views.news_list, name="news"),
    path("tin-tuc/<int:pk>/", views.news_detail, name="news_detail"),
    path("lay-y-kien/", views.consultation, name="consultation"),
    path("lay-y-kien/<int:nominee_id>/gop-y/", views.comment, name="comment"),
    path("quan-ly/y-kien/", views.office_comments, name="office_comments"),
    path("quan-ly/bai-viet/", views.office_stories, name="office_stories"),
    path("quan-ly/bai-viet/<int:pk>/chuyen/", views.office_story_transition, name="office_story_transition"),
]
