local x = 1 +
