-- Many blank lines and comments precede the error.



-- comment on line 5




-- comment on line 10




-- comment on line 15




-- comment on line 20




-- comment on line 25




-- comment on line 30




-- comment on line 35




local ok = true
local broken = = 1
