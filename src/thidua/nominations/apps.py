from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "thidua.nominations"
    label = "nominations"
    verbose_name = "Đợt và hồ sơ đề nghị khen thưởng"
