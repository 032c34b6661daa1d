-- Only the loader's first result counts.
return "first", "second", "third"
