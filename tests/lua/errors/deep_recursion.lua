-- Recursion as deep as lua5.4 allows: it runs out of its 1,000,000 stack slots, not of a
-- frame count, so 400,000 levels of f(n - 1) (two slots each) and 900,000 levels of a
-- call without arguments (one slot each) run. moonlab once stopped at 200,000 frames.
local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end
for _, n in ipairs({150000, 250000, 400000}) do print("f", n, pcall(f, n)) end

local function count(n) if n == 0 then return "bottom" end return (count(n - 1)) end
print("tail-free", pcall(count, 450000))

local d = 0
local function g() d = d + 1; if d < 900000 then g() end end
print("no args", pcall(g), d)

-- Past the limit: "stack overflow", caught, at the depth lua5.4 reaches (within a level
-- or two of slots), and again after the stack shrank back.
local function h() d = d + 1; h() end
for i = 1, 3 do
  d = 0
  local ok, msg = pcall(h)
  print("overflow", i, ok, msg, d > 999900 and d <= 1000000)
end
local function two(x) d = d + 1; two(x) end
d = 0
print("two slots", pcall(two, 1))
print("depth", d > 499900 and d <= 500000)

-- A big frame overflows earlier, on slots.
local src = "local d = 0; local function big() d = d + 1; local "
for i = 1, 149 do src = src .. "x" .. i .. ", " end
src = src .. "x150; big() end; return pcall(big), d"
local ok, depth = load(src)()
print("big frames", ok, depth > 6500 and depth < 6700)
