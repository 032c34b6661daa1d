-- os.time with a table: its field rules and errors, mktime's normalisation and the
-- fields it writes back, os.difftime and os.clock. What is printed does not depend on the
-- local zone: times are compared with each other or read back with os.date("*t").

local function fields(t)
  return string.format("%d-%02d-%02d %02d:%02d:%02d wday=%d yday=%d %s", t.year, t.month,
    t.day, t.hour, t.min, t.sec, t.wday, t.yday, type(t.isdst))
end

print("types", math.type(os.time()), math.type(os.time{year = 2020, month = 1, day = 1}))
local base = os.time{year = 2000, month = 1, day = 1, hour = 12}
print("noon default", os.time{year = 2000, month = 1, day = 1} == base)
print("read back", fields(os.date("*t", base)))
print("round trip", os.time(os.date("*t", 1234567890)) == 1234567890)

-- Normalisation: out-of-range fields carry into the next ones, as mktime does.
local cases = {
  {year = 2000, month = 14, day = 1, hour = 12},
  {year = 2000, month = 0, day = 1, hour = 12},
  {year = 2000, month = -13, day = 1, hour = 12},
  {year = 2000, month = 3, day = 0, hour = 12},
  {year = 2001, month = 3, day = 0, hour = 12},
  {year = 2000, month = 1, day = 400, hour = 12},
  {year = 2000, month = 1, day = 1, hour = 12, min = -1},
  {year = 2000, month = 1, day = 1, hour = 12, sec = 3600 * 5 + 61},
  {year = 2000, month = 1, day = 31, hour = 12, min = 24 * 60},
  {year = 1900, month = 2, day = 29, hour = 12},
  {year = 2024, month = 2, day = 29, hour = 12, min = 30, sec = 15},
  {year = 1, month = 1, day = 1, hour = 12},
  {year = "2000", month = "6", day = 15.0, hour = 12},
}
for _, c in ipairs(cases) do
  local t = os.time(c)
  -- Whole days from `base` (rounded: a daylight-saving change moves a time by an hour).
  print(fields(c), math.floor((t - base) / 86400 + 0.5))
end

-- The fields are read through __index and written back through __newindex, in
-- lua5.4's order.
local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k)
    log[#log + 1] = "get " .. k
    if k == "year" then return 2020 elseif k == "month" then return 13 elseif k == "day" then return 1 end
  end,
  __newindex = function(_, k, v) log[#log + 1] = "set " .. k .. "=" .. type(v) end,
})
print(pcall(os.time, proxy))
print(table.concat(log, " "))

-- Errors, in the order lua5.4 reads the fields.
local bad = {
  {}, {year = 2000}, {year = 2000, month = 1}, {year = "x", month = 1, day = 1},
  {year = 2000, month = 1.5, day = 1}, {year = 2000, month = 1, day = 1, hour = "x"},
  {year = 2000, month = 1, day = 1, min = {}}, {year = 2000, month = 1, day = 1, sec = true},
  {year = 2^31 + 1900, month = 1, day = 1}, {year = -2^31 + 1899, month = 1, day = 1},
  {year = 2000, month = 2^31 + 1, day = 1}, {year = 2000, month = 1, day = -2^31 - 1},
  {year = 2000, month = 1, day = 1, hour = 2^31},
  {year = 2^31 + 1899, month = 12, day = 31, hour = 23, min = 59, sec = 60},
  {month = "x"},
}
for i, t in ipairs(bad) do print(i, pcall(os.time, t)) end
print(pcall(os.time, 1))
print(pcall(os.time, "2000"))

print("difftime", os.difftime(10, 3), os.difftime(-1, 1), math.type(os.difftime(1, 1)))
print(pcall(os.difftime, 1))
print(pcall(os.difftime, 1.5, 1))
print(pcall(os.difftime, nil, 1))
local c = os.clock()
print("clock", math.type(c), c >= 0, os.clock() >= c)
