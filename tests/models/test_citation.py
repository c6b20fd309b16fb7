from dataclasses import asdict, fields

from verifier.models.citation import Citation, Location


def test_to_dict_is_asdict_with_lists_in_field_order():
    """to_dict is written out for speed: a field added to Citation must be added there too."""
    c = Citation("r.pdf", "2.5a", "ESIA", "Conformance", "https://x.example/a.pdf", "ESG Report",
                 (11, 12), True, Location(3, 40), "x.example/a.pdf", ("joined at a hyphen",))  # fmt: skip
    expected = asdict(c) | {"pages": [11, 12], "notes": ["joined at a hyphen"]}
    assert c.to_dict() == expected
    assert list(c.to_dict()) == [f.name for f in fields(Citation)]
