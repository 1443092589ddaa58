from django.contrib import admin

from entydig.core.admin import ReadOnlyAdmin
from entydig.portfolio.models import Portfolio


@admin.register(Portfolio)
class PortfolioAdmin(ReadOnlyAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
