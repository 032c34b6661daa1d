-- load with a reader function.
local function reader_from(pieces)
  local i = 0
  return function()
    i = i + 1
    return pieces[i]
  end
end
local f = load(reader_from({"return ", "1 ", "+ ", "41"}))
print("pieces", f())
-- pieces split in the middle of tokens
local g = load(reader_from({"ret", "urn 'hel", "lo' .. ", "'!'"}))
print("split tokens", g())
-- single characters
local src = "local t = {} for i = 1, 3 do t[i] = i * i end return table.concat(t, ',')"
local pos = 0
local h = load(function()
  pos = pos + 1
  if pos <= #src then return src:sub(pos, pos) end
end)
print("char by char", h())
-- empty string ends the chunk
local k = load(reader_from({"return 'first'", "", "error('never read')"}))
print("empty piece ends", k())
-- nil ends the chunk
print("nil ends", load(reader_from({"return 7"}))())
-- reader returning nothing at once: empty chunk
print("empty chunk", select("#", load(function() return nil end)()))
-- chunk name for reader functions
print("default name", pcall(load(reader_from({"error('from reader')"}))))
print("custom name", pcall(load(reader_from({"error('x')"}), "=reader")))
-- syntax error from reader
print("syntax error", load(reader_from({"return ", "+"}), "=rd"))
-- reader returning a non-string
-- (numbers are accepted as pieces: "return 1" .. "42")
print("number piece", load(reader_from({"return 1", 42}))())
-- errors raised while reading are returned by load; these run inside pcall so that
-- no message handler of an enclosing protected call decorates the message
print("bad piece table", pcall(load, function() return {} end))
-- reader that errors
print("reader error", pcall(load, function() error("reader failed") end))
print("reader error table", pcall(function() local fn, e = load(function() error({}) end); return fn, type(e) end))
-- the reader is called until it returns nil; count calls
local calls = 0
local parts = {"return ", "'x'"}
load(function() calls = calls + 1; return parts[calls] end)
print("reader calls", calls)
-- env and mode with a reader
local env = {v = "from env"}
print("reader with env", load(reader_from({"return v"}), "=e", "t", env)())
print("reader mode b", load(reader_from({"return 1"}), "=m", "b"))
-- large chunk through a reader
local lines = {}
for i = 1, 200 do lines[#lines + 1] = "x" .. i .. " = " .. i .. "\n" end
lines[#lines + 1] = "return x1 + x200"
local envbig = {}
print("large", load(reader_from(lines), "=big", "t", envbig)())
