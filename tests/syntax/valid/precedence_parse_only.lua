-- parse-only
-- Operator combinations that parse fine but fail (or would be meaningless)
-- when run, because the operands are nil.
local a, b, c, d, e, f, h
local r1 = a < b < c
local r2 = a .. b .. c .. d
local r3 = -a ^ -b ^ c
local r4 = not a == b ~= c
local r5 = #a .. #b
local r6 = a & b | c ~ a << b >> c
local r7 = a or b and c or not a
local r8 = ~a ~ ~b
local r9 = a // b % c * a / b
local r10 = a.b.c:d(e)[f]"g"{h}[[i]]
local r11 = a > b >= c <= d
local r12 = - - - - a
local r13 = a + b .. c + d .. e
local r14 = (a)(b)(c)
local r15 = a[b][c][d]
