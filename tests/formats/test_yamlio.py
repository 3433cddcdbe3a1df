from pathlib import Path

from tenderkit.formats.yamlio import YamlFloat, parse_yaml, read_yaml


def test_norway_stays_a_country_and_yes_stays_text():
    data = parse_yaml("countries: [NL, NO, SE]\nanswer: yes\nflag: true\noff: off")
    assert data == {"countries": ["NL", "NO", "SE"], "answer": "yes", "flag": True, "off": "off"}


def test_numbers_keep_their_written_text():
    data = parse_yaml("controls: [8.10, 8.1, 5.20]\nversion: 2022")
    assert [c.source for c in data["controls"]] == ["8.10", "8.1", "5.20"]
    assert isinstance(data["controls"][0], YamlFloat)
    assert data["version"].source == "2022" and data["version"] == 2022


def test_numeric_mapping_keys_are_kept_as_written():
    assert list(parse_yaml("{3: 1.0, 2.50: 0.6}")) == ["3", "2.50"]


def test_duplicate_key_is_refused_with_its_line(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\nb: 2\na: 3\n")
    data, problems = read_yaml(path, "x.yaml")
    assert data is None
    assert problems[0].place == "line 3, column 1"
    assert "'a' appears twice" in problems[0].message


def test_broken_yaml_and_bad_encoding_become_problems(tmp_path: Path):
    broken = tmp_path / "b.yaml"
    broken.write_text("a: [1, 2\nb: 3\n")
    _, problems = read_yaml(broken, "b.yaml")
    assert problems and problems[0].file == "b.yaml" and "not valid YAML" in problems[0].message
    latin = tmp_path / "l.yaml"
    latin.write_bytes("a: caf\xe9\n".encode("latin-1"))
    _, problems = read_yaml(latin, "l.yaml")
    assert "not UTF-8" in problems[0].message
    _, problems = read_yaml(tmp_path / "missing.yaml", "missing.yaml")
    assert problems[0].message == "file not found"
