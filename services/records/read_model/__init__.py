"""The records read side: the read tables kept in step with the appended events (in
the append's transaction), the queries on them and the views that shape answers."""
