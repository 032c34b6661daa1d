-- string.gmatch.
local words = {}
for w in ("the quick  brown fox"):gmatch("%a+") do words[#words + 1] = w end
print("words", #words, table.concat(words, ","))

local kv = {}
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do kv[#kv + 1] = k .. ":" .. v end
print("pairs", table.concat(kv, " "))

local pos = {}
for p in ("abcabc"):gmatch("()b") do pos[#pos + 1] = p end
print("positions", table.concat(pos, ","))

-- empty matches advance by one
local e = {}
for m in ("abc"):gmatch("x*") do e[#e + 1] = "[" .. m .. "]" end
print("empty matches", #e, table.concat(e))

local e2 = {}
for a, b in ("abc"):gmatch("()x*()") do e2[#e2 + 1] = a .. "-" .. b end
print("empty positions", table.concat(e2, " "))

-- after a non-empty match, an empty match at the same position is skipped
local e3 = {}
for m in ("aaXbb"):gmatch("a*") do e3[#e3 + 1] = "[" .. m .. "]" end
print("mixed empty", table.concat(e3))

-- '^' is not an anchor in gmatch (lua5.4 matches it literally)
local an = {}
for m in ("aaa"):gmatch("^a") do an[#an + 1] = m end
print("caret gmatch", #an)
local an2 = {}
for m in ("^a^a"):gmatch("^a") do an2[#an2 + 1] = m end
print("caret literal", #an2, an2[1])

-- init argument (5.4)
local fromi = {}
for m in ("one two three"):gmatch("%a+", 5) do fromi[#fromi + 1] = m end
print("init", table.concat(fromi, ","))
local negi = {}
for m in ("one two three"):gmatch("%a+", -5) do negi[#negi + 1] = m end
print("neg init", table.concat(negi, ","))

-- iterator can be called manually
local it = ("1 2 3"):gmatch("%d")
print("manual", it(), it(), it(), it())

-- lines
local lines = {}
for line in ("l1\nl2\n\nl4"):gmatch("([^\n]*)\n?") do lines[#lines + 1] = "<" .. line .. ">" end
print("lines", table.concat(lines))

-- csv-like split with empty fields
local fields = {}
for fld in ("a,,b,"):gmatch("([^,]*)") do fields[#fields + 1] = "<" .. fld .. ">" end
print("split", table.concat(fields))

print("malformed", pcall(function() for _ in ("x"):gmatch("[") do end end))
