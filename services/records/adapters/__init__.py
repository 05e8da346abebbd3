"""What talks to a file format on the records service's behalf: the information
sheet's template (.xlsx, CSV)."""
