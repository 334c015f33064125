from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "anzhi.accounts"
    verbose_name = "机构与人员"
