local s = "a\qb"
