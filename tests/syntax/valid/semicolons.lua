;;;
-- Semicolons are empty statements and optional separators.
local a = 1; local b = 2;
print(a + b);
;do ; end;
if a then ; end
for i = 1, 1 do ; ; end
while false do ; end
repeat ; until true
local function f() ; return 1; end
print(f());
local t = {1; 2; 3;}
print(#t);
(print)("parenthesised callee after a semicolon");
local s = "x"; (function() print("iife after a semicolon") end)()
local x, y = 1, 2; x, y = y, x; print(x, y)
;;
