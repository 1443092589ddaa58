from django.urls import path

from entydig.portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("portfolios/", views.portfolio_list, name="list"),
    path("portfolios/<int:pk>/", views.portfolio_detail, name="detail"),
    path("portfolios/<int:pk>/compare/", views.portfolio_compare, name="compare"),
]
