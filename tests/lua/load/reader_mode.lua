-- load with a reader: the mode is checked on the chunk's first byte, so a reader whose
-- chunk is of a refused kind is not called again (one that never ends would otherwise be
-- read forever)
local function endless(piece, limit)
  local calls = 0
  return function()
    calls = calls + 1
    if calls > limit then error("read past the first piece") end
    return piece
  end, function() return calls end
end

local r, count = endless("\27Lua", 1000)
print(load(r, "=bin", "t"))
print("calls", count())

r, count = endless("return 1 ", 1000)
print(load(r, "=text", "b"))
print("calls", count())

r, count = endless(42, 1000)
print(load(r, "=number", "b"))
print("calls", count())

-- an empty first piece ends the chunk: an empty text chunk
r, count = endless("", 1000)
print(load(r, "=empty", "b"))
print("calls", count())
r, count = endless("", 1000)
print(type(load(r, "=empty", "t")), count())

-- the accepted kind is read to the end
local pieces = { "return ", "1 ", "+ 2", nil }
local i = 0
local f = load(function() i = i + 1; return pieces[i] end, "=ok", "t")
print(f(), i)

-- mode and chunk name are checked before the reader is called
local called = false
print(pcall(load, function() called = true end, "=x", {}))
print(pcall(load, function() called = true end, {}, "t"))
print("called", called)
