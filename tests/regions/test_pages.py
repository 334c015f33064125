"""The regions page: everyone browses; 安委办管理员 of the jurisdiction add and import."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from anzhi.core.models import AuditEvent
from anzhi.regions.models import Region


def page(code):
    return f"{reverse('regions:index')}?code={code}"


def test_read_only_users_see_no_forms(client, places):
    client.force_login(places.officer)
    res = client.get(page("350524"))
    assert res.status_code == 200
    assert "湖上乡" in res.text
    assert 'id="region-add"' not in res.text
    assert 'id="division-import"' not in res.text
    res = client.post(reverse("regions:add", args=["350524"]), {"code": "350524114",
                                                                 "name": "剑斗镇"})
    assert res.status_code == 403
    assert not Region.objects.filter(pk="350524114").exists()


def test_admin_adds_a_township(client, places):
    client.force_login(places.county_admin)
    res = client.get(page("350524"))
    assert 'id="region-add"' in res.text and "添加乡级区划" in res.text
    res = client.post(reverse("regions:add", args=["350524"]),
                      {"code": "350524114", "name": "剑斗镇"})
    assert res.status_code == 302
    assert Region.objects.get(pk="350524114").full_name == "福建省泉州市安溪县剑斗镇"
    res = client.get(res.url)
    assert "已添加：350524114 剑斗镇" in res.text


def test_bad_code_is_shown_on_the_field_and_nothing_is_written(client, places):
    client.force_login(places.county_admin)
    before = (Region.objects.count(), AuditEvent.objects.count())
    res = client.post(reverse("regions:add", args=["350524"]),
                      {"code": "35052411", "name": "剑斗镇"})
    assert res.status_code == 400
    assert 'data-field="code">区划代码：乡级代码应为9位且以上级代码350524开头' in res.text
    assert (Region.objects.count(), AuditEvent.objects.count()) == before


def test_no_forms_where_nothing_can_be_added(client, places):
    client.force_login(places.superuser)
    assert 'id="region-add"' not in client.get(page("350500")).text
    assert 'id="region-add"' not in client.get(reverse("regions:index")).text


def test_upload_preview_then_commit(client, places, division_xlsx):
    client.force_login(places.county_admin)
    upload = SimpleUploadedFile(division_xlsx.name, division_xlsx.read_bytes())
    res = client.post(reverse("regions:import", args=["350524"]), {"file": upload})
    assert res.status_code == 302
    assert not Region.objects.filter(pk="350524114").exists()  # preview only
    res = client.get(page("350524"))
    assert 'id="division-preview"' in res.text
    row = ("<td>11</td><td>统计用区划代码</td>"
           "<td>代码350525101000不属于上级区划安溪县（350524）</td>")
    assert row in res.text
    assert "导入有效的 6 行" in res.text
    res = client.post(reverse("regions:import_commit", args=["350524"]))
    assert res.status_code == 302
    assert Region.objects.get(pk="350524114201").name == "剑斗村"
    res = client.get(res.url)
    assert "导入完成：新增5个，更新0个；6行有误未导入" in res.text
    assert 'id="division-preview"' not in res.text


def test_upload_of_a_wrong_file_shows_the_reason(client, places):
    client.force_login(places.county_admin)
    upload = SimpleUploadedFile("list.doc", b"hello")
    res = client.post(reverse("regions:import", args=["350524"]), {"file": upload})
    assert res.status_code == 400
    assert "文件：请上传 .xlsx 或 .csv 文件" in res.text


def test_cancel_drops_the_preview(client, places, division_xlsx):
    client.force_login(places.county_admin)
    upload = SimpleUploadedFile(division_xlsx.name, division_xlsx.read_bytes())
    client.post(reverse("regions:import", args=["350524"]), {"file": upload})
    client.post(reverse("regions:import_commit", args=["350524"]), {"cancel": "1"})
    assert 'id="division-preview"' not in client.get(page("350524")).text
    assert not Region.objects.filter(pk="350524114").exists()


def test_other_jurisdictions_admin_may_not_import(client, places, division_xlsx):
    client.force_login(places.other_admin)
    upload = SimpleUploadedFile(division_xlsx.name, division_xlsx.read_bytes())
    res = client.post(reverse("regions:import", args=["350524"]), {"file": upload})
    assert res.status_code == 403
