-- debug.traceback: the text of each level, levels, messages, threads, truncation.

local function show(label, tb)
  print("-- " .. label)
  print(tb)
end

-- How each level is named: global, local, method, field, upvalue, main chunk.
function global_fn() return debug.traceback("in global") end
show("global", global_fn())

local function local_fn() return debug.traceback("in local", 1) end
show("local", (local_fn()))

local obj = {}
function obj:method() return debug.traceback() end
function obj.field() return debug.traceback("field") end
show("method", obj:method())
show("field", (obj.field()))

local function outer()
  local function inner() return debug.traceback("upvalue") end
  local function caller() return (inner()) end
  return (caller())
end
show("upvalue", outer())

-- An anonymous function passed around is named by where it was defined.
local function apply(f) return (f()) end
show("anonymous", apply(function() return debug.traceback("anon") end))

-- Tail calls leave a mark.
local function tail_target() return debug.traceback("tail") end
local function tail_caller() return tail_target() end
show("tail call", tail_caller())

-- Levels: 0 includes traceback itself, a level past the stack gives no levels.
show("level 0", debug.traceback("zero", 0))
show("level 2", (function() return debug.traceback("two", 2) end)())
show("level 50", debug.traceback("far", 50))
show("negative level", debug.traceback("neg", -1))

-- Messages: numbers are converted, other non-strings are returned untouched.
show("number msg", debug.traceback(42))
local t = {}
print("table msg", debug.traceback(t) == t)
print("nil msg", (debug.traceback(nil):gsub("\n.*", "")))
print("boolean msg", debug.traceback(false))

-- Library functions in the stack are named by their global names.
local ok, tb = pcall(debug.traceback, "through pcall")
show("pcall", tb)
show("sort comparator", (function()
  local r
  table.sort({3, 1, 2}, function(a, b) r = r or debug.traceback("cmp"); return a < b end)
  return r
end)())

-- A coroutine's traceback: level 0 is the yield; from inside, its own levels only.
local co = coroutine.create(function(x)
  local function deep() coroutine.yield(debug.traceback("inside")) end
  deep()
  return "done"
end)
local _, inside = coroutine.resume(co, 1)
show("inside coroutine", inside)
show("suspended coroutine", debug.traceback(co))
show("suspended coroutine, msg and level", debug.traceback(co, "msg", 1))
coroutine.resume(co)
show("dead coroutine", debug.traceback(co, "dead"))
local wrapped = coroutine.wrap(function() coroutine.yield(debug.traceback("wrapped")) end)
show("wrap", wrapped())

-- Deep stacks show the first 10 and the last 11 levels.
local function recurse(n)
  if n == 0 then return debug.traceback("deep") end
  return (recurse(n - 1))
end
show("depth 19", recurse(19))
show("depth 20", recurse(20))
show("depth 21", recurse(21))
show("depth 40", recurse(40))
