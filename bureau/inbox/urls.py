from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", views.todo_list, name="index"),
    path("messages/", views.message_list, name="messages"),
    path("messages/read-all/", views.mark_all_read, name="mark_all_read"),
    path("messages/<int:pk>/", views.open_message, name="open_message"),
    path("messages/<int:pk>/read/", views.mark_read, name="mark_read"),
]
