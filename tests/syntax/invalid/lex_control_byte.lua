local x = 1
