-- The main chunk is a vararg function and may end with a return statement;
-- values returned by a script run with lua5.4 are ignored.
local function f(...)
  return ...;
end
print(f("a", "b"))
print(select('#', ...), ... == nil)
return f(1, 2), "ignored";
