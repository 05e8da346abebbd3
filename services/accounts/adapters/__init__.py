"""What talks to a file format or a library on the accounts service's behalf: sheets in and
out (the teacher import, its template, the roster export) and credentials (password
hashing, signed tokens)."""
