-- Regenerates pattern_expected.txt (expected by pattern.rs's against_lua test) from
-- pattern_cases.txt:   lua5.4 pattern.lua < pattern_cases.txt > pattern_expected.txt
-- Each case is a line of TAB-separated fields: kind, subject, pattern, then per kind
--   find S P [init [plain]]   match S P [init]   gmatch S P [init]
--   gsub S P repl [max]       gsubf S P [max]    gsubt S P
-- gsubf replaces with function(...) return "<" .. table.concat({...}, ",") .. ">" end,
-- gsubt with a table whose __index gives "{" .. key .. "}". In fields, \ddd is a byte.
-- Output: one line per case, the results separated by "|", or "error: " and the message
-- (without the caller's position, which the engine adds);
-- gmatch writes each step's captures as [c1,c2]. Bytes outside 32..126 and "\" are \ddd.
local function decode(s)
  return (s:gsub("\\(%d%d%d)", function(d) return string.char(tonumber(d)) end))
end
local function encode(s)
  return (s:gsub(".", function(c)
    local b = c:byte()
    if b < 32 or b > 126 or b == 92 then return string.format("\\%03d", b) end
  end))
end
local function join(t, n, sep)
  local parts = {}
  for i = 1, n do parts[i] = tostring(t[i]) end
  return table.concat(parts, sep)
end
local function run(kind, s, p, a, b)
  if kind == "find" then
    local r = table.pack(string.find(s, p, tonumber(a), b == "true"))
    return join(r, r.n, "|")
  elseif kind == "match" then
    local r = table.pack(string.match(s, p, tonumber(a)))
    return join(r, r.n, "|")
  elseif kind == "gmatch" then
    local out = {}
    local it = string.gmatch(s, p, tonumber(a))
    while true do
      local r = table.pack(it())
      if r[1] == nil then break end
      out[#out + 1] = "[" .. join(r, r.n, ",") .. "]"
    end
    return table.concat(out)
  elseif kind == "gsub" then
    local r, n = string.gsub(s, p, a, tonumber(b))
    return r .. "|" .. n
  elseif kind == "gsubf" then
    local r, n = string.gsub(s, p, function(...)
      return "<" .. join(table.pack(...), select("#", ...), ",") .. ">"
    end, tonumber(a))
    return r .. "|" .. n
  elseif kind == "gsubt" then
    local t = setmetatable({}, {__index = function(_, k) return "{" .. tostring(k) .. "}" end})
    local r, n = string.gsub(s, p, t)
    return r .. "|" .. n
  end
  error("unknown kind " .. kind)
end
for line in io.lines() do
  local f = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = decode(field) end
  local ok, r = pcall(run, f[1], f[2], f[3] or "", f[4], f[5])
  -- (the engines, not the matcher, add the "file:line:" of the caller to messages)
  if not ok then r = "error: " .. tostring(r):gsub("^[^:]*:%d+: ", "") end
  print(encode(r))
end
