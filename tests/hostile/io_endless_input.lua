-- Reads that never end: /dev/zero has no end of file and no newline, so "a", "l" and a
-- huge count each grow one string until memory runs out; numbers past 200 digits stop.
local f = assert(io.open("/dev/zero"))
print(pcall(f.read, f, "a"))
print(pcall(f.read, f, "l"))
print(pcall(f.read, f, 1 << 46))
print(pcall(f.read, f, "n"))
print(#f:read(10))
for l in f:lines(1e6) do end
