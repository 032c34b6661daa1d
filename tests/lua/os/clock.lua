-- os.clock counts the process's CPU time, as C's clock(): time spent waiting for a
-- child process is not counted, time spent computing is.
local c0 = os.clock()
assert(os.execute("sleep 0.3"))
print("waiting costs no cpu time", os.clock() - c0 < 0.2)

local c1 = os.clock()
local x = 0
for i = 1, 300000 do x = x + i % 7 end
print("computing does", os.clock() > c1, x)

print(math.type(os.clock()), os.clock() >= 0)
