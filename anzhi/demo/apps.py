from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "anzhi.demo"
    verbose_name = "演示数据"
