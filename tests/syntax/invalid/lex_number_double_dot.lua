local x = 3..2
