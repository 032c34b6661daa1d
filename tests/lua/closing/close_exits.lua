-- <close> on break, return, goto, and in generic for.
local log = {}
local function res(name)
  return setmetatable({}, {__close = function(_, err)
    log[#log + 1] = name .. (err == nil and "" or ("!" .. tostring(err)))
  end})
end
local function flush(label) print(label, table.concat(log, " ")); log = {} end

for i = 1, 5 do
  local r <close> = res("b" .. i)
  if i == 2 then break end
end
flush("break")

local function early(x)
  local a <close> = res("a")
  if x then
    local b <close> = res("b")
    return "early"
  end
  return "late"
end
print("return value", early(true))
flush("return early")
print("return value", early(false))
flush("return late")

-- return values are computed before closing
local function retval()
  local t = {v = "before"}
  local r <close> = setmetatable({}, {__close = function() t.v = "after" end})
  return t.v, t
end
local v, t = retval()
print("computed before close", v, t.v)

-- goto out of a block
do
  local i = 0
  ::again::
  do
    local r <close> = res("g" .. i)
    i = i + 1
    if i < 3 then goto again end
  end
end
flush("goto backward")

do
  do
    local r <close> = res("jump")
    goto out
  end
  ::out::
  log[#log + 1] = "after label"
end
flush("goto forward")

-- generic for closing value (4th value) closed when loop ends or breaks
local function iter_with_close(n, name)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end, nil, nil, res(name)
end
for _ in iter_with_close(2, "forclose") do end
flush("for normal end")
for i in iter_with_close(5, "forbreak") do if i == 2 then break end end
flush("for break")
local function find_first()
  for i in iter_with_close(5, "forreturn") do if i == 3 then return i end end
end
print("for return", find_first())
flush("for return close")

-- tail call: closing happens before the call? (return f() with <close> is not a tail call)
local function target() log[#log + 1] = "target runs"; return "t" end
local function caller()
  local r <close> = res("caller")
  return target()
end
print("caller", caller())
flush("return call with close")
