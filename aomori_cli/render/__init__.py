"""Tables and views for people: the only package that imports Rich (base: the console and the
one table builder; views: each command's view)."""
