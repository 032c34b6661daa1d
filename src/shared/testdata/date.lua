-- Cases for src/shared/date_lib.rs. Run as
--   TZ=UTC lua5.4 date.lua > date.txt
-- (TZ=UTC: the local-time cases must not depend on the machine's zone).
-- Lines: "D<TAB>format<TAB>time<TAB>result" for os.date, "T<TAB>fields<TAB>result" for
-- os.time; results are "ok ..." or "err <message>", bytes outside printable ASCII as \ddd.

local function esc(s)
  return (s:gsub("[^ -~]", function(c) return string.format("\\%03d", c:byte()) end)
           :gsub("\\(%d)", "\\%1"))
end

local function showtm(t)
  return string.format("%d-%d-%d %d:%d:%d w%d y%d %s", t.year, t.month, t.day, t.hour,
    t.min, t.sec, t.wday, t.yday, tostring(t.isdst))
end

local function msg(e) return (tostring(e):gsub("^bad argument #(%d+) to '[^']*' %((.*)%)$", "arg %1: %2")) end

local all = "%a|%A|%b|%B|%c|%C|%d|%D|%e|%F|%g|%G|%h|%H|%I|%j|%m|%M|%n|%p|%r|%R|%S|%t|%T|%u|%U|%V|%w|%W|%x|%X|%y|%Y|%z|%Z|%%"
local mods = "%Ec|%EC|%Ex|%EX|%Ey|%EY|%Od|%Oe|%OH|%OI|%Om|%OM|%OS|%Ou|%OU|%OV|%Ow|%OW|%Oy"

local times = {0, -1, 1, 59, 3600, 43199, 43200, 86399, 86400, 951782400, 951868800,
  978307199, 1000000000, 1234567890, 1700000000, 2147483647, 2147483648, 4102444800,
  -62135596800, -62167219200, -62198755200, -100000000000, 253402300799, 253402300800,
  1000000000000, -1000000000000, -2208988800, -2203891200, 67767976233316800,
  67768036191676800, -67768040609740800, -67768040609740801}
-- ISO weeks around the turn of many years.
for y = 1995, 2030 do
  for _, d in ipairs{-4, -3, -2, -1, 0, 1, 2, 3, 4} do
    times[#times + 1] = os.time{year = y, month = 1, day = 1 + d, hour = 6}
  end
end
-- A pseudo-random spread (a fixed linear congruential sequence).
local x = 12345
for _ = 1, 200 do
  x = (x * 1103515245 + 12345) % 2147483648
  times[#times + 1] = (x - 1073741824) * 7919
end

local function date(fmt, t)
  local ok, r = pcall(os.date, fmt, t)
  if not ok then return "err " .. msg(r) end
  if type(r) == "table" then return "ok " .. showtm(r) end
  return "ok " .. r
end

for _, t in ipairs(times) do
  for _, f in ipairs{"!" .. all, "!" .. mods, all:gsub("|%%Z", ""), "!*t", "*t"} do
    print(string.format("D\t%s\t%d\t%s", esc(f), t, esc(date(f, t))))
  end
end
for _, f in ipairs{"!%Ez abc", "!%E", "!%", "!%q\0x", "!%O", "!%Oz", "!%EE", "!%5d",
                   "!%-d", "!%k", "!x%Y%", "", "!", "!*t\0zz", "*tx", "!%Oy%%%n", "%%%"} do
  print(string.format("D\t%s\t%d\t%s", esc(f), 86400, esc(date(f, 86400))))
end

local function time(fields)
  local t = {}
  local names = {"year", "month", "day", "hour", "min", "sec", "isdst"}
  for i, name in ipairs(names) do
    local v = fields[i]
    if v == "x" then t[name] = "x"
    elseif v == "true" then t[name] = true
    elseif v == "false" then t[name] = false
    elseif v ~= "_" then t[name] = math.tointeger(v) end
  end
  local ok, r = pcall(os.time, t)
  if not ok then return "err " .. msg(r) end
  return "ok " .. r .. " " .. showtm(t)
end

local cases = {
  "2000,1,1,_,_,_,_", "2000,1,1,0,0,0,_", "2000,14,1,0,0,0,_", "2000,0,1,0,0,0,_",
  "2000,-13,1,0,0,0,_", "2000,3,0,0,0,0,_", "2000,3,-30,0,0,0,_", "2001,3,0,0,0,0,_",
  "2000,1,1,0,0,-1,_", "2000,1,1,-25,0,0,_", "2000,1,1,0,-1441,0,_", "2000,1,400,0,0,0,_",
  "1970,1,1,0,0,-1,_", "1970,1,1,0,0,0,_", "1969,12,31,23,59,58,_", "2000,1,1,0,0,0,true",
  "2000,1,1,0,0,0,false", "_,1,1,0,0,0,_", "2000,_,1,0,0,0,_", "2000,1,_,0,0,0,_",
  "x,1,1,0,0,0,_", "2000,x,1,0,0,0,_", "2000,1,1,x,0,0,_", "2000,1,1,0,0,x,_",
  "2147485547,1,1,0,0,0,_", "2147485548,1,1,0,0,0,_", "-2147481748,1,1,0,0,0,_",
  "-2147481749,1,1,0,0,0,_", "2000,2147483648,1,0,0,0,_", "2000,2147483649,1,0,0,0,_",
  "2000,-2147483647,1,0,0,0,_", "2000,-2147483648,1,0,0,0,_", "2000,1,2147483647,0,0,0,_",
  "2000,1,2147483648,0,0,0,_", "2000,1,-2147483648,0,0,0,_", "2000,1,-2147483649,0,0,0,_",
  "2000,1,1,2147483647,2147483647,2147483647,_", "2000,1,1,-2147483648,-2147483648,-2147483648,_",
  "2147485547,12,31,23,59,59,_", "2147485547,12,31,23,59,60,_", "2147485547,13,1,0,0,0,_",
  "-2147481748,1,1,0,0,0,_", "-2147481748,1,1,0,0,-1,_", "-2147481748,0,1,0,0,0,_",
  "1,1,1,0,0,0,_", "0,2,29,0,0,0,_", "-1,2,29,0,0,0,_", "1900,2,29,0,0,0,_",
  "2100,2,29,0,0,0,_", "2400,2,29,0,0,0,_", "2024,2,29,12,30,15,_",
}
x = 777
for _ = 1, 100 do
  local f = {}
  for i, range in ipairs{{1, 4000}, {-30, 30}, {-400, 400}, {-100, 100}, {-3000, 3000}, {-100000, 100000}} do
    x = (x * 1103515245 + 12345) % 2147483648
    f[i] = tostring(range[1] + x % (range[2] - range[1] + 1))
  end
  f[7] = "_"
  cases[#cases + 1] = table.concat(f, ",")
end
for _, c in ipairs(cases) do
  local fields = {}
  for v in c:gmatch("[^,]+") do fields[#fields + 1] = v end
  print(string.format("T\t%s\t%s", c, esc(time(fields))))
end
