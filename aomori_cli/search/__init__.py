"""Search: the index and its scoring (index), and resolving what a user typed (resolve)."""
