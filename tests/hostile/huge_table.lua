-- A table of a billion elements: 'not enough memory' or the work limit, never an abort.
local t = {}
for i = 1, 1e9 do t[i] = i end
print(#t)
