"""The services' RPC contracts: the marshmallow schemas of each service's RPC inputs and
answers, one package per service and one module per feature. The services load their
input with them; the gateway validates requests and describes them in its OpenAPI document
with the same schemas."""
