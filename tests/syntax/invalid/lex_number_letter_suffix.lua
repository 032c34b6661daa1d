local x = 3a
