-- debug.getlocal at levels: which named locals are active at each kind of point (blocks
-- that ended, loop conditions, loop bodies and their hidden state, `repeat ... until`,
-- iterator calls, compile-time constants), and setlocal on them. (While a block's end,
-- a break or a goto closes variables, lua5.4 shows registers the handler's call
-- overwrote; the reference does not model that, so it is not tested here.) Every call leaves no temporaries below it (a statement call, or the
-- only value of a `local`), so the list is the named locals alone.

local function names(level)
  local out = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(level + 1, i)
    if not name then break end
    local t = type(value)
    if t == "function" or t == "table" or t == "thread" then value = t end
    out[#out + 1] = name .. "=" .. tostring(value)
    i = i + 1
  end
  return table.concat(out, " ")
end

local function show(label) print(label, names(2)) end

local function blocks(p)
  local a = 1
  do
    local b = 2
    show("nested block")
  end
  show("after block")
  local k <const> = 10   -- a compile-time constant: no register, not listed
  local r <const> = {}   -- a run-time constant: listed
  show("constants")
  if p then
    local c = 3
    show("then arm")
  else
    local d = 4
    show("else arm")
  end
  return a + k
end
blocks(true)
blocks(false)

local function loops()
  local n = 0
  local function cond() print("while condition", names(2)); n = n + 1; return n < 3 end
  while cond() do
    local w = n
    show("while body")
  end
  repeat
    local u = n
    local function last() print("until condition", names(2)); return true end
  until last()
  for i = 10, 12, 2 do
    local sq = i * i
    show("numeric for")
  end
  for i = 1.5, 2.5 do show("float for") end
  local t = {x = 1}
  local function iter(s, c)
    print("iterator call", names(2))
    if c == nil then return "x", 1 end
  end
  for k, v in iter, t, nil do
    show("generic for")
  end
end
loops()

-- setlocal on a named local of a calling level, and on one captured by a closure.
local function setter(level, n, v) return debug.setlocal(level + 1, n, v) end
local function changes()
  local plain, captured = 1, 2
  local function get() return captured end
  print("setlocal", setter(1, 1, "P"), setter(1, 2, "C"), setter(1, 9, "none"))
  print("values", plain, captured, get())
end
changes()

-- Another coroutine's suspended level.
local co = coroutine.create(function(a)
  local b = a + 1
  do local hidden = 0 end
  for i = 1, 1 do
    local c = b + 1
    coroutine.yield()
    print("in co after setlocal", c)
  end
end)
coroutine.resume(co, 1)
local i, out = 1, {}
while true do
  local name, v = debug.getlocal(co, 1, i)
  if not name then break end
  out[#out + 1] = name .. "=" .. tostring(v)
  i = i + 1
end
print("co level", table.concat(out, " "))
print("co setlocal", debug.setlocal(co, 1, 7, "changed"))
coroutine.resume(co)
