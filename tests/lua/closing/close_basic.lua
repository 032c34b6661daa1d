-- <close> variables: block end, reverse order, nil/false values.
local log = {}
local function res(name)
  return setmetatable({name = name}, {__close = function(self, err)
    log[#log + 1] = self.name .. (err == nil and "" or ("!" .. tostring(err)))
  end})
end
local function flush(label) print(label, table.concat(log, " ")); log = {} end

do
  local a <close> = res("a")
  log[#log + 1] = "in-block"
end
flush("block end")

do
  local a <close> = res("a")
  local b <close> = res("b")
  local c <close> = res("c")
end
flush("reverse order")

do
  local x <close> = nil
  local y <close> = false
  local z <close> = res("z")
end
flush("nil and false allowed")

do
  local a <close> = res("outer")
  do
    local b <close> = res("inner")
  end
  log[#log + 1] = "between"
end
flush("nested blocks")

-- close in a function body on normal return
local function f()
  local r <close> = res("func")
  log[#log + 1] = "body"
end
f()
flush("function end")

-- multiple values: only one variable allowed per <close> declaration, others plain
do
  local plain, cl <close> = 1, res("second")
  log[#log + 1] = "plain=" .. plain
end
flush("mixed declaration")

-- the value is still accessible in the block
do
  local r <close> = res("visible")
  log[#log + 1] = "name=" .. r.name
end
flush("visible")

-- closing value in loops: closed at the end of each iteration
for i = 1, 3 do
  local r <close> = res("iter" .. i)
end
flush("loop iterations")

-- while loop body
local n = 0
while n < 2 do
  n = n + 1
  local r <close> = res("w" .. n)
end
flush("while iterations")

-- __close return values are ignored
do
  local r <close> = setmetatable({}, {__close = function() return "ignored", 1, 2 end})
end
print("return ignored", "ok")
