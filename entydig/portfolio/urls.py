from django.urls import path

from entydig.portfolio import views

app_name = "portfolio"

urlpatterns = [
    path("portfolios/", views.portfolio_list, name="list"),
    path("portfolios/<int:pk>/", views.portfolio_detail, name="detail"),
    path("portfolios/<int:pk>/pixi/", views.portfolio_pixi_page, name="pixi"),
    path("portfolios/<int:pk>/pixi.pdf", views.portfolio_pixi_pdf, name="pixi_pdf"),
    path("portfolios/<int:pk>/compare/", views.portfolio_compare, name="compare"),
]
