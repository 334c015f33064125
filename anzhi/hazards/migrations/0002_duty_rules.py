"""Seed the enterprise duty frequencies with their basis. Administrators correct them in the
admin (企业自查演练培训频次) when the rule or its reading changes; nothing in code repeats them."""

from django.db import migrations

RULES = [
    # duty, scope, min_count, per_months, basis, verify
    ("self_inspection", "all", 1, 1,
     "安全生产法第21条第5项（主要负责人组织建立并落实隐患排查治理双重预防机制，督促、检查本单位的"
     "安全生产工作，及时消除事故隐患）；本地落实要求：主要负责人每月至少带队检查一次", True),
    ("self_inspection", "high_risk", 2, 1,
     "安全生产法第21条第5项；本地落实要求：高危行业领域主要负责人每月至少带队检查两次", True),
    ("drill", "all", 1, 12,
     "生产安全事故应急预案管理办法（应急管理部令第2号修正）第33条：每年至少组织一次综合应急预案"
     "演练或者专项应急预案演练", True),
    ("drill", "high_risk", 1, 6,
     "生产安全事故应急条例（国务院令第708号）第8条：危险物品生产经营储存运输单位、矿山、金属冶炼、"
     "建筑施工等单位至少每半年组织一次应急救援预案演练", True),
    ("drill", "crowded_place", 1, 6,
     "生产安全事故应急条例（国务院令第708号）第8条：宾馆、商场、娱乐场所、旅游景区等人员密集场所"
     "经营单位至少每半年组织一次应急救援预案演练", True),
    ("drill", "labour_intensive", 1, 6,
     "本地落实要求：劳动密集型企业至少每半年组织一次应急演练（参照生产安全事故应急条例第8条）", True),
    ("training", "all", 1, 12,
     "安全生产法第28条；生产经营单位安全培训规定（原安监总局令第3号）第13条：从业人员每年应当"
     "接受再培训", True),
]


def seed(apps, schema_editor):
    DutyRule = apps.get_model("hazards", "DutyRule")
    for duty, scope, count, months, basis, verify in RULES:
        DutyRule.objects.update_or_create(duty=duty, scope=scope, defaults={
            "min_count": count, "per_months": months, "basis": basis, "verify": verify})


class Migration(migrations.Migration):
    dependencies = [("hazards", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
