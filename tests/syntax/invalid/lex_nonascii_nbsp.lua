local x = 1
