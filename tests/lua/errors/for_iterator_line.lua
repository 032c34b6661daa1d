-- The line of a generic for's iterator calls is where its expression list starts (the
-- line after `in`), not the line of `for`: errors in the call say so.
print(pcall(load("\n local a \n for k,v in 3 \n do \n print(k) \n end")))
print(pcall(load("\n\n for k,v in \n 3 \n do \n print(k) \n end")))
print(pcall(load("for k in\n\n  nil, 1\n do end")))
print(pcall(load("local t = {f = 1}\nfor k in\n t\n .f do end")))
print(pcall(load("local function it() error('in iterator', 2) end\nfor k in\n it do end")))
