"""The values both sides of a boundary check against, pure Python: a contract's schema
validates with them and the owning service's domain decides with them, so neither side
imports the other. One module per service; nothing here imports a framework."""
