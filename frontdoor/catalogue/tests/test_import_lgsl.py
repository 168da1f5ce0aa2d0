from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from frontdoor.catalogue.models import LgslService

pytestmark = pytest.mark.django_db


def test_importing_the_services_list_makes_its_codes_pickable(tmp_path: Path) -> None:
    source = tmp_path / "services.csv"
    source.write_text(
        "Identifier,Label,Description,Created\n"
        '587,Flytipping,"Dumped waste, cleared",2013-04-03\n'
        "524,Household waste collection,,2013-04-03\n",
        encoding="utf-8",
    )
    call_command("import_lgsl", str(source))
    call_command("import_lgsl", str(source))
    assert list(LgslService.objects.values_list("code", "label", "description")) == [
        (524, "Household waste collection", ""),
        (587, "Flytipping", "Dumped waste, cleared"),
    ]


def test_a_file_without_the_columns_is_refused_and_nothing_is_imported(tmp_path: Path) -> None:
    source = tmp_path / "wrong.csv"
    source.write_text("code,name\n1,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no Identifier, Label column"):
        call_command("import_lgsl", str(source))
    assert LgslService.objects.count() == 0
