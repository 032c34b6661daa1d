-- A hundred thousand nested pcalls that each rethrow: C stack overflow at about 200 levels.
local function f(n)
  if n == 0 then error("bottom") end
  local ok, e = pcall(f, n - 1)
  error(e, 0)
end
print(pcall(f, 100000))
