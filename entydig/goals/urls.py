from django.urls import path

from entydig.goals import export_views, views

app_name = "goals"

P = "plans/<int:plan_pk>/"

urlpatterns = [
    path(P + "goals/", views.dashboard, name="dashboard"),
    path(P + "goals/new/", views.goal_new, name="goal_new"),
    path(P + "goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path(P + "goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path(P + "goals/<int:pk>/move/", views.goal_move, name="goal_move"),
    path(P + "goal-checks/", views.checks_page, name="checks"),
    path(P + "goal-checks/partial/", views.checks_partial, name="checks_partial"),
    path(P + "ownership/", views.ownership, name="ownership"),
    path(P + "agreement/", views.agreement, name="agreement"),
    path(P + "agreement/edit/", views.agreement_edit, name="agreement_edit"),
    path(P + "agreement/approve/", views.agreement_approve, name="agreement_approve"),
    path(P + "agreement/goals/partial/", views.goal_editor_partial, name="goal_editor_partial"),
    path(P + "agreement/versions/", views.agreement_versions, name="agreement_versions"),
    path(P + "agreement/versions/<int:number>/", views.agreement_version, name="agreement_version"),
    path(P + "agreement/diff/", views.agreement_diff, name="agreement_diff"),
    path(P + "sub-agreements/today.<str:fmt>", export_views.sub_agreements_export, name="sub_agreements_export"),
    path(P + "sub-agreements/new/", views.sub_agreement_new, name="sub_agreement_new"),
    path(P + "sub-agreements/<int:pk>/", views.sub_agreement, name="sub_agreement"),
    path(P + "sub-agreements/<int:pk>/edit/", views.sub_agreement_edit, name="sub_agreement_edit"),
    path(P + "sub-agreements/<int:pk>/approve/", views.sub_agreement_approve, name="sub_agreement_approve"),
    path(P + "sub-agreements/<int:pk>/goals/partial/", views.sub_goal_editor_partial, name="sub_goal_editor_partial"),
    path(P + "sub-agreements/<int:pk>/versions/", views.sub_agreement_versions, name="sub_agreement_versions"),
    path(
        P + "sub-agreements/<int:pk>/versions/<int:number>/", views.sub_agreement_version, name="sub_agreement_version"
    ),
    path(P + "sub-agreements/<int:pk>/diff/", views.sub_agreement_diff, name="sub_agreement_diff"),
]
