-- Big strings dropped at once: the collector must see their bytes (5 GB made in all).
local piece = ("x"):rep(1e4)
for i = 1, 1000 do local s = piece:rep(500) end
print(collectgarbage("count") < 1e6)
