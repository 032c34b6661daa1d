-- Regenerates pattern_random.txt (read by pattern.rs's random_against_lua test):
--   lua5.4 pattern_random.lua > pattern_random.txt
-- Random patterns (well-formed or not) over small subjects. Each line holds, TAB-separated:
-- subject, pattern, init, then the results of string.find(s, p, init) (a plain search when
-- p has no specials, as the Rust side reproduces), string.gsub(s, p, "<%0>"), and all steps
-- of string.gmatch(s, p). Results as in pattern.lua: "|"-separated, or "error: " message;
-- bytes outside 32..126 and "\" are written \ddd.
math.randomseed(20260501)
local tokens = {".", "a", "b", ".", "a", "b", "a*", "b-", "%a+", ".?", "(a)", "(.-)", "%a", "%d", "%s", "%", "[ab]", "[^a]", "[a-c]", "[%a]", "(", ")",
                "()", "%1", "%2", "%0", "%b()", "%bab", "%f[a]", "%f[%w]", "*", "+", "-", "?", "^",
                "$", "[", "]", "%%", "%(", " ", "1", "[]]", "[^]]", "%z", "%A"}
local chars = {"a", "a", "b", "(", ")", "1", " ", "%", "\0", "]"}
local function encode(s)
  return (s:gsub(".", function(c)
    local b = c:byte()
    if b < 32 or b > 126 or b == 92 then return string.format("\\%03d", b) end
  end))
end
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  return table.concat(t, "|", 1, t.n)
end
local function try(f)
  local ok, r = pcall(f)
  if ok then return r end
  return "error: " .. tostring(r):gsub("^[^:]*:%d+: ", "")
end
for _ = 1, 2500 do
  local s = {}
  for i = 1, math.random(0, 10) do s[i] = chars[math.random(#chars)] end
  s = table.concat(s)
  local p = {}
  for i = 1, math.random(0, 6) do p[i] = tokens[math.random(#tokens)] end
  p = table.concat(p)
  local init = math.random(-3, 12)
  local found = try(function() return show(string.find(s, p, init)) end)
  local subst = try(function() return show(string.gsub(s, p, "<%0>")) end)
  local steps = try(function()
    local out = {}
    for a, b in string.gmatch(s, p) do out[#out + 1] = "[" .. show(a, b) .. "]" end
    return table.concat(out)
  end)
  print(table.concat({encode(s), encode(p), init, encode(found), encode(subst), encode(steps)}, "\t"))
end
