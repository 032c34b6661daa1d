-- json: a small JSON encoder and recursive-descent decoder written in Lua, round-tripping
-- generated nested data (objects, arrays, strings with escapes, integers, fractions,
-- booleans, null). Object keys are written in sorted order so the text never depends on
-- pairs() order. Size: the number of top-level records.
local n = tonumber(arg and arg[1]) or 300

local byte, char, sub, find, format = string.byte, string.char, string.sub, string.find,
  string.format
local concat, sort = table.concat, table.sort
local floor = math.floor

local NULL = {}                          -- the decoded form of `null`
local Array = {}                         -- metatable marking a table as a JSON array

---------------------------------------------------------------- encoder
local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\t'] = '\\t',
  ['\r'] = '\\r' }
local function escape_char(c)
  return escapes[c] or format("\\u%04x", byte(c))
end

local encode_value
local function encode_string(s, out)
  out[#out + 1] = '"' .. s:gsub('[%c"\\]', escape_char) .. '"'
end

function encode_value(v, out)
  local t = type(v)
  if t == "string" then
    encode_string(v, out)
  elseif t == "number" then
    if floor(v) == v then out[#out + 1] = format("%d", v)
    else out[#out + 1] = format("%.2f", v) end
  elseif t == "boolean" then
    out[#out + 1] = v and "true" or "false"
  elseif v == NULL then
    out[#out + 1] = "null"
  elseif getmetatable(v) == Array then
    out[#out + 1] = "["
    for i = 1, #v do
      if i > 1 then out[#out + 1] = "," end
      encode_value(v[i], out)
    end
    out[#out + 1] = "]"
  else
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    sort(keys)
    out[#out + 1] = "{"
    for i = 1, #keys do
      if i > 1 then out[#out + 1] = "," end
      encode_string(keys[i], out)
      out[#out + 1] = ":"
      encode_value(v[keys[i]], out)
    end
    out[#out + 1] = "}"
  end
end

local function encode(v)
  local out = {}
  encode_value(v, out)
  return concat(out)
end

---------------------------------------------------------------- decoder
local text, pos                          -- decoder state: the input and the next index

local function skip_space()
  pos = find(text, "[^ \t\r\n]", pos) or #text + 1
end

local function fail(what)
  error(format("json: %s at %d", what, pos))
end

local decode_value

local unescapes = { [34] = '"', [92] = '\\', [47] = '/', [110] = '\n', [116] = '\t',
  [114] = '\r', [98] = '\b', [102] = '\f' }
local function decode_string()
  pos = pos + 1                          -- opening quote
  local parts = {}
  while true do
    local at = find(text, '["\\]', pos)
    if not at then fail("unterminated string") end
    parts[#parts + 1] = sub(text, pos, at - 1)
    if byte(text, at) == 34 then
      pos = at + 1
      return concat(parts)
    end
    local e = byte(text, at + 1)
    if e == 117 then                     -- \uXXXX (ASCII range only in this encoder)
      parts[#parts + 1] = char(tonumber(sub(text, at + 2, at + 5), 16))
      pos = at + 6
    else
      parts[#parts + 1] = unescapes[e] or fail("bad escape")
      pos = at + 2
    end
  end
end

local function decode_number()
  local s, e = find(text, "^-?%d+", pos)
  if not s then fail("bad number") end
  local s2, e2 = find(text, "^%.%d+", e + 1)
  if s2 then e = e2 end
  local v = tonumber(sub(text, pos, e))
  pos = e + 1
  return v
end

local function decode_array()
  pos = pos + 1
  local arr = setmetatable({}, Array)
  skip_space()
  if byte(text, pos) == 93 then pos = pos + 1; return arr end
  while true do
    arr[#arr + 1] = decode_value()
    skip_space()
    local c = byte(text, pos)
    pos = pos + 1
    if c == 93 then return arr end
    if c ~= 44 then fail("expected , or ]") end
  end
end

local function decode_object()
  pos = pos + 1
  local obj = {}
  skip_space()
  if byte(text, pos) == 125 then pos = pos + 1; return obj end
  while true do
    skip_space()
    if byte(text, pos) ~= 34 then fail("expected key") end
    local k = decode_string()
    skip_space()
    if byte(text, pos) ~= 58 then fail("expected :") end
    pos = pos + 1
    obj[k] = decode_value()
    skip_space()
    local c = byte(text, pos)
    pos = pos + 1
    if c == 125 then return obj end
    if c ~= 44 then fail("expected , or }") end
  end
end

function decode_value()
  skip_space()
  local c = byte(text, pos)
  if c == 123 then return decode_object()
  elseif c == 91 then return decode_array()
  elseif c == 34 then return decode_string()
  elseif c == 116 and sub(text, pos, pos + 3) == "true" then pos = pos + 4; return true
  elseif c == 102 and sub(text, pos, pos + 4) == "false" then pos = pos + 5; return false
  elseif c == 110 and sub(text, pos, pos + 3) == "null" then pos = pos + 4; return NULL
  else return decode_number() end
end

local function decode(s)
  text, pos = s, 1
  local v = decode_value()
  skip_space()
  if pos <= #text then fail("trailing text") end
  text = nil
  return v
end

---------------------------------------------------------------- generated data
local seed = 2024
local function rnd(k)                    -- Park-Miller generator, exact in doubles and ints
  seed = (seed * 16807) % 2147483647
  return seed % k
end

local alphabet = 'abcdefghij KLMNOP_0123"\\\n\t\1/'
local function gen_string()
  local len = rnd(12)
  local cs = {}
  for i = 1, len do
    local k = rnd(#alphabet) + 1
    cs[i] = sub(alphabet, k, k)
  end
  return concat(cs)
end

local function gen(depth)
  local kind = rnd(depth > 0 and 9 or 6)
  if kind == 0 then return rnd(100000) - 50000
  elseif kind == 1 then return rnd(2000) - 1000 + (rnd(3) + 1) / 4
  elseif kind == 2 or kind == 3 then return gen_string()
  elseif kind == 4 then return rnd(2) == 0
  elseif kind == 5 then return NULL
  elseif kind == 6 then
    local a = setmetatable({}, Array)
    for i = 1, rnd(6) do a[i] = gen(depth - 1) end
    return a
  else
    local o = {}
    for _ = 1, rnd(6) do o["k" .. rnd(30)] = gen(depth - 1) end
    return o
  end
end

---------------------------------------------------------------- the round trip
local records = setmetatable({}, Array)
for i = 1, n do
  records[i] = { id = i, name = gen_string(), tags = gen(1), body = gen(4) }
end

local first = encode(records)
local decoded = decode(first)
local second = encode(decoded)
local again = encode(decode(second))

local h = 0
for i = 1, #second, 7 do h = (h * 31 + byte(second, i)) % 1000000007 end
print(format("records = %d  length = %d  round trip %s  hash = %d",
  #decoded, #second, (first == second and second == again) and "ok" or "MISMATCH", h))
