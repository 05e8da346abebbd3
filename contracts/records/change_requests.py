"""Inputs of the change-request RPC of records (变更申请)."""

from typing import Any

from marshmallow import Schema, fields, post_load, validate

from shared.schema_text import Text

REQUIRED = {"required": "必填 (required)"}


class EvidenceSchema(Schema):
    """A reference to a piece of evidence (a document's name and a note), not a file."""

    name = Text(required=True, validate=validate.Length(min=1, max=200), error_messages=REQUIRED)
    note = Text(
        load_default=None, allow_none=True, multiline=True, validate=validate.Length(max=2000)
    )


class FileChangeSchema(Schema):
    set = Text(
        required=True,
        error_messages=REQUIRED,
        metadata={"description": "the information set, e.g. basic_info"},
    )
    entry_id = Text(
        required=True,
        error_messages=REQUIRED,
        metadata={"description": "the effective entry to change"},
    )
    new_fields = fields.Dict(
        required=True,
        data_key="fields",
        error_messages=REQUIRED,
        metadata={"description": "the new values by field name"},
    )
    reason = Text(
        required=True,
        multiline=True,
        validate=validate.Length(min=1, max=2000),
        error_messages=REQUIRED,
        metadata={"description": "why (变更原因)"},
    )
    evidence = fields.List(
        fields.Nested(EvidenceSchema),
        load_default=list,
        validate=validate.Length(max=20),
        metadata={"description": "references to the evidence (证明材料)"},
    )

    @post_load
    def named_fields(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data["fields"] = data.pop("new_fields")
        return data
