-- line 1-- line 3

-- line 5

-- line 7

-- line 9
local x = = 1
