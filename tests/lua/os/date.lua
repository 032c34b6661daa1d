-- os.date with "!" (UTC) on fixed times: every conversion lua5.4 accepts, the table form,
-- and the argument errors. Nothing here depends on the clock or the local zone.

local all = "%a|%A|%b|%B|%c|%C|%d|%D|%e|%F|%g|%G|%h|%H|%I|%j|%m|%M|%n|%p|%r|%R|%S|%t|%T|%u|%U|%V|%w|%W|%x|%X|%y|%Y|%z|%Z|%%"
local mods = "%Ec|%EC|%Ex|%EX|%Ey|%EY|%Od|%Oe|%OH|%OI|%Om|%OM|%OS|%Ou|%OU|%OV|%Ow|%OW|%Oy"

for _, t in ipairs{0, -1, 86399, 951782400, 1234567890, 1700000000, 2^31, -2^31,
                   -62135596800, -62167219200, 253402300800, 1e12, -1e12} do
  print(t, os.date("!" .. all, t))
  print(t, os.date("!" .. mods, t))
end

-- ISO weeks at the turn of the year.
for y = 2019, 2027 do
  local jan1 = (y - 1970) * 365 * 86400
  for d = -4, 4 do
    local t = 946684800 + ((y - 2000) * 365 + (y - 1997) // 4 - (y > 2100 and 1 or 0)) * 86400 + d * 86400
    io.write(os.date("!%F %a %G-W%V-%u %g %U %W|", t))
  end
  print()
end

print("default", os.date("!", 0) == "", os.date("!%c", 0))
print("literal", os.date("!100%% at %H:%M on day %j", 1000000))
local t = os.date("!*t", 1234567890)
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do io.write(k, "=", tostring(t[k]), " ") end
print()
print("*t with a zero byte", os.date("!*t\0x", 0).year)
print("*tx is a format", os.date("!*tx", 0))
print("integral float", os.date("!%Y", 86400.0), os.date("!%Y", "86400"))
print("types", type(os.date()), type(os.date("%c")), type(os.date("*t")), math.type(os.date("*t").year))
print("local table", type(os.date("*t", 0).isdst))

for _, f in ipairs{"!%Ez", "!%E", "!%", "!%q rest", "!%Oz", "!%EE", "!%5d", "!%-d", "!%k",
                   "!x%", "!%Q\0hidden"} do
  print(f, pcall(os.date, f, 0))
end
print(pcall(os.date, "!%Y", 1.5))
print(pcall(os.date, "!%Y", "x"))
print(pcall(os.date, "!%Y", {}))
print(pcall(os.date, {}, 0))
print(pcall(os.date, "!%Y", 2^60))
print(pcall(os.date, "!*t", -2^60))
print(pcall(os.date, "!%Y", math.maxinteger))
print("largest", os.date("!%Y-%m-%d", 67767976233316800))
