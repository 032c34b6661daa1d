local x = 1 
